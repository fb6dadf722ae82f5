from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DebtCollectionStrategy(models.Model):
    _name = "debt.collection.strategy"
    _description = "Collection Strategy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Rules are tried in this order; the first match wins."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share with every company.")
    description = fields.Text(translate=True)
    stage_ids = fields.One2many("debt.collection.stage", "strategy_id", string="Stages", copy=True)
    # Selection rules
    debtor_type = fields.Selection(
        [("any", "Any Debtor"), ("consumer", "Consumers"), ("business", "Businesses")],
        default="any",
        required=True,
    )
    amount_min = fields.Float(string="Minimum Amount Due", help="In company currency.")
    amount_max = fields.Float(string="Maximum Amount Due", help="0 means no maximum.")
    limit_broken_promises = fields.Boolean(
        help="Only for debtors with at most a number of broken promises; "
        "off: any number of broken promises.",
    )
    max_broken_promises = fields.Integer(
        string="Broken Promises at Most",
        help="Only debtors with at most this many broken promises (0: none ever broken).",
    )
    min_broken_promises = fields.Integer(
        string="Broken Promises at Least",
        help="Only debtors with at least this many broken promises.",
    )
    creditor_ids = fields.Many2many(
        "res.partner",
        string="Creditors",
        help="Only for cases of these creditors (agency mode). Empty: any creditor.",
    )
    stage_count = fields.Integer(compute="_compute_stage_count")

    @api.depends("stage_ids")
    def _compute_stage_count(self):
        for strategy in self:
            strategy.stage_count = len(strategy.stage_ids)

    @api.constrains("min_broken_promises", "max_broken_promises")
    def _check_broken_promises(self):
        for strategy in self:
            if min(strategy.min_broken_promises, strategy.max_broken_promises) < 0:
                raise ValidationError(
                    self.env._("A number of broken promises cannot be negative.")
                )

    def _matches(self, amount, is_business, broken_promises, creditor):
        """Whether this strategy's rules accept a case with these characteristics."""
        self.ensure_one()
        if self.debtor_type == "consumer" and is_business:
            return False
        if self.debtor_type == "business" and not is_business:
            return False
        if amount < self.amount_min or (self.amount_max and amount > self.amount_max):
            return False
        if self.limit_broken_promises and broken_promises > self.max_broken_promises:
            return False
        if broken_promises < self.min_broken_promises:
            return False
        return not self.creditor_ids or creditor in self.creditor_ids

    @api.model
    def _select_for(self, company, amount, is_business, broken_promises=0, creditor=None):
        """First strategy (by sequence) whose rules fit; the caller's override wins over this."""
        strategies = self.search([("company_id", "in", [False, company.id])], order="sequence, id")
        creditor = creditor or self.env["res.partner"]
        for strategy in strategies:
            if strategy.stage_ids and strategy._matches(
                amount, is_business, broken_promises, creditor
            ):
                return strategy
        return strategies[:1]
