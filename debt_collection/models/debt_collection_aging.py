"""Reporting: the aging of every open case at each month's end."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Aging buckets by days overdue: (key, label, first day)
AGING_BUCKETS = [
    ("b030", "1-30 days", 0),
    ("b060", "31-60 days", 31),
    ("b090", "61-90 days", 61),
    ("b180", "91-180 days", 91),
    ("b365", "181-365 days", 181),
    ("b999", "Over a year", 366),
]
# months a company's first aging fills in from its books
HISTORY_MONTHS = 12


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
        ("case_month_uniq", "unique(case_id, month)", "A case is aged once a month.")
    ]

    @api.model
    def _bucket_of(self, days):
        bucket = AGING_BUCKETS[0][0]
        for key, _label, first_day in AGING_BUCKETS:
            if days >= first_day:
                bucket = key
        return bucket

    @api.model
    def _snapshot(self, date_end, companies=None):
        """Age every case that owed something at the end of ``date_end`` (the month's last
        day), as it stood then: what its invoices still owed after the payments and credits
        reconciled up to that day, and how late the oldest of them was. Idempotent.

        Read from the books rather than from today's case, so that a month can be aged
        afterwards (the first run fills the last months in) and says the same as if it had
        been aged on the day. The consultant is the one holding the case when it is aged.
        """
        month = date_end.replace(day=1)
        companies = companies if companies is not None else self.env["res.company"].search([])
        if not companies:
            return self.browse()
        self.env.flush_all()
        # receivable lines of the cases' posted invoices and credit notes dated by then; what
        # was reconciled with them up to then; a case closed before the day is not aged
        self.env.cr.execute(
            SQL(
                """
                WITH line AS (
                    SELECT c.id AS case_id, c.company_id, c.user_id, c.creditor_id,
                           COALESCE(l.date_maturity, m.invoice_date_due, m.date) AS date_due,
                           l.balance
                             - COALESCE((SELECT SUM(p.amount)
                                           FROM account_partial_reconcile p
                                          WHERE p.debit_move_id = l.id
                                            AND p.max_date <= %(day)s), 0)
                             + COALESCE((SELECT SUM(p.amount)
                                           FROM account_partial_reconcile p
                                          WHERE p.credit_move_id = l.id
                                            AND p.max_date <= %(day)s), 0)
                             AS residual
                      FROM debt_collection_case c
                      JOIN account_move m ON m.collection_case_id = c.id
                      JOIN account_move_line l ON l.move_id = m.id
                      JOIN account_account a ON a.id = l.account_id
                     WHERE c.company_id IN %(companies)s
                       AND (c.date_closed IS NULL OR c.date_closed > %(day)s)
                       AND m.state = 'posted'
                       AND m.date <= %(day)s
                       AND a.account_type = 'asset_receivable'
                ), aged AS (
                    SELECT case_id, company_id, user_id, creditor_id,
                           SUM(residual) AS amount,
                           MIN(date_due) FILTER (WHERE residual > 0.005) AS date_due
                      FROM line
                  GROUP BY case_id, company_id, user_id, creditor_id
                )
                INSERT INTO debt_collection_aging
                       (month, case_id, company_id, user_id, creditor_id, bucket, days_overdue,
                        amount, create_uid, write_uid, create_date, write_date)
                SELECT %(month)s, case_id, company_id, user_id, creditor_id,
                       CASE %(buckets)s ELSE %(first)s END,
                       GREATEST(%(day)s - date_due, 0),
                       ROUND(amount, 2), %(uid)s, %(uid)s, NOW() AT TIME ZONE 'UTC',
                       NOW() AT TIME ZONE 'UTC'
                  FROM aged
                 WHERE amount > 0.005
                ON CONFLICT (case_id, month) DO NOTHING
                RETURNING id
                """,
                day=date_end,
                month=month,
                companies=tuple(companies.ids),
                uid=self.env.uid,
                first=AGING_BUCKETS[0][0],
                buckets=SQL(" ").join(
                    SQL("WHEN GREATEST(%s - date_due, 0) >= %s THEN %s", date_end, first_day, key)
                    for key, _label, first_day in reversed(AGING_BUCKETS)
                ),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model()
        return self.browse(ids)

    @api.model
    def _cron_snapshot(self):
        """On the first days of a month: age the cases as of the month just ended. A company
        aged for the first time gets the months before filled in from its books too
        (``HISTORY_MONTHS``), so that roll rates have months to compare from the start."""
        today = fields.Date.context_today(self)
        last_end = today.replace(day=1) - relativedelta(days=1)
        aged = self.browse()
        for company in self.env["res.company"].search([]):
            months = [last_end]
            if not self.sudo().search_count([("company_id", "=", company.id)], limit=1):
                months = [
                    (last_end.replace(day=1) - relativedelta(months=back))
                    + relativedelta(months=1, days=-1)
                    for back in range(HISTORY_MONTHS - 1, -1, -1)
                ]
            for month_end in months:
                aged |= self._snapshot(month_end, company)
        return aged
