"""A plan proposed and signed on the debtor's page."""

import base64
import binascii
import uuid

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError


class DebtCollectionPlan(models.Model):
    """A plan the consultant proposes on the debtor's page; the debtor accepts it by signing
    online, which keeps the signed agreement's PDF on the plan and confirms it (with the same
    approval rules as a confirmation in the back office)."""

    _inherit = "debt.collection.plan"

    portal_proposed = fields.Boolean(
        string="Proposed on the Debtor's Page",
        readonly=True,
        copy=False,
        tracking=True,
        help="The debtor sees this draft plan on their page and can accept it by signing.",
    )
    signature = fields.Image(max_width=1024, max_height=1024, copy=False, attachment=True)
    signed_by = fields.Char(readonly=True, copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)
    agreement_attachment_id = fields.Many2one(
        "ir.attachment", string="Signed Agreement", readonly=True, copy=False, ondelete="restrict"
    )
    creditor_decision = fields.Selection(
        [("approved", "Approved"), ("rejected", "Rejected")],
        string="Creditor's Decision",
        readonly=True,
        copy=False,
        tracking=True,
    )
    creditor_decision_note = fields.Text(string="Creditor's Note", readonly=True, copy=False)
    creditor_decided_by_id = fields.Many2one(
        "res.partner", string="Decided by", readonly=True, copy=False
    )
    creditor_decided_on = fields.Datetime(string="Decided On", readonly=True, copy=False)

    def action_portal_propose(self):
        """Show this draft plan to the debtor, who accepts it by signing on their page."""
        self.ensure_one()
        self.check_access("write")
        if self.state != "draft":
            raise UserError(self.env._("Only a draft plan can be proposed to the debtor."))
        self._check_schedule()
        self.portal_proposed = True
        case = self.case_id
        case._portal_ensure_token()
        case.message_post(
            body=self.env._(
                "We propose you the instalment plan %(name)s: %(total)s in %(count)s "
                "instalments. You can read it and accept it by signing on your page.",
                name=self.name,
                total=self.currency_id.format(self.amount_total),
                count=len(self.line_ids),
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def action_portal_withdraw(self):
        self.ensure_one()
        self.check_access("write")
        if self.state != "draft" or not self.portal_proposed:
            raise UserError(self.env._("This plan is not waiting for the debtor's signature."))
        self.portal_proposed = False

    def _portal_state_label(self):
        """The plan's state as the debtor reads it: a proposal is not a "Draft" to them, it
        waits for their signature; a signed one waits for our approval."""
        self.ensure_one()
        if self.state == "draft" and self.portal_proposed and not self.signed_on:
            return self.env._("Proposed: waiting for your signature")
        if self.state == "to_approve" or (self.state == "draft" and self.signed_on):
            return self.env._("Signed: waiting for our approval")
        states = dict(self._fields["state"]._description_selection(self.env))
        return states.get(self.state, "")

    def _portal_can_sign(self):
        self.ensure_one()
        return self.state == "draft" and self.portal_proposed and not self.signed_on

    def _portal_sign(self, name, signature):
        """The debtor signs the proposed plan (called on the plan of the case that
        ``_document_check_access`` returned)."""
        self.ensure_one()
        if not self._portal_can_sign() or self.case_id.is_closed:
            raise ValidationError(self.env._("This plan is not waiting for your signature."))
        name = (name or "").strip()[:200]
        if not name:
            raise ValidationError(self.env._("Please type your name."))
        try:
            if not signature or not base64.b64decode(signature, validate=True):
                raise ValidationError(self.env._("Please sign in the box."))
        except (binascii.Error, ValueError) as error:
            raise ValidationError(self.env._("The signature could not be read.")) from error
        self._check_schedule()
        self.write({"signed_by": name, "signed_on": fields.Datetime.now(), "signature": signature})
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(lang=self.partner_id.lang or self.env.lang)
            ._render_qweb_pdf("debt_collection.action_report_collection_plan", self.ids)
        )
        self.agreement_attachment_id = self.env["ir.attachment"].create(
            {
                "name": self.env._("Signed agreement %(name)s.pdf", name=self.name),
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.case_id._portal_post_request(
            self.env._("I accept and sign the instalment plan %(name)s.", name=self.name),
            Markup(""),
            self.agreement_attachment_id,
        )
        self.env["debt.collection.action"]._log(
            {
                "case_id": self.case_id.id,
                "stage_id": self.case_id.stage_id.id,
                "channel": "manual",
                "result": "note",
                "user_id": self.case_id.user_id.id or self.env.user.id,
                "note": self.env._(
                    "Plan %(plan)s signed online by %(name)s.", plan=self.name, name=name
                ),
            }
        )
        # the approval rule of action_confirm, with the debtor never taken for a manager (the
        # record the portal route hands over runs as the superuser, who passes every group check)
        self._collection_submit(by_manager=False)
        return self.agreement_attachment_id

    # ------------------------------------------------------------------
    # The creditor's approval (agency mode: above the settlement authority of the mandate)
    # ------------------------------------------------------------------

    def _portal_creditor_can_decide(self, creditor):
        self.ensure_one()
        return (
            self.state == "to_approve"
            and self.approval_by == "creditor"
            and self.case_id.creditor_id == creditor
            and not self.case_id.is_closed
        )

    def _portal_creditor_decide(self, creditor, approve, note=""):
        """The creditor approves the plan (it runs) or rejects it (it returns to the
        consultant as a draft, with the creditor's note in an activity). Called on a plan of
        ``creditor``'s portfolio (``res.partner._portal_plan_to_approve``)."""
        self.ensure_one()
        if not self._portal_creditor_can_decide(creditor):
            raise ValidationError(self.env._("This plan is not waiting for your approval."))
        case = self.case_id
        note = case._portal_clean_text(note)
        if not approve and not note:
            raise ValidationError(
                self.env._(
                    "Please say why you reject the plan: the consultant will use your note to "
                    "propose another."
                )
            )
        author = self.env.user.partner_id
        if approve:
            self._check_schedule()
        self.write(
            {
                "creditor_decision": "approved" if approve else "rejected",
                "creditor_decision_note": note,
                "creditor_decided_by_id": author.id,
                "creditor_decided_on": fields.Datetime.now(),
            }
        )
        text = (
            self.env._("Plan %(name)s approved by the creditor.", name=self.name)
            if approve
            else self.env._("Plan %(name)s rejected by the creditor.", name=self.name)
        )
        # an internal note: the debtor never reads what the creditor wrote
        body = Markup("<p>%s</p>") % text
        if note:
            body += Markup("<p>%s</p>") % note
        self.message_post(body=body, author_id=author.id, subtype_xmlid="mail.mt_note")
        self.env["debt.collection.action"]._log(
            {
                "case_id": case.id,
                "stage_id": case.stage_id.id,
                "channel": "manual",
                "result": "note",
                "user_id": case.user_id.id or self.env.user.id,
                "note": text,
                # a portal's step: the consultant's queue still shows the case until read
                "step_key": f"portal:creditor:{self.id}:{uuid.uuid4().hex}",
            }
        )
        if approve:
            self._start()
            return True
        self.write({"state": "draft", "approval_by": False, "portal_proposed": False})
        case._portal_ask_consultant(
            self.env._("Plan %(name)s rejected by the creditor: propose another", name=self.name),
            note,
        )
        return False
