"""Reporting: days sales outstanding at each of the last 24 month ends."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL


class DebtCollectionDso(models.Model):
    """Days sales outstanding at the end of each of the last 24 ended months, per company.

    DSO = receivables at the month's end / sales of the three months ending with it × the days
    of those three months. Receivables are the balance of receivable accounts on that day;
    sales are posted customer invoices less credit notes.
    """

    _name = "debt.collection.dso"
    _inherit = ["debt.collection.report.mixin"]
    _description = "Days Sales Outstanding"
    _auto = False
    _order = "month desc, company_id"
    _rec_name = "month"
    _ratio_measures = {"dso": ("receivable_days", "sales", 1.0)}
    _depends = {
        "account.move.line": ["balance", "date", "account_id", "parent_state", "company_id"],
        "account.move": ["amount_total_signed", "invoice_date", "move_type", "state"],
    }

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    receivable = fields.Monetary(string="Receivables", readonly=True, aggregator="max")
    sales = fields.Monetary(string="Sales (3 Months)", readonly=True, aggregator="sum")
    days = fields.Integer(string="Days of the 3 Months", readonly=True, aggregator="max")
    receivable_days = fields.Float(readonly=True)
    dso = fields.Float(string="DSO (days)", readonly=True, digits=(16, 1))

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        # the month under way has not ended: its receivables and sales are not yet its own
        last = today.replace(day=1) - relativedelta(months=1)
        first = last - relativedelta(months=23)
        return SQL(
            """
            WITH months AS (
                SELECT gs::date AS month
                  FROM generate_series(%(first)s::date, %(last)s::date, INTERVAL '1 month') gs
            ), ar AS MATERIALIZED (
                SELECT l.company_id, date_trunc('month', l.date)::date AS month,
                       SUM(l.balance) AS change
                  FROM account_move_line l
                  JOIN account_account aa ON aa.id = l.account_id
                 WHERE aa.account_type = 'asset_receivable' AND l.parent_state = 'posted'
                 GROUP BY 1, 2
            ), sale AS MATERIALIZED (
                SELECT m.company_id, date_trunc('month', m.invoice_date)::date AS month,
                       SUM(m.amount_total_signed) AS amount
                  FROM account_move m
                 WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
                 GROUP BY 1, 2
            ), grid AS (
                SELECT co.id AS company_id, mo.month,
                       (SELECT COALESCE(SUM(ar.change), 0) FROM ar
                         WHERE ar.company_id = co.id AND ar.month <= mo.month) AS receivable,
                       (SELECT COALESCE(SUM(sale.amount), 0) FROM sale
                         WHERE sale.company_id = co.id
                           AND sale.month BETWEEN (mo.month - INTERVAL '2 months')::date
                                              AND mo.month) AS sales,
                       (mo.month + INTERVAL '1 month')::date
                           - (mo.month - INTERVAL '2 months')::date AS days
                  FROM res_company co CROSS JOIN months mo
            )
            SELECT ROW_NUMBER() OVER (ORDER BY company_id, month) AS id,
                   company_id, month, receivable, sales, days,
                   receivable * days AS receivable_days,
                   ROUND((receivable * days / NULLIF(sales, 0))::numeric, 1) AS dso
              FROM grid
            """,
            first=first,
            last=last,
        )
