"""Direct-debit orders and their lines tell the instalments they collect."""

from odoo import fields, models


class AccountPaymentLine(models.Model):
    _inherit = "account.payment.line"

    collection_plan_line_id = fields.Many2one(
        "debt.collection.plan.line",
        string="Instalment",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
    )


class AccountPaymentOrder(models.Model):
    _inherit = "account.payment.order"

    def generated2uploaded(self):
        """The bank took the file: the payments are posted and reconciled with the invoices,
        so the instalments are collected and their plans follow the books."""
        res = super().generated2uploaded()
        # sudo: internal, the accountant who sends the order may not work the cases; the
        # instalments are only those of this order's own lines
        self.payment_line_ids.collection_plan_line_id.sudo()._collection_debit_collected()
        return res

    def action_cancel(self):
        """A cancelled order gives its instalments back to the next one."""
        lines = self.payment_line_ids.collection_plan_line_id
        res = super().action_cancel()
        # sudo: as in generated2uploaded, this order's own instalments only
        lines.sudo().filtered(lambda l: l.debit_state in ("ordered", "collected")).write(
            {"debit_state": "notified"}
        )
        lines.sudo().plan_id._evaluate(fields.Date.context_today(self))
        return res
