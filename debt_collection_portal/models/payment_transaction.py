"""A payment made on the debtor's page is told in the case's chatter and log."""

from odoo import models


class PaymentTransaction(models.Model):
    """A payment made on the debtor's page is reconciled by account_payment like any invoice
    payment (the engine sees it from accounting); the case's chatter and log say it too."""

    _inherit = "payment.transaction"

    def _create_payment(self, **extra_create_values):
        payment = super()._create_payment(**extra_create_values)
        cases = self.invoice_ids.collection_case_id.filtered(lambda case: not case.is_closed)
        for case in cases:
            text = self.env._(
                "Payment received online: %(amount)s (%(reference)s).",
                amount=self.currency_id.format(self.amount),
                reference=self.reference,
            )
            case.message_post(body=text, message_type="comment", subtype_xmlid="mail.mt_comment")
            self.env["debt.collection.action"]._log(
                {
                    "case_id": case.id,
                    "stage_id": case.stage_id.id,
                    "channel": "manual",
                    "result": "note",
                    "note": text,
                }
            )
        return payment
