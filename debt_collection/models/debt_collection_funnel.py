"""Reporting: the case funnel, one row per case and stage it reached."""

from odoo import fields, models
from odoo.tools import SQL


class DebtCollectionFunnel(models.Model):
    """The case funnel: one row per case and stage it reached (a step was taken in it).

    Counting cases by stage shows how many got that far; the paid share of each stage shows
    where the ladder stops being worth climbing.
    """

    _name = "debt.collection.funnel"
    _inherit = ["debt.collection.report.mixin"]
    _description = "Case Funnel by Stage"
    _auto = False
    _order = "stage_sequence, id"
    _rec_name = "case_id"
    _ratio_measures = {"paid_rate": ("paid_count", "case_count", 100.0)}
    _depends = {
        "debt.collection.action": ["case_id", "stage_id"],
        "debt.collection.case": ["strategy_id", "company_id", "user_id", "creditor_id", "state"],
        "debt.collection.stage": ["sequence"],
    }

    case_id = fields.Many2one("debt.collection.case", readonly=True)
    stage_id = fields.Many2one("debt.collection.stage", string="Stage Reached", readonly=True)
    stage_sequence = fields.Integer(readonly=True, aggregator=None)
    strategy_id = fields.Many2one("debt.collection.strategy", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Consultant", readonly=True)
    creditor_id = fields.Many2one("res.partner", readonly=True)
    case_count = fields.Integer(string="Cases", readonly=True)
    paid_count = fields.Integer(string="Cases Paid", readonly=True)
    paid_rate = fields.Float(string="Paid (%)", readonly=True, digits=(16, 2))

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT MIN(a.id) AS id,
                   a.case_id,
                   a.stage_id,
                   s.sequence AS stage_sequence,
                   c.strategy_id,
                   c.company_id,
                   c.user_id,
                   c.creditor_id,
                   1 AS case_count,
                   CASE WHEN c.state IN ('paid', 'settled') THEN 1 ELSE 0 END AS paid_count,
                   CASE WHEN c.state IN ('paid', 'settled') THEN 100.0 ELSE 0.0 END
                       AS paid_rate
              FROM debt_collection_action a
              JOIN debt_collection_case c ON c.id = a.case_id
              JOIN debt_collection_stage s ON s.id = a.stage_id
             WHERE a.result NOT IN ('failed', 'skipped')
             GROUP BY a.case_id, a.stage_id, s.sequence, c.strategy_id, c.company_id,
                      c.user_id, c.creditor_id, c.state
            """
        )
