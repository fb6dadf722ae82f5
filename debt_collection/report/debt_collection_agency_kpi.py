"""Recovery and cost to collect by external agency, next to the in-house team (a SQL view)."""

from odoo import fields, models
from odoo.tools import SQL


class DebtCollectionAgencyKpi(models.Model):
    """One row per case worked in-house and one per invoice placed with an agency.

    In-house rows are the case report's (payments reconciled, steps at their unit cost);
    agency rows count what each agency was given (the residual on the day of placement), what
    its booked statements collected, and its commission and fees before VAT.
    """

    _name = "debt.collection.agency.kpi"
    _inherit = ["debt.collection.report.mixin"]
    _description = "Collection by Agency"
    _auto = False
    _order = "company_id, agency_id"
    _ratio_measures = {
        "recovery_rate": ("amount_recovered", "amount_placed", 100.0),
        "cost_ratio": ("cost", "amount_recovered", 100.0),
    }
    _depends = {
        "account.move": ["collection_agreement_placed_id", "collection_agency_amount_placed"],
        "debt.collection.agency.statement": ["state"],
        "debt.collection.agency.statement.line": [
            "move_id",
            "amount_collected",
            "amount_commission",
            "amount_fee",
            "booked",
        ],
    }

    collector = fields.Selection(
        [("inhouse", "In-house"), ("agency", "External Agency")], readonly=True
    )
    agency_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    case_id = fields.Many2one("debt.collection.case", readonly=True)
    amount_placed = fields.Monetary(string="Placed", readonly=True)
    amount_recovered = fields.Monetary(string="Recovered", readonly=True)
    cost = fields.Monetary(string="Cost to Collect", readonly=True)
    recovery_rate = fields.Float(string="Recovery Rate (%)", readonly=True, digits=(16, 2))
    cost_ratio = fields.Float(
        string="Cost per 100 Recovered", readonly=True, digits=(16, 2), aggregator="sum"
    )

    @property
    def _table_query(self):
        inhouse = self.env["debt.collection.case.report"]._table_query
        return SQL(
            """
            SELECT 2 * r.case_id AS id,
                   'inhouse' AS collector,
                   NULL::integer AS agency_id,
                   r.company_id,
                   r.currency_id,
                   r.case_id,
                   r.amount_placed,
                   r.amount_recovered,
                   r.cost,
                   r.recovery_rate,
                   r.cost_ratio
              FROM (%(inhouse)s) r
            UNION ALL
            SELECT 2 * m.id + 1 AS id,
                   'agency' AS collector,
                   ag.agency_id,
                   m.company_id,
                   co.currency_id,
                   m.collection_case_id AS case_id,
                   m.collection_agency_amount_placed AS amount_placed,
                   COALESCE(sl.collected, 0) AS amount_recovered,
                   COALESCE(sl.cost, 0) AS cost,
                   ROUND((100 * COALESCE(sl.collected, 0)
                          / NULLIF(m.collection_agency_amount_placed, 0))::numeric, 2),
                   ROUND((100 * COALESCE(sl.cost, 0) / NULLIF(sl.collected, 0))::numeric, 2)
              FROM account_move m
              JOIN debt_collection_agency_agreement ag ON ag.id = m.collection_agreement_placed_id
              JOIN res_company co ON co.id = m.company_id
              LEFT JOIN (
                    SELECT l.move_id,
                           SUM(CASE WHEN l.kind = 'payment' THEN l.amount_collected ELSE 0 END)
                               AS collected,
                           SUM(COALESCE(l.amount_commission, 0) + COALESCE(l.amount_fee, 0))
                               AS cost
                      FROM debt_collection_agency_statement_line l
                     WHERE l.booked AND l.move_id IS NOT NULL
                     GROUP BY l.move_id
                   ) sl ON sl.move_id = m.id
            """,
            inhouse=inhouse,
        )
