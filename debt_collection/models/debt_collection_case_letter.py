"""The case's letter values: what the dunning letters (PDF, e-mail, portal) print."""

import base64
import io
from datetime import timedelta

import qrcode

from odoo import api, fields, models

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

    def _get_letter_action(self):
        """The letter step this letter belongs to: the latest letter queued or sent."""
        self.ensure_one()
        return self.action_ids.filtered(
            lambda a: a.channel == "letter" and a.result in ("scheduled", "sent", "delivered")
        ).sorted("id", reverse=True)[:1]

    def _get_letter_tone(self):
        """'first' when no letter was sent before this one, 'second' for the later, firmer
        ones: the wording follows the steps actually taken, not the stage's name."""
        self.ensure_one()
        action = self._get_letter_action()
        if action.letter_tone:
            return action.letter_tone
        return "second" if self._collection_letters_sent(before=action) else "first"

    def _collection_letters_sent(self, before=None):
        """Letters sent (or queued) on this case before ``before`` (an action), skipped ones
        not counted: a step without contact data is no written notice."""
        self.ensure_one()
        return self.action_ids.filtered(
            lambda a: (
                a.channel == "letter"
                and a.result in ("scheduled", "sent", "delivered")
                and (not before or a.id < before.id)
            )
        )

    def _get_letter_title(self):
        """The letter's title, also its file name: in the language of the context."""
        self.ensure_one()
        if self._get_letter_tone() == "first":
            return self.env._("Payment reminder")
        return self.env._("Second notice of payment")

    def _get_letter_amount_due(self):
        self.ensure_one()
        return sum(self._get_letter_invoices().mapped("amount_residual_signed"))

    def _get_letter_amount_words(self):
        """Total due in words, lower case, in the debtor's language."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        return amount_to_words(self._get_letter_amount_due(), self.currency_id, lang)

    @api.model
    def _get_letter_deadline_delta(self, tone):
        """How long a letter of this tone gives the debtor to pay."""
        return timedelta(days=LETTER_DEADLINE_DAYS[tone])

    def _get_letter_deadline(self):
        """The date the letter asks the debtor to pay by, fixed when the step was taken."""
        self.ensure_one()
        action = self._get_letter_action()
        if action.date_deadline:
            return action.date_deadline
        return fields.Date.context_today(self) + self._get_letter_deadline_delta(
            self._get_letter_tone()
        )

    def _get_letter_date(self):
        """The letter's date: the day its step was taken."""
        self.ensure_one()
        action = self._get_letter_action()
        return action.date.date() if action else fields.Date.context_today(self)

    def _get_letter_bank_accounts(self):
        """The accounts letters, agreements and the debtor's page give for payment."""
        self.ensure_one()
        return self._collection_payment_accounts()

    def _collection_payment_accounts(self):
        """The only bank accounts a debtor is told to pay into (CG-14): the company's own when
        it collects its own invoices. Letters, agreements, legal notices and the debtor's page
        all ask this one method."""
        self.ensure_one()
        creditor = self.creditor_id or self.company_id.partner_id
        return creditor.bank_ids or self.company_id.partner_id.bank_ids

    def _collection_letter_creditor(self):
        """The creditor the company writes on behalf of (agency mode), else an empty
        partner: the company writes for itself."""
        self.ensure_one()
        creditor = self.creditor_id.commercial_partner_id
        if creditor and creditor != self.company_id.partner_id:
            return creditor
        return self.env["res.partner"]

    def _get_portal_services(self):
        """What the debtor can do on their page, for the letters and e-mails to offer only
        that: a set among "view", "pay", "promise", "dispute". The portal addon fills it."""
        self.ensure_one()
        return set()

    def _get_letter_portal_url(self):
        """The debtor's page, printed on letters; False while no portal addon serves it."""
        self.ensure_one()
        return False

    def _get_letter_qr_src(self):
        """QR code of the debtor's page as a data URI: renders offline in wkhtmltopdf."""
        self.ensure_one()
        url = self._get_letter_portal_url()
        if not url:
            return False
        image = qrcode.make(url, box_size=4, border=1)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
