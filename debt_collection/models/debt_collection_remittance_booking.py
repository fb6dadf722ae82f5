"""The remittance's entries: the commission invoice, the creditor's vendor bill, the netting
of the two and the payment of the bill from the client-money account."""

from odoo import Command, fields, models
from odoo.tools.misc import format_date


class DebtCollectionRemittance(models.Model):
    _inherit = "debt.collection.remittance"

    def _commission_label(self):
        return self.env._(
            "Collection commission %(start)s - %(end)s",
            start=format_date(self.env, self.date_from),
            end=format_date(self.env, self.date_to),
        )

    def _post_commission_invoice(self):
        """The agency's invoice to the creditor for its commission and fees (VAT included)."""
        mandate = self.mandate_id
        commission = self.amount_commission_untaxed
        fees = self.amount_fees_untaxed
        total = commission + fees
        if self.currency_id.is_zero(commission) and self.currency_id.is_zero(fees):
            return self.env["account.move"]
        sign = -1 if total < 0 else 1
        taxes = self._commission_taxes()
        lines = [
            Command.create(
                {
                    "name": name,
                    "account_id": account.id,
                    "quantity": 1.0,
                    "price_unit": sign * amount,
                    "tax_ids": [Command.set(taxes.ids)],
                }
            )
            for name, account, amount in (
                (self._commission_label(), mandate.commission_account_id, commission),
                (
                    self.env._("Collection fees borne by the creditor"),
                    mandate.fee_account_id,
                    fees,
                ),
            )
            if not self.currency_id.is_zero(amount)
        ]
        invoice = self.env["account.move"].create(
            self._prepare_creditor_move_values(
                "out_invoice" if sign > 0 else "out_refund", mandate.commission_journal_id, lines
            )
        )
        invoice.action_post()
        return invoice

    def _prepare_creditor_move_values(self, move_type, journal, lines):
        """Values of an invoice or bill between the agency and the creditor for this
        remittance, dated today, with these line commands (hook)."""
        return {
            "move_type": move_type,
            "journal_id": journal.id,
            "partner_id": self.creditor_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self.name,
            "invoice_origin": self.name,
            "invoice_line_ids": lines,
        }

    def _post_bill(self):
        """What the agency owes the creditor: everything collected, as a vendor bill clearing
        the creditor's "collected, to remit" account."""
        mandate = self.mandate_id
        # the fees debtors paid were never the creditor's money
        collected = self.currency_id.round(self.amount_collected - self.amount_debtor_fees)
        if self.currency_id.is_zero(collected):
            return self.env["account.move"]
        bill = self.env["account.move"].create(
            self._prepare_creditor_move_values(
                "in_invoice" if collected > 0 else "in_refund",
                mandate.purchase_journal_id,
                [
                    Command.create(
                        {
                            "name": self.env._(
                                "Collected for you %(start)s - %(end)s",
                                start=format_date(self.env, self.date_from),
                                end=format_date(self.env, self.date_to),
                            ),
                            "account_id": mandate.collected_account_id.id,
                            "quantity": 1.0,
                            "price_unit": abs(collected),
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            )
        )
        bill.action_post()
        return bill

    def _post_netting(self, invoice, bill):
        """Net mode: the commission invoice is paid out of the bill (one entry, reconciled)."""
        if invoice.move_type != "out_invoice" or bill.move_type != "in_invoice":
            return self.env["account.move"]
        receivable = invoice.line_ids.filtered(lambda l: l.account_type == "asset_receivable")
        payable = bill.line_ids.filtered(lambda l: l.account_type == "liability_payable")
        amount = min(invoice.amount_residual, bill.amount_residual)
        if self.currency_id.is_zero(amount):
            return self.env["account.move"]
        label = self.env._("Commission netted: %(name)s", name=self.name)
        common = {"partner_id": self.creditor_id.id, "name": label}
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.mandate_id.entry_journal_id.id,
                "date": fields.Date.context_today(self),
                "ref": label,
                "line_ids": [
                    Command.create(
                        {**common, "account_id": payable.account_id.id, "balance": amount}
                    ),
                    Command.create(
                        {**common, "account_id": receivable.account_id.id, "balance": -amount}
                    ),
                ],
            }
        )
        entry.action_post()
        for counterpart in (receivable, payable):
            line = entry.line_ids.filtered(lambda l, c=counterpart: l.account_id == c.account_id)
            (counterpart | line).reconcile()
        return entry

    def _pay_bill(self, bill):
        if bill.move_type != "in_invoice" or bill.currency_id.is_zero(bill.amount_residual):
            return self.env["account.payment"]
        register = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create(
                {
                    "journal_id": self.mandate_id.bank_journal_id.id,
                    "payment_date": fields.Date.context_today(self),
                }
            )
        )
        return register._create_payments()
