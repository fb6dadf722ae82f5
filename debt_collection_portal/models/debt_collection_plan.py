import base64
import binascii

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
        "ir.attachment",
        string="Signed Agreement",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )

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
        # as action_confirm, with the debtor never taken for a manager (the record the portal
        # route hands over runs as the superuser, who passes every group check)
        if self.needs_approval:
            self.state = "to_approve"
            self._request_approval()
        else:
            self._start()
        return self.agreement_attachment_id
