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


class PaymentReturnLine(models.Model):
    _inherit = "payment.return.line"

    def _find_match(self):
        """The EndToEndId of a debit in OCA's pain.008 is its payment's id, which the bank's
        return file gives back: a return of an instalment's debit finds its payment first."""
        for line in self.filtered(lambda l: not l.move_line_ids and (l.reference or "").isdigit()):
            payment = self.env["account.payment"].browse(int(line.reference)).exists()
            if (
                payment
                and payment.company_id == line.return_id.company_id
                and payment.payment_line_ids.collection_plan_line_id
            ):
                line.move_line_ids = payment.move_id.line_ids.filtered(
                    lambda aml: (
                        aml.account_id.account_type == "asset_receivable" and aml.reconciled
                    )
                )
        return super()._find_match()
