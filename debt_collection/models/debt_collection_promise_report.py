"""Reporting: decided promises, to read the kept rate by consultant and channel."""

from odoo import fields, models
from odoo.tools import SQL

from .debt_collection_promise import PROMISE_CHANNELS


class DebtCollectionPromiseReport(models.Model):
    """Decided promises (kept, partly kept, broken), to read the kept rate by consultant and
    channel. A partly kept promise is not kept."""

    _name = "debt.collection.promise.report"
    _inherit = ["debt.collection.report.mixin"]
    _description = "Promises Kept"
    _auto = False
    _order = "date_promised desc, id desc"
    _rec_name = "promise_id"
    _ratio_measures = {
        "kept_rate": ("kept_count", "promise_count", 100.0),
        "paid_rate": ("amount_paid", "amount", 100.0),
    }
    _depends = {
        "debt.collection.promise": [
            "case_id",
            "user_id",
            "channel",
            "state",
            "amount",
            "amount_paid",
            "date_promised",
        ],
        "debt.collection.case": ["creditor_id", "company_id", "currency_id", "strategy_id"],
    }

    promise_id = fields.Many2one("debt.collection.promise", readonly=True)
    case_id = fields.Many2one("debt.collection.case", readonly=True)
    user_id = fields.Many2one("res.users", string="Consultant", readonly=True)
    channel = fields.Selection(PROMISE_CHANNELS, readonly=True)
    state = fields.Selection(
        [("kept", "Kept"), ("partial", "Partly Kept"), ("broken", "Broken")], readonly=True
    )
    creditor_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    strategy_id = fields.Many2one("debt.collection.strategy", readonly=True)
    date_promised = fields.Date(string="Promised Date", readonly=True)
    amount = fields.Monetary(string="Promised", readonly=True)
    amount_paid = fields.Monetary(string="Paid", readonly=True)
    promise_count = fields.Integer(string="Promises", readonly=True)
    kept_count = fields.Integer(string="Kept", readonly=True)
    kept_rate = fields.Float(string="Kept Rate (%)", readonly=True, digits=(16, 2))
    paid_rate = fields.Float(string="Paid of Promised (%)", readonly=True, digits=(16, 2))

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT p.id AS id,
                   p.id AS promise_id,
                   p.case_id,
                   p.user_id,
                   p.channel,
                   p.state,
                   c.creditor_id,
                   c.company_id,
                   c.currency_id,
                   c.strategy_id,
                   p.date_promised,
                   p.amount,
                   COALESCE(p.amount_paid, 0) AS amount_paid,
                   1 AS promise_count,
                   CASE WHEN p.state = 'kept' THEN 1 ELSE 0 END AS kept_count,
                   CASE WHEN p.state = 'kept' THEN 100.0 ELSE 0.0 END AS kept_rate,
                   ROUND((100 * COALESCE(p.amount_paid, 0) / NULLIF(p.amount, 0))::numeric, 2)
                       AS paid_rate
              FROM debt_collection_promise p
              JOIN debt_collection_case c ON c.id = p.case_id
             WHERE p.state IN ('kept', 'partial', 'broken')
            """
        )
