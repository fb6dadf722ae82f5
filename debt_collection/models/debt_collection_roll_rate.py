"""Reporting: where each aging bucket's amount went the next month."""

from odoo import fields, models
from odoo.tools import SQL

from .debt_collection_aging import AGING_BUCKETS

BUCKETS = [(key, label) for key, label, _day in AGING_BUCKETS]


class DebtCollectionRollRate(models.Model):
    """Month to month: where the amount of each aging bucket went the next month.

    One row per case aged in a month whose next month is aged too. The roll rate of a bucket
    is the share of its amount that moved to a later bucket; "left" means the case was paid,
    closed or brought current before the next month's aging.
    """

    _name = "debt.collection.roll.rate"
    _inherit = ["debt.collection.report.mixin"]
    _description = "Roll Rates Between Aging Buckets"
    _auto = False
    _order = "month desc, id"
    _rec_name = "case_id"
    _ratio_measures = {"roll_rate": ("amount_rolled", "amount", 100.0)}
    _depends = {
        "debt.collection.aging": [
            "month",
            "case_id",
            "company_id",
            "user_id",
            "creditor_id",
            "bucket",
            "amount",
        ]
    }

    month = fields.Date(readonly=True)
    case_id = fields.Many2one("debt.collection.case", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Consultant", readonly=True)
    creditor_id = fields.Many2one("res.partner", readonly=True)
    bucket_from = fields.Selection(BUCKETS, string="From Bucket", readonly=True)
    bucket_to = fields.Selection(
        [*BUCKETS, ("left", "Left (paid or closed)")], string="Next Month", readonly=True
    )
    amount = fields.Monetary(string="Amount in Bucket", readonly=True)
    amount_rolled = fields.Monetary(string="Amount Rolled Forward", readonly=True)
    roll_rate = fields.Float(string="Roll Rate (%)", readonly=True, digits=(16, 2))

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT a.id AS id,
                   a.month,
                   a.case_id,
                   a.company_id,
                   a.user_id,
                   a.creditor_id,
                   a.bucket AS bucket_from,
                   COALESCE(n.bucket, 'left') AS bucket_to,
                   a.amount,
                   CASE WHEN n.bucket > a.bucket THEN a.amount ELSE 0 END AS amount_rolled,
                   CASE WHEN n.bucket > a.bucket THEN 100.0 ELSE 0.0 END AS roll_rate
              FROM debt_collection_aging a
              LEFT JOIN debt_collection_aging n
                     ON n.case_id = a.case_id
                    AND n.month = (a.month + INTERVAL '1 month')::date
             WHERE EXISTS (SELECT 1 FROM debt_collection_aging x
                            WHERE x.company_id = a.company_id
                              AND x.month = (a.month + INTERVAL '1 month')::date)
            """
        )
