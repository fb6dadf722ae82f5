"""Reporting: one row per case, what was placed, what came back and what it cost."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

AMOUNT_BANDS = [
    ("a", "Up to 500"),
    ("b", "500 to 2,000"),
    ("c", "2,000 to 10,000"),
    ("d", "Over 10,000"),
]
# Steps that did not happen cost nothing
NOT_DONE = ("failed", "skipped", "scheduled")


class DebtCollectionCaseReport(models.Model):
    """One row per case: what was placed, what came back, and what collecting it cost.

    Recovered is what accounting reconciled (payments and bank lines, as in the recovery
    report); the cost is each step done at the company's unit cost (Settings > Collection) plus
    the consultants' minutes. Rates are ratios of sums (see the report mixin).
    """

    _name = "debt.collection.case.report"
    _inherit = ["debt.collection.report.mixin"]
    _description = "Collection Performance by Case"
    _auto = False
    _order = "date_open desc, id desc"
    _rec_name = "case_id"
    _ratio_measures = {
        "recovery_rate": ("amount_recovered", "amount_placed", 100.0),
        "cost_ratio": ("cost", "amount_recovered", 100.0),
    }
    _depends = {
        "debt.collection.case": [
            "partner_id",
            "creditor_id",
            "company_id",
            "currency_id",
            "user_id",
            "strategy_id",
            "stage_id",
            "state",
            "date_open",
            "amount_original",
        ],
        "debt.collection.action": ["case_id", "channel", "result", "duration"],
        "account.partial.reconcile": ["amount", "debit_move_id", "credit_move_id"],
        "res.company": [
            "collection_cost_email",
            "collection_cost_letter",
            "collection_cost_sms",
            "collection_cost_registered",
            "collection_cost_visit",
            "collection_cost_minute",
        ],
    }

    case_id = fields.Many2one("debt.collection.case", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    creditor_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Consultant", readonly=True)
    strategy_id = fields.Many2one("debt.collection.strategy", readonly=True)
    stage_id = fields.Many2one("debt.collection.stage", readonly=True)
    # the case's states, with those other addons add (the legal phase): a row shows its case's
    state = fields.Selection(selection="_selection_state", string="Status", readonly=True)
    date_open = fields.Date(string="Placed On", readonly=True)
    amount_band = fields.Selection(AMOUNT_BANDS, string="Size of Debt", readonly=True)
    debtor_type = fields.Selection(
        [("company", "Company"), ("person", "Individual")], readonly=True
    )
    amount_placed = fields.Monetary(readonly=True)
    amount_recovered = fields.Monetary(string="Recovered", readonly=True)
    recovery_rate = fields.Float(string="Recovery Rate (%)", readonly=True, digits=(16, 2))
    step_count = fields.Integer(string="Steps", readonly=True)
    minutes = fields.Float(string="Consultant Minutes", readonly=True)
    cost = fields.Monetary(string="Cost to Collect", readonly=True)
    cost_ratio = fields.Float(
        string="Cost per 100 Recovered", readonly=True, digits=(16, 2), aggregator="sum"
    )
    net_recovered = fields.Monetary(string="Recovered Net of Cost", readonly=True)
    case_count = fields.Integer(string="Cases", readonly=True)

    @api.model
    def _selection_state(self):
        return self.env["debt.collection.case"]._fields["state"]._description_selection(self.env)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT c.id AS id,
                   c.id AS case_id,
                   c.partner_id,
                   c.creditor_id,
                   c.company_id,
                   c.currency_id,
                   c.user_id,
                   c.strategy_id,
                   c.stage_id,
                   c.state,
                   c.date_open,
                   CASE WHEN c.amount_original <= 500 THEN 'a'
                        WHEN c.amount_original <= 2000 THEN 'b'
                        WHEN c.amount_original <= 10000 THEN 'c'
                        ELSE 'd' END AS amount_band,
                   CASE WHEN rp.is_company THEN 'company' ELSE 'person' END AS debtor_type,
                   c.amount_original AS amount_placed,
                   COALESCE(rec.amount, 0) AS amount_recovered,
                   ROUND((100 * COALESCE(rec.amount, 0)
                          / NULLIF(c.amount_original, 0))::numeric, 2) AS recovery_rate,
                   COALESCE(st.step_count, 0) AS step_count,
                   COALESCE(st.minutes, 0) AS minutes,
                   COALESCE(st.cost, 0) AS cost,
                   ROUND((100 * COALESCE(st.cost, 0)
                          / NULLIF(rec.amount, 0))::numeric, 2) AS cost_ratio,
                   COALESCE(rec.amount, 0) - COALESCE(st.cost, 0) AS net_recovered,
                   1 AS case_count
              FROM debt_collection_case c
              JOIN res_partner rp ON rp.id = c.partner_id
              JOIN res_company co ON co.id = c.company_id
              LEFT JOIN (
                    SELECT m.collection_case_id AS case_id, SUM(pr.amount) AS amount
                      FROM account_move m
                      JOIN account_move_line il ON il.move_id = m.id
                      JOIN account_account aa ON aa.id = il.account_id
                                             AND aa.account_type = 'asset_receivable'
                      JOIN account_partial_reconcile pr ON pr.debit_move_id = il.id
                      JOIN account_move_line pl ON pl.id = pr.credit_move_id
                      JOIN account_move pm ON pm.id = pl.move_id
                     WHERE m.collection_case_id IS NOT NULL
                       AND (pm.origin_payment_id IS NOT NULL OR pm.statement_line_id IS NOT NULL)
                     GROUP BY m.collection_case_id
                   ) rec ON rec.case_id = c.id
              LEFT JOIN (
                    SELECT a.case_id,
                           COUNT(*) FILTER (WHERE a.result NOT IN %(not_done)s) AS step_count,
                           SUM(COALESCE(a.duration, 0)) AS minutes,
                           SUM(CASE WHEN a.result IN %(not_done)s THEN 0
                                    WHEN a.channel = 'email' THEN ac.collection_cost_email
                                    WHEN a.channel = 'letter' THEN ac.collection_cost_letter
                                    WHEN a.channel = 'sms' THEN ac.collection_cost_sms
                                    WHEN a.channel = 'legal' THEN ac.collection_cost_registered
                                    WHEN a.channel = 'visit' THEN ac.collection_cost_visit
                                    ELSE 0 END
                               + COALESCE(a.duration, 0) * COALESCE(ac.collection_cost_minute, 0)
                           ) AS cost
                      FROM debt_collection_action a
                      JOIN res_company ac ON ac.id = a.company_id
                     GROUP BY a.case_id
                   ) st ON st.case_id = c.id
            """,
            not_done=NOT_DONE,
        )

    # ------------------------------------------------------------------
    # The monthly summary to managers
    # ------------------------------------------------------------------

    @api.model
    def _monthly_summary(self, company, month):
        """The figures of ``month`` (its first day) for ``company``: a dict of numbers."""
        date_to = month + relativedelta(months=1, days=-1)
        company_domain = [("company_id", "=", company.id)]
        [[recovered]] = self.env["debt.collection.recovery"]._read_group(
            company_domain + [("date", ">=", month), ("date", "<=", date_to)], [], ["amount:sum"]
        )
        [[placed, back, cost, count]] = self._read_group(
            company_domain,
            [],
            ["amount_placed:sum", "amount_recovered:sum", "cost:sum", "__count"],
        )
        [[opened]] = self._read_group(
            company_domain + [("date_open", ">=", month), ("date_open", "<=", date_to)],
            [],
            ["__count"],
        )
        [[promises, kept]] = self.env["debt.collection.promise.report"]._read_group(
            company_domain + [("date_promised", ">=", month), ("date_promised", "<=", date_to)],
            [],
            ["__count", "kept_count:sum"],
        )
        dso = self.env["debt.collection.dso"].search(
            company_domain + [("month", "=", month)], limit=1
        )
        summary = {
            "month": month,
            "recovered": recovered,
            "cases": count,
            "opened": opened,
            "placed": placed,
            "recovered_total": back,
            "recovery_rate": round(100.0 * back / placed, 2) if placed else 0.0,
            "cost": cost,
            "cost_ratio": round(100.0 * cost / back, 2) if back else 0.0,
            "promises": promises,
            "kept_rate": round(100.0 * kept / promises, 2) if promises else 0.0,
            "dso": dso.dso,
        }
        summary.update(
            recovery_rate_text=f"{summary['recovery_rate']:.2f} %",
            cost_ratio_text=f"{summary['cost_ratio']:.2f}",
            kept_rate_text=f"{summary['kept_rate']:.2f} %",
            dso_text=f"{summary['dso']:.1f}",
        )
        return summary

    @api.model
    def _cron_send_monthly_summary(self):
        """On the first days of a month: the month just ended, to each company's managers."""
        month = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        template = self.env.ref("debt_collection.mail_template_collection_monthly_summary")
        managers = self.env.ref("debt_collection.debt_collection_group_manager").users
        for company in self.env["res.company"].search([]):
            recipients = managers.filtered(lambda u, c=company: c in u.company_ids and u.email)
            if not recipients:
                continue
            # sudo: the cron reads every company's figures; each mail holds one company's
            summary = self.sudo()._monthly_summary(company, month)
            template.with_context(summary=summary).send_mail(
                company.id, email_values={"recipient_ids": [(6, 0, recipients.partner_id.ids)]}
            )
