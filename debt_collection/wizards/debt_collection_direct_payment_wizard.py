"""Wizard: the creditor reports a direct payment of the debtor."""

from odoo import fields, models


class DebtCollectionDirectPaymentWizard(models.TransientModel):
    """The creditor reports that the debtor paid it directly: the debt is reduced, nothing is
    remitted, and the agency earns its commission if the mandate says so."""

    _name = "debt.collection.direct.payment.wizard"
    _description = "Payment Received by the Creditor"

    placement_id = fields.Many2one("debt.collection.placement", required=True, readonly=True)
    currency_id = fields.Many2one(related="placement_id.currency_id")
    amount_residual = fields.Monetary(related="placement_id.amount_residual")
    amount = fields.Monetary(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    note = fields.Char()

    def action_confirm(self):
        self.ensure_one()
        self.placement_id._report_direct_payment(self.amount, self.date, self.note)
        return {"type": "ir.actions.act_window_close"}
