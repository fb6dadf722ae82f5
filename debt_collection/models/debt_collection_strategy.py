"""A ladder (strategy): which debts it takes, its stages and its calendar."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What a written notice is: a step that leaves the debtor something to read and keep
WRITTEN_ACTIONS = ("letter", "email")


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
        "off: any number of broken promises."
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
    catchup_days = fields.Integer(
        string="Catch-up Wait (days)",
        default=7,
        help="An old debt goes through the whole ladder, faster: while a case is behind the "
        "ladder's calendar, each step waits this many days at most (a letter's own payment "
        "deadline always runs out first).",
    )
    stage_count = fields.Integer(compute="_compute_stage_count")
    rules_summary = fields.Text(compute="_compute_rules_summary", string="How the Ladder Runs")

    @api.depends("stage_ids")
    def _compute_stage_count(self):
        for strategy in self:
            strategy.stage_count = len(strategy.stage_ids)

    @api.depends("catchup_days", "company_id.collection_min_spacing_days")
    def _compute_rules_summary(self):
        for strategy in self:
            spacing = (strategy.company_id or self.env.company).collection_min_spacing_days
            strategy.rules_summary = self.env._(
                "A young debt starts with the first step of the ladder. A debt found late "
                "starts with the first dunning letter: the first contact is always in writing. "
                "Every step follows the one before it, none is jumped over; a case behind the "
                "ladder's "
                "calendar waits at most %(catchup)s days between steps, and never less than "
                "%(spacing)s days between two contacts. A letter's payment deadline runs out "
                "before any firmer step. A home visit comes only after a letter was sent and a "
                "call attempted; the legal notice only after a letter was sent and its deadline "
                "passed. A step skipped for lack of contact data does not count as a written "
                "notice.",
                catchup=strategy.catchup_days,
                spacing=spacing,
            )

    @api.constrains("catchup_days")
    def _check_catchup_days(self):
        if any(strategy.catchup_days < 1 for strategy in self):
            raise ValidationError(self.env._("The catch-up wait must be at least one day."))

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

    # ------------------------------------------------------------------
    # The ladder's calendar: where a new case joins, when the next step is due
    # ------------------------------------------------------------------

    def _ladder_calendar(self, oldest_due):
        """{stage id: date} on which each step would fall had the case opened on time."""
        self.ensure_one()
        calendar, reference = {}, oldest_due
        for stage in self.stage_ids:
            reference = stage._date_after(oldest_due, reference)
            calendar[stage.id] = reference
        return calendar

    def _entry_stage(self, oldest_due, today):
        """(stage, date) where a new case joins the ladder: late in time, never late in steps.

        A young debt starts with the first step (the friendly reminder) while the ladder's
        calendar has not reached the second one; an older debt starts with the first dunning
        letter, so that the debtor's first contact is always a written one.
        """
        self.ensure_one()
        stages = self.stage_ids
        if not stages:
            return stages, False
        calendar = self._ladder_calendar(oldest_due)
        first = stages[0]
        if len(stages) == 1 or calendar[stages[1].id] > today:
            return first, calendar[first.id]
        letter = stages.filtered(lambda s: s.action_type == "letter")[:1]
        written = letter or stages.filtered(lambda s: s.action_type in WRITTEN_ACTIONS)[:1]
        return (written or first), today

    def _next_stage(self, stage):
        """The stage that follows ``stage`` on this ladder (empty at the end)."""
        self.ensure_one()
        return self.stage_ids.filtered(lambda s: (s.sequence, s.id) > (stage.sequence, stage.id))[
            :1
        ]

    def _next_step_date(self, following, oldest_due, today, last_contact=None, wait_until=None):
        """When ``following`` is due, its previous step being done (or skipped) ``today``.

        The stage's own wait, or the catch-up wait while the case is behind the ladder's
        calendar, whichever is shorter; never before the minimum spacing after the last
        contact, nor before ``wait_until`` (a letter's payment deadline).
        """
        self.ensure_one()
        due = following._date_after(oldest_due, today)
        if oldest_due and self._ladder_calendar(oldest_due).get(following.id, due) <= today:
            due = min(due, today + timedelta(days=self.catchup_days))
        company = self.company_id or self.env.company
        spacing = timedelta(days=max(company.collection_min_spacing_days, 0))
        candidates = [due, (last_contact or today) + spacing]
        if wait_until:
            candidates.append(wait_until)
        return max(candidates)
