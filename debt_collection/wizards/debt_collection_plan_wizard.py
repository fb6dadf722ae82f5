"""Wizard: propose an instalment schedule."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_round

FREQUENCIES = {
    "weekly": relativedelta(weeks=1),
    "fortnightly": relativedelta(weeks=2),
    "monthly": relativedelta(months=1),
}


class DebtCollectionPlanWizard(models.TransientModel):
    """Propose an instalment schedule; the plan is then edited and confirmed on its own form."""

    _name = "debt.collection.plan.wizard"
    _description = "New Instalment Plan"

    case_id = fields.Many2one("debt.collection.case", required=True, readonly=True)
    currency_id = fields.Many2one(related="case_id.currency_id")
    amount_due = fields.Monetary(
        compute="_compute_amount_due",
        string="Due Now",
        help="The open, undisputed invoices of the case: a disputed invoice is left out of a "
        "plan until the dispute is resolved.",
    )
    disputed_warning = fields.Char(compute="_compute_amount_due")
    amount_total = fields.Monetary(
        string="Agreed Total",
        compute="_compute_amount_total",
        store=True,
        readonly=False,
        help="What the debtor will pay; less than due for a settlement.",
    )
    down_payment = fields.Monetary()
    instalment_count = fields.Integer(string="Instalments", default=6)
    frequency = fields.Selection(
        [("weekly", "Weekly"), ("fortnightly", "Fortnightly"), ("monthly", "Monthly")],
        default="monthly",
        required=True,
    )
    date_first = fields.Date(
        string="First Payment",
        required=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(days=7),
    )

    @api.depends("case_id")
    def _compute_amount_due(self):
        for wizard in self:
            case = wizard.case_id
            invoices = case._collection_plan_invoices()
            wizard.amount_due = max(sum(invoices.mapped("amount_residual_signed")), 0.0)
            disputed = case._collection_open_invoices() - invoices
            # no text at all when nothing is disputed (an empty recordset would show as
            # "account.move()" in the warning box)
            wizard.disputed_warning = bool(disputed) and self.env._(
                "Disputed, left out of the plan: %(invoices)s (%(amount)s).",
                invoices=", ".join(disputed.mapped("name")),
                amount=case.currency_id.format(sum(disputed.mapped("amount_residual_signed"))),
            )

    @api.depends("amount_due")
    def _compute_amount_total(self):
        for wizard in self:
            wizard.amount_total = wizard.amount_due

    def _check_terms(self):
        self.ensure_one()
        rounding = self.currency_id.rounding
        if float_compare(self.amount_total, 0.0, precision_rounding=rounding) <= 0:
            raise ValidationError(self.env._("The agreed total must be positive."))
        if float_compare(self.amount_total, self.amount_due, precision_rounding=rounding) > 0:
            raise ValidationError(self.env._("The agreed total cannot be more than what is due."))
        if self.instalment_count < 1:
            raise ValidationError(self.env._("A plan needs at least one instalment."))
        if float_compare(self.down_payment, 0.0, precision_rounding=rounding) < 0 or (
            float_compare(self.down_payment, self.amount_total, precision_rounding=rounding) >= 0
        ):
            raise ValidationError(
                self.env._("The down payment must be positive and less than the agreed total.")
            )
        if self.date_first < fields.Date.context_today(self):
            raise ValidationError(self.env._("The first payment cannot be in the past."))

    def _instalment_date(self, index):
        """The date of the ``index``-th payment (0: the first), counted from the first date so
        that months keep their day: 30/12, 30/01, 28/02, 30/03... (end of month clamped)."""
        self.ensure_one()
        return self.date_first + FREQUENCIES[self.frequency] * index

    def _prepare_lines(self):
        """Equal instalments, the rounding difference on the last one."""
        self.ensure_one()
        lines = []
        if self.down_payment:
            lines.append({"amount": self.down_payment, "is_down_payment": True})
        rest = self.amount_total - self.down_payment
        each = float_round(
            rest / self.instalment_count, precision_rounding=self.currency_id.rounding
        )
        for index in range(self.instalment_count):
            last = index == self.instalment_count - 1
            amount = rest - each * (self.instalment_count - 1) if last else each
            lines.append({"amount": self.currency_id.round(amount)})
        return [
            fields.Command.create(
                {**vals, "date_due": self._instalment_date(index), "sequence": 10 * (index + 1)}
            )
            for index, vals in enumerate(lines)
        ]

    def action_propose(self):
        self.ensure_one()
        self.case_id.check_access("write")
        self.case_id._check_not_closed()
        self._check_terms()
        plan = self.env["debt.collection.plan"].create(
            {
                "case_id": self.case_id.id,
                "amount_due": self.amount_due,
                "amount_total": self.amount_total,
                "line_ids": self._prepare_lines(),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.collection.plan",
            "res_id": plan.id,
            "view_mode": "form",
            "target": "current",
        }
