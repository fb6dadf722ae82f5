"""An e-mail written to the debtor from the case is a contact: the gate is asked first."""

from markupsafe import Markup

from odoo import api, fields, models

CASE_MODEL = "debt.collection.case"


class MailComposeMessage(models.TransientModel):
    """An e-mail a consultant writes to the debtor from the case is a contact like the
    engine's: the contact gate is asked first (CG-1..CG-5, CG-8) and the e-mail ends with the
    debtor's opt-out link (CG-3)."""

    _inherit = "mail.compose.message"

    collection_contact_warning = fields.Char(
        compute="_compute_collection_contact_warning",
        help="What the debtor's compliance regime says about an e-mail now.",
    )
    collection_override_reason = fields.Text(
        string="Reason to Send Anyway",
        help="Why the e-mail goes although the regime's hours or caps advise against it.",
    )

    @api.depends("model", "res_ids", "composition_mode", "subtype_id", "partner_ids")
    def _compute_collection_contact_warning(self):
        for composer in self:
            warnings = [
                reason
                for case in composer._collection_debtor_cases()
                for rule, reason in [case._collection_contact_refusal("email", None, None)]
                if rule
            ]
            composer.collection_contact_warning = " ".join(warnings) or False

    def _collection_debtor_cases(self):
        """The cases whose debtor this e-mail goes to (a note goes to nobody)."""
        self.ensure_one()
        if self.model != CASE_MODEL or self.composition_mode != "comment" or self.subtype_is_log:
            return self.env[CASE_MODEL]
        try:
            res_ids = self._evaluate_res_ids()
        except (ValueError, SyntaxError):
            return self.env[CASE_MODEL]
        cases = self.env[CASE_MODEL].browse(res_ids).exists()
        return cases.filtered(
            lambda case: (
                case.partner_id in self.partner_ids or case.partner_id in case.message_partner_ids
            )
        )

    def _action_send_mail_comment(self, res_ids):
        if self.model == CASE_MODEL:
            self._collection_check_gate()
        return super()._action_send_mail_comment(res_ids)

    def _collection_check_gate(self):
        for case in self._collection_debtor_cases():
            case._collection_check_manual_email(self.collection_override_reason)

    def _prepare_mail_values(self, res_ids):
        results = super()._prepare_mail_values(res_ids)
        if self.model == CASE_MODEL and self.composition_mode == "comment":
            cases = self._collection_debtor_cases()
            for case in cases.filtered(lambda c: c.id in results):
                values = results[case.id]
                # every e-mail to the debtor ends with their opt-out link (CG-3)
                values["body"] = Markup(values.get("body") or "") + case._collection_optout_html()
        return results
