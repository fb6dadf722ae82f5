import base64
import io
from datetime import timedelta

import qrcode

from odoo import fields, models

from ..tools import amount_to_words

# Days the debtor is given by each letter tone
LETTER_DEADLINE_DAYS = {"first": 10, "second": 8}


class DebtCollectionCase(models.Model):
    """Values shown by the dunning letters (PDF, e-mail body and portal share them)."""

    _inherit = "debt.collection.case"

    def _get_letter_invoices(self):
        """Open, undisputed invoices, oldest first."""
        self.ensure_one()
        return self.invoice_ids.filtered(
            lambda inv: (
                not inv.collection_disputed
                and inv.payment_state in ("not_paid", "partial")
                and inv.state == "posted"
            )
        ).sorted(lambda inv: (inv.invoice_date_due or fields.Date.today(), inv.id))

    def _get_letter_tone(self):
        """'first' for the strategy's first letter, 'second' for the later, firmer ones."""
        self.ensure_one()
        letters = self.strategy_id.stage_ids.filtered(lambda s: s.action_type == "letter")
        stage = self.stage_id if self.stage_id.action_type == "letter" else self.next_stage_id
        # a case that joined its ladder late gets the first, courteous letter all the same
        contacted = any(
            action.outbound and action.result == "sent" and action.channel in ("email", "letter")
            for action in self.action_ids
        )
        if stage and letters and stage != letters[:1] and contacted:
            return "second"
        return "first"

    def _get_letter_amount_due(self):
        self.ensure_one()
        return sum(self._get_letter_invoices().mapped("amount_residual_signed"))

    def _get_letter_amount_words(self):
        """Total due in words, lower case, in the debtor's language."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        return amount_to_words(self._get_letter_amount_due(), self.currency_id, lang)

    def _get_letter_deadline(self):
        self.ensure_one()
        days = LETTER_DEADLINE_DAYS[self._get_letter_tone()]
        return fields.Date.context_today(self) + timedelta(days=days)

    def _get_letter_bank_accounts(self):
        """Only the creditor's own accounts are given for payment (CG-14)."""
        self.ensure_one()
        creditor = self.creditor_id or self.company_id.partner_id
        return creditor.bank_ids or self.company_id.partner_id.bank_ids

    def _get_letter_portal_url(self):
        self.ensure_one()
        self._portal_ensure_token()
        return self.get_base_url() + self.get_portal_url()

    def _get_letter_qr_src(self):
        """QR code of the debtor's page as a data URI: renders offline in wkhtmltopdf."""
        self.ensure_one()
        image = qrcode.make(self._get_letter_portal_url(), box_size=4, border=1)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
