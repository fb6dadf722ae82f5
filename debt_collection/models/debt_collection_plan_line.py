from odoo import fields, models


class DebtCollectionPlanLine(models.Model):
    _name = "debt.collection.plan.line"
    _description = "Instalment"
    _order = "plan_id, date_due, id"

    plan_id = fields.Many2one(
        "debt.collection.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id", store=True)
    date_due = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    state = fields.Selection(
        [("open", "Open"), ("paid", "Paid"), ("missed", "Missed")],
        default="open",
        required=True,
    )
