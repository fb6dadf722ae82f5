"""The consultant's day: one row per open case with something to do today."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .debt_collection_case import CLOSED_STATES

# The parts of the priority, each 0-100 points: (points column, company weight)
QUEUE_PARTS = [
    ("points_amount", "collection_queue_weight_amount"),
    ("points_overdue", "collection_queue_weight_overdue"),
    ("points_promise", "collection_queue_weight_promise"),
    ("points_contact", "collection_queue_weight_contact"),
    ("points_stage", "collection_queue_weight_stage"),
]
# Channels that count as contact with the debtor
CONTACT_CHANNELS = ("email", "letter", "sms", "call", "visit")


class DebtCollectionQueue(models.Model):
    """The consultant's day: one row per open case with something to do today.

    A SQL view read with today's date of the user (so tests can freeze time). The priority is
    a weighted mean of five parts, each worth 0 to 100 points:

    - amount due: one point per 100 of currency, at most 100 (10,000 and more);
    - days overdue: 100 points at a year overdue, in proportion before;
    - promise history: 50 points per broken promise, 25 per partly kept one, at most 100;
    - last contact: 100 points at 30 days (or never) since the last contact, in proportion;
    - stage: 0 at the first step of the strategy, 100 at its last.

    The weights are the company's (Settings > Collection).
    """

    _name = "debt.collection.queue"
    _description = "Consultant's Queue"
    _auto = False
    _order = "score desc, amount_residual desc, id"
    _rec_name = "case_id"
    _depends = {
        "debt.collection.case": [
            "user_id",
            "state",
            "partner_id",
            "company_id",
            "stage_id",
            "amount_residual",
            "date_due_oldest",
        ],
        "debt.collection.promise": ["case_id", "state", "date_promised"],
        "debt.collection.action": ["case_id", "date", "channel", "run_id", "user_id", "step_key"],
        "mail.activity": ["res_model", "res_id", "activity_type_id", "date_deadline"],
        "mail.message": ["model", "res_id", "author_id", "date", "message_type"],
        "res.company": [fname for _col, fname in QUEUE_PARTS],
    }

    case_id = fields.Many2one("debt.collection.case", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    user_id = fields.Many2one("res.users", string="Consultant", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    stage_id = fields.Many2one("debt.collection.stage", readonly=True)
    state = fields.Selection(related="case_id.state", string="Case Status")
    city = fields.Char(readonly=True)
    zip = fields.Char(readonly=True)
    street = fields.Char(readonly=True)
    amount_residual = fields.Monetary(string="Amount Due", readonly=True)
    days_overdue = fields.Integer(readonly=True)
    days_since_contact = fields.Integer(
        readonly=True, help="Days since the last contact with the debtor (empty: never)."
    )
    broken_count = fields.Integer(string="Broken Promises", readonly=True)
    partial_count = fields.Integer(string="Partly Kept Promises", readonly=True)
    date_deadline = fields.Date(
        string="Due Since", readonly=True, help="The oldest deadline of what waits on the case."
    )
    promise_due = fields.Boolean(readonly=True)
    promise_broken = fields.Boolean(readonly=True)
    promise_partial = fields.Boolean(readonly=True)
    review_due = fields.Boolean(string="Decision Waiting", readonly=True)
    message_new = fields.Boolean(string="Debtor Wrote", readonly=True)
    disputed = fields.Boolean(readonly=True)
    call_due = fields.Boolean(readonly=True)
    visit_due = fields.Boolean(readonly=True)
    visit_date = fields.Date(
        readonly=True, help="The day of the visit planned on the case (the soonest one)."
    )
    verify_due = fields.Boolean(string="Verify Contact Data", readonly=True)
    points_amount = fields.Float(readonly=True, aggregator="avg")
    points_overdue = fields.Float(readonly=True, aggregator="avg")
    points_promise = fields.Float(readonly=True, aggregator="avg")
    points_contact = fields.Float(readonly=True, aggregator="avg")
    points_stage = fields.Float(readonly=True, aggregator="avg")
    score = fields.Float(string="Priority", readonly=True, digits=(16, 1), aggregator="avg")
    reason = fields.Char(string="Why Today", compute="_compute_reason")
    score_detail = fields.Char(string="Priority Made Of", compute="_compute_reason")

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        # the visits screen looks ahead: visits of the coming days are planned rounds too
        ahead = int(self.env.context.get("debt_collection_visit_days") or 0)
        horizon = today + timedelta(days=ahead)
        # (while the module installs, its rules are checked before its activity types exist)
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id
        types = {
            key: xmlid_to_id(
                f"debt_collection.mail_activity_type_collection_{key}", raise_if_not_found=False
            )
            or 0
            for key in ("call", "visit", "verify", "review")
        }
        weights = SQL(" + ").join(SQL("co.%s", SQL.identifier(w)) for _c, w in QUEUE_PARTS)
        weighted = SQL(" + ").join(
            SQL("co.%s * %s", SQL.identifier(w), SQL.identifier(col)) for col, w in QUEUE_PARTS
        )
        return SQL(
            """
            SELECT q.*,
                   ROUND(((%(weighted)s) / NULLIF(%(weights)s, 0))::numeric, 1) AS score
              FROM (
                SELECT c.id AS id,
                       c.id AS case_id,
                       c.partner_id,
                       c.user_id,
                       c.company_id,
                       c.currency_id,
                       c.stage_id,
                       rp.city,
                       rp.zip,
                       rp.street,
                       c.amount_residual,
                       COALESCE(%(today)s - c.date_due_oldest, 0) AS days_overdue,
                       %(today)s - ac.last_contact::date AS days_since_contact,
                       COALESCE(pr.broken_count, 0) AS broken_count,
                       COALESCE(pr.partial_count, 0) AS partial_count,
                       LEAST(ma.date_deadline, pr.date_promised_due) AS date_deadline,
                       COALESCE(pr.promise_due, FALSE) AS promise_due,
                       COALESCE(ma.review_due AND pr.last_decided = 'broken', FALSE)
                           AS promise_broken,
                       COALESCE(ma.review_due AND pr.last_decided = 'partial', FALSE)
                           AS promise_partial,
                       COALESCE(ma.review_due AND pr.last_decided IS DISTINCT FROM 'broken'
                                AND pr.last_decided IS DISTINCT FROM 'partial', FALSE)
                           AS review_due,
                       COALESCE(mm.last_message > COALESCE(ac.last_worked, '-infinity'), FALSE)
                           AS message_new,
                       c.state = 'disputed' AS disputed,
                       -- nobody calls or visits a debtor whose promise or plan runs
                       COALESCE(ma.call_due AND c.state NOT IN %(held)s, FALSE) AS call_due,
                       COALESCE(ma.visit_due AND c.state NOT IN %(held)s, FALSE) AS visit_due,
                       ma.visit_date,
                       COALESCE(ma.verify_due, FALSE) AS verify_due,
                       LEAST(100.0, GREATEST(c.amount_residual, 0) / 100.0) AS points_amount,
                       LEAST(100.0, GREATEST(%(today)s - c.date_due_oldest, 0) * 100.0 / 365)
                           AS points_overdue,
                       LEAST(100.0, COALESCE(pr.broken_count, 0) * 50.0
                                    + COALESCE(pr.partial_count, 0) * 25.0) AS points_promise,
                       LEAST(100.0, COALESCE(%(today)s - ac.last_contact::date, 30) * 100.0 / 30)
                           AS points_contact,
                       COALESCE(st.points, 0.0) AS points_stage
                  FROM debt_collection_case c
                  JOIN res_partner rp ON rp.id = c.partner_id
                  -- per case, through the indexes: the cost follows the consultant's cases
                  LEFT JOIN LATERAL (
                        SELECT BOOL_OR(a.activity_type_id = %(call)s
                                       AND a.date_deadline <= %(today)s) AS call_due,
                               BOOL_OR(a.activity_type_id = %(visit)s) AS visit_due,
                               MIN(a.date_deadline) FILTER (WHERE a.activity_type_id = %(visit)s)
                                   AS visit_date,
                               BOOL_OR(a.activity_type_id = %(verify)s
                                       AND a.date_deadline <= %(today)s) AS verify_due,
                               BOOL_OR(a.activity_type_id = %(review)s
                                       AND a.date_deadline <= %(today)s) AS review_due,
                               MIN(a.date_deadline) FILTER (WHERE a.date_deadline <= %(today)s)
                                   AS date_deadline
                          FROM mail_activity a
                         WHERE a.res_id = c.id
                           AND a.res_model = 'debt.collection.case'
                           AND a.date_deadline <= %(horizon)s
                           AND a.activity_type_id IN %(types)s
                       ) ma ON TRUE
                  LEFT JOIN LATERAL (
                        SELECT BOOL_OR(p.state = 'open' AND p.date_promised <= %(today)s)
                                   AS promise_due,
                               MIN(p.date_promised) FILTER (
                                   WHERE p.state = 'open' AND p.date_promised <= %(today)s
                               ) AS date_promised_due,
                               COUNT(*) FILTER (WHERE p.state = 'broken') AS broken_count,
                               COUNT(*) FILTER (WHERE p.state = 'partial') AS partial_count,
                               (ARRAY_AGG(p.state ORDER BY p.date_promised DESC, p.id DESC)
                                  FILTER (WHERE p.state IN ('kept', 'partial', 'broken')))[1]
                                   AS last_decided
                          FROM debt_collection_promise p
                         WHERE p.case_id = c.id
                       ) pr ON TRUE
                  LEFT JOIN LATERAL (
                        SELECT MAX(a.date) FILTER (WHERE a.channel IN %(contact)s
                                                     AND a.result NOT IN ('failed', 'skipped',
                                                                          'scheduled'))
                                   AS last_contact,
                               -- the consultant's own work: not the engine's run, nor
                               -- what the portals logged (a debtor's request, a creditor's
                               -- decision), which the consultant has still to read
                               MAX(a.date) FILTER (
                                   WHERE a.run_id IS NULL
                                     AND COALESCE(a.step_key, '') NOT LIKE %(portal_keys)s
                               ) AS last_worked
                          FROM debt_collection_action a
                         WHERE a.case_id = c.id
                       ) ac ON TRUE
                  LEFT JOIN LATERAL (
                        SELECT MAX(m.date) AS last_message
                          FROM mail_message m
                         WHERE m.model = 'debt.collection.case'
                           AND m.res_id = c.id
                           AND m.author_id = c.partner_id
                           AND m.message_type IN ('comment', 'email')
                       ) mm ON TRUE
                  LEFT JOIN (
                        SELECT s.id,
                               (RANK() OVER w - 1) * 100.0
                                   / GREATEST(COUNT(*) OVER (PARTITION BY s.strategy_id) - 1, 1)
                                   AS points
                          FROM debt_collection_stage s
                        WINDOW w AS (PARTITION BY s.strategy_id ORDER BY s.sequence, s.id)
                       ) st ON st.id = c.stage_id
                 WHERE c.state NOT IN %(closed)s
                   -- paid in full: out of the queue at once, before the hourly run closes it
                   AND c.amount_residual > 0
                   -- only cases with something that may be due, read through the primary key
                   -- (as "IN (...)", PostgreSQL read all the cases to join them with the list:
                   -- 0.9 s at 270,000 cases)
                   AND c.id = ANY(ARRAY(
                        SELECT d.id FROM debt_collection_case d WHERE d.state = 'disputed'
                        UNION
                        SELECT a.res_id FROM mail_activity a
                         WHERE a.res_model = 'debt.collection.case'
                           AND a.date_deadline <= %(horizon)s
                           AND a.activity_type_id IN %(types)s
                        UNION
                        SELECT p.case_id FROM debt_collection_promise p
                         WHERE p.state IN ('open', 'partial', 'broken')
                        UNION
                        SELECT m.res_id FROM mail_message m
                          JOIN debt_collection_case mc ON mc.id = m.res_id
                                                      AND mc.partner_id = m.author_id
                         WHERE m.model = 'debt.collection.case'
                           AND m.message_type IN ('comment', 'email')
                   ))
              ) q
              JOIN res_company co ON co.id = q.company_id
             WHERE q.promise_due OR q.promise_broken OR q.promise_partial OR q.review_due
                OR q.message_new OR q.disputed OR q.call_due OR q.visit_due OR q.verify_due
            """,
            today=today,
            horizon=horizon,
            weights=weights,
            weighted=weighted,
            types=tuple(types.values()),
            contact=CONTACT_CHANNELS,
            closed=CLOSED_STATES,
            held=("promise", "plan"),
            portal_keys="portal:%",
            **types,
        )

    @api.depends_context("lang")
    def _compute_reason(self):
        labels = self._reason_labels()
        today = fields.Date.context_today(self)
        for row in self:
            reasons = {key: label for key, label in labels.items() if row[key]}
            if row.visit_due and row.visit_date and row.visit_date > today:
                # the visits screen looks ahead: a visit of the coming days is not due yet
                reasons["visit_due"] = self.env._("Visit planned")
            row.reason = ", ".join(reasons.values())
            parts = []
            for col, weight, part_label in self._part_labels():
                factor = row.company_id[weight]
                if not factor:
                    continue
                factor_text = f"{factor:g}"
                parts.append(
                    self.env._(
                        "%(label)s %(points)s × %(weight)s",
                        label=part_label,
                        points=round(row[col]),
                        weight=factor_text,
                    )
                )
            row.score_detail = " + ".join(parts)

    def _reason_labels(self):
        return {
            "promise_due": self.env._("Promise due"),
            "promise_broken": self.env._("Broken promise: decide"),
            "promise_partial": self.env._("Promise partly kept: decide"),
            "review_due": self.env._("Decision waiting"),
            "message_new": self.env._("Debtor wrote"),
            "disputed": self.env._("Dispute to review"),
            "call_due": self.env._("Call due"),
            "visit_due": self.env._("Visit due"),
            "verify_due": self.env._("Verify contact data"),
        }

    def _part_labels(self):
        labels = {
            "points_amount": self.env._("amount"),
            "points_overdue": self.env._("overdue"),
            "points_promise": self.env._("promises"),
            "points_contact": self.env._("last contact"),
            "points_stage": self.env._("stage"),
        }
        return [(col, weight, labels[col]) for col, weight in QUEUE_PARTS]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_call(self):
        self.ensure_one()
        self.env.user._collection_queue_remember(self)
        return self.env["debt.collection.call"]._open_for_case(self.case_id)

    def action_open_case(self):
        self.ensure_one()
        self.env.user._collection_queue_remember(self)
        return self.case_id._collection_form_action()

    def action_next_case(self):
        """Open the call screen of the case after the last one the consultant opened.

        Not ``@api.model``: the list's header button calls it with the selected rows (none or
        some); they are ignored, the queue's order decides."""
        row = self._next_row()
        if not row:
            raise UserError(self.env._("Your queue is empty: nothing left to do today."))
        return row.action_open_call()

    @api.model
    def _get_own_domain(self):
        return [("user_id", "=", self.env.uid)]

    @api.model
    def _next_row(self):
        """The row after the remembered one in the queue's order (from the top otherwise).

        The position is kept as (score, amount, case) when a case is opened: the case may leave
        the queue once worked, its successor is found all the same.
        """
        user = self.env.user
        domain = self._get_own_domain()
        bookmark = user._collection_queue_bookmark()
        if bookmark:
            score, amount, case_id = bookmark
            after = [
                "|",
                ("score", "<", score),
                "&",
                ("score", "=", score),
                "|",
                ("amount_residual", "<", amount),
                "&",
                ("amount_residual", "=", amount),
                ("id", ">", case_id),
            ]
            row = self.search(domain + after, limit=1)
            if row:
                return row
        return self.search(domain, limit=1)

    def action_visit_outcome(self):
        """The outcome form of a visit, made for a phone."""
        self.ensure_one()
        case = self.case_id
        case.check_access("write")
        self.env.user._collection_queue_remember(self)
        visit_type = self.env.ref("debt_collection.mail_activity_type_collection_visit")
        activity = case._collection_open_contact_activities().filtered(
            lambda a: a.activity_type_id == visit_type
        )[:1]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Visit to %(debtor)s", debtor=case.partner_id.display_name),
            "res_model": "debt.collection.outcome.wizard",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "debt_collection.debt_collection_outcome_wizard_view_form_visit"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
            "context": {
                "default_case_id": case.id,
                "default_channel": "visit",
                "default_activity_id": activity.id,
                "default_result": "not_home",
                "default_visit_result": "not_home",
            },
        }

    def _visit_route(self):
        """The rows grouped by city, then postal code, in street order: one round per group.

        Returns a list of (city, zip, rows) in the order to walk them.
        """
        groups = {}
        for row in self.sorted(
            lambda r: (r.city or "", r.zip or "", r.street or "", r.case_id.id)
        ):
            groups.setdefault((row.city or "", row.zip or ""), self.browse())
            groups[(row.city or "", row.zip or "")] |= row
        return [(city, zip_code, rows) for (city, zip_code), rows in groups.items()]
