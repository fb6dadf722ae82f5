from odoo import models

# Results of a step whose document reached (or was handed over for) the debtor
SENT_RESULTS = ("sent", "delivered")


class DebtCollectionCase(models.Model):
    """The debtor's page belongs to this addon: its URL, the link letters print, what it lists."""

    _inherit = "debt.collection.case"

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for case in self:
            case.access_url = f"/my/debts/{case.id}"
        return res

    def _get_portal_services(self):
        """The page shows what is due and the letters sent; paying, promising and disputing
        from it come later (letters offer only what the page does)."""
        return super()._get_portal_services() | {"view"}

    def _get_letter_portal_url(self):
        """The tokenised link (and QR code) printed on letters: the debtor's page exists."""
        self.ensure_one()
        self._portal_ensure_token()
        return self.get_base_url() + self.get_portal_url()

    def _portal_get_letters(self):
        """Steps whose document was sent to the debtor, newest first: the page offers exactly
        these PDFs (the letter as sent, never a re-rendering with today's stage and dates)."""
        self.ensure_one()
        return self.action_ids.filtered(
            lambda action: action.attachment_id and action.result in SENT_RESULTS
        ).sorted(lambda action: (action.date, action.id), reverse=True)

    def _portal_get_invoices(self):
        """The invoices the page lists: those the letters list (open, undisputed)."""
        self.ensure_one()
        return self._get_letter_invoices()

    def _portal_get_creditor_name(self):
        """Whom the debt is owed to. Sudo: a debtor reads no partner, but may read this name."""
        self.ensure_one()
        return (self.creditor_id or self.company_id.partner_id).sudo().name
