"""One instalment of a plan."""

from odoo import fields, models
from odoo.exceptions import UserError


class DebtCollectionPlanLine(models.Model):
    _name = "debt.collection.plan.line"
    _description = "Instalment"
    _order = "plan_id, sequence, date_due, id"

    plan_id = fields.Many2one(
        "debt.collection.plan", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id", store=True)
    date_due = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    is_down_payment = fields.Boolean(string="Down Payment")
    state = fields.Selection(
        # "Pending", not the case's "Open": an instalment (cuota, rata) is feminine
        [("open", "Pending"), ("paid", "Paid"), ("missed", "Missed")],
        default="open",
        required=True,
        readonly=True,
    )

    def _collection_is_late(self, today, grace):
        """Whether this unpaid instalment counts as missed on ``today`` (a direct debit says
        more: see debt_collection_plan_line_debit.py)."""
        self.ensure_one()
        return self.date_due + grace < today

    def _collection_allocation_order(self):
        """The order in which what was paid covers these instalments: by date."""
        return self.sorted(lambda l: (l.date_due, l.id))

    def write(self, vals):
        if {"amount", "date_due", "plan_id"} & set(vals) and any(
            line.plan_id.state not in ("draft", "to_approve") for line in self
        ):
            raise UserError(self.env._("The instalments of an agreed plan cannot be changed."))
        return super().write(vals)
