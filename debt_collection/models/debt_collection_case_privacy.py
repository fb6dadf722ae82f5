"""The case's privacy: legal hold and anonymisation after the retention (PR-3)."""

from odoo import fields, models


class DebtCollectionCase(models.Model):
    """Privacy of a case: legal hold and anonymisation after the regime's retention (PR-3)."""

    _inherit = "debt.collection.case"

    collection_legal_hold = fields.Boolean(
        string="Legal Hold",
        tracking=True,
        help="Keep every record of this case: it is not anonymised after the retention period.",
    )
    collection_anonymised_date = fields.Date(string="Anonymised On", readonly=True, copy=False)

    def _collection_retention_blocked(self):
        """Whether the case must be kept as it is: under legal hold, handed to court
        (litigation) or with an invoice in dispute."""
        self.ensure_one()
        return (
            self.collection_legal_hold
            or self.state == "court"
            or any(self.invoice_ids.mapped("collection_disputed"))
        )

    def _collection_anonymise(self):
        """Remove the personal data of closed cases whose retention ended; the amounts and
        the accounting stay. Idempotent: an anonymised case is never touched again."""
        today = fields.Date.context_today(self)
        cases = self.filtered(lambda c: not c.collection_anonymised_date)
        if not cases:
            return cases
        removed = self.env._("[removed after the retention period]")
        actions = cases.action_ids.filtered(lambda a: a.note or a.contact_point or a.error)
        if actions:
            actions._log_update({"note": False, "contact_point": False, "error": False})
        # sudo: the chatter of the case may hold what the debtor wrote; the cron empties it
        messages = cases.sudo().message_ids.filtered(lambda m: m.body)
        messages.write({"body": removed})
        cases.write({"note": False, "hold_reason": False, "collection_anonymised_date": today})
        debtors = cases.partner_id.filtered(
            lambda p: all(c.collection_anonymised_date for c in p.collection_case_ids)
        )
        debtors.collection_contact_point_ids.unlink()
        return cases
