"""A returned direct debit (imported from the bank's file or entered by hand) reaches the plan."""

from odoo import models


class PaymentReturn(models.Model):
    _inherit = "payment.return"

    def action_confirm(self):
        """OCA's return takes the payment back from the invoices; the instalments it paid are
        then returned (or refunded) on their plans."""
        res = super().action_confirm()
        for return_line in self.line_ids:
            payments = return_line.move_line_ids.payment_id
            instalments = payments.payment_line_ids.collection_plan_line_id
            if not instalments:
                continue
            # sudo: internal, the accountant who confirms the return may not work the case;
            # only the instalments of the returned payments change
            instalments.sudo()._collection_debit_returned(
                return_line.reason_id.code,
                return_line.reason_id.name or "",
                return_line.date or self.date,
            )
        return res
