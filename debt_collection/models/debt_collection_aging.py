from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .debt_collection_case import CLOSED_STATES

# Aging buckets by days overdue: (key, label, first day)
AGING_BUCKETS = [
    ("b030", "1-30 days", 0),
    ("b060", "31-60 days", 31),
    ("b090", "61-90 days", 61),
    ("b180", "91-180 days", 91),
    ("b365", "181-365 days", 181),
    ("b999", "Over a year", 366),
]


class DebtCollectionAging(models.Model):
    """The aging of every open case at the end of a month: what roll rates are read from.

    Written by a monthly cron (the first day of a month, for the month just ended) and never
    by hand; the roll-rate report compares a month with the next.
    """

    _name = "debt.collection.aging"
    _description = "Monthly Aging of a Case"
    _order = "month desc, case_id"
    _check_company_auto = True

    month = fields.Date(required=True, index=True, help="First day of the month aged.")
    case_id = fields.Many2one(
        "debt.collection.case", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="restrict")
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Consultant", ondelete="set null")
    creditor_id = fields.Many2one("res.partner", ondelete="restrict")
    bucket = fields.Selection([(key, label) for key, label, _day in AGING_BUCKETS], required=True)
    days_overdue = fields.Integer()
    amount = fields.Monetary(string="Amount Due", currency_field="currency_id")

    _sql_constraints = [
        ("case_month_uniq", "unique(case_id, month)", "A case is aged once a month."),
    ]

    @api.model
    def _bucket_of(self, days):
        bucket = AGING_BUCKETS[0][0]
        for key, _label, first_day in AGING_BUCKETS:
            if days >= first_day:
                bucket = key
        return bucket

    @api.model
    def _snapshot(self, date_end):
        """Age every open case as of ``date_end`` (the month's last day); idempotent."""
        month = date_end.replace(day=1)
        done = set(self.sudo().search([("month", "=", month)]).case_id.ids)
        cases = (
            self.env["debt.collection.case"]
            .sudo()
            .search([("state", "not in", CLOSED_STATES), ("id", "not in", list(done))])
        )
        vals_list = []
        for case in cases.filtered(lambda c: not c.currency_id.is_zero(c.amount_residual)):
            days = max((date_end - case.date_due_oldest).days, 0) if case.date_due_oldest else 0
            vals_list.append(
                {
                    "month": month,
                    "case_id": case.id,
                    "company_id": case.company_id.id,
                    "user_id": case.user_id.id,
                    "creditor_id": case.creditor_id.id,
                    "bucket": self._bucket_of(days),
                    "days_overdue": days,
                    "amount": case.amount_residual,
                }
            )
        # sudo: the cron's own table; nobody writes it by hand
        return self.sudo().create(vals_list).sudo(self.env.su)

    @api.model
    def _cron_snapshot(self):
        """On the first days of a month: age the open cases as of the month just ended."""
        today = fields.Date.context_today(self)
        return self._snapshot(today.replace(day=1) - relativedelta(days=1))
