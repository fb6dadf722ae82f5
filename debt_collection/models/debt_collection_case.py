"""The collection case: its fields, states, numbering, tracking and buttons."""

import uuid
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ..tools.actions import related_action, window_action
from ..tools.counts import counts_by

CASE_STATES = [
    ("open", "Open"),
    ("promise", "Promise Running"),
    ("plan", "Plan Running"),
    ("disputed", "Disputed"),
    ("paused", "Paused"),
    ("paid", "Closed: Paid"),
    ("settled", "Closed: Settled"),
    ("written_off", "Closed: Written Off"),
    ("court", "Closed: Handed to Court"),
]
# Payments (or bank statement lines) reconciled with the receivable lines of a case's invoices,
# for a query on a table aliased "p" with a case_id column; amounts are pr.amount (company
# currency), payment dates pl.date. Accounting is the only source of what a debtor paid.
CASE_PAYMENTS_JOIN = """
    JOIN account_move m ON m.collection_case_id = p.case_id
    JOIN account_move_line il ON il.move_id = m.id
                             AND il.account_id IN (SELECT id FROM account_account
                                                    WHERE account_type = 'asset_receivable')
    JOIN account_partial_reconcile pr ON pr.debit_move_id = il.id
    JOIN account_move_line pl ON pl.id = pr.credit_move_id
    JOIN account_move pm ON pm.id = pl.move_id
"""
PAYMENT_MOVE = "(pm.origin_payment_id IS NOT NULL OR pm.statement_line_id IS NOT NULL)"
# Why a debt is written off (castigo, stralcio): the write-off wizard asks for one
WRITEOFF_REASONS = [
    ("exhausted", "All strategies exhausted"),
    ("low_probability", "Low probability of payment"),
    ("cost_benefit", "Cost of legal action above expected recovery"),
    ("insolvency", "Insolvency proceedings"),
    ("prescription", "Time-barred"),
    ("untraceable", "Debtor deceased or untraceable"),
]
CLOSED_STATES = ("paid", "settled", "written_off", "court")
# States in which the daily ladder does not act on the case (see _get_hold_states)
HOLD_STATES = ("promise", "plan", "disputed", "paused") + CLOSED_STATES


class DebtCollectionCase(models.Model):
    _name = "debt.collection.case"
    _description = "Collection Case"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "priority desc, next_action_date, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/", index="trigram"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="restrict",
    )
    creditor_id = fields.Many2one(
        "res.partner",
        index=True,
        ondelete="restrict",
        tracking=True,
        help="Whom the debt is owed to: the company itself, or an agency's client.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Consultant",
        index=True,
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    strategy_id = fields.Many2one(
        "debt.collection.strategy", tracking=True, check_company=True, ondelete="restrict"
    )
    strategy_locked = fields.Boolean(
        string="Strategy Set by Hand",
        help="Keep this strategy even when the selection rules would choose another.",
    )
    stage_id = fields.Many2one(
        "debt.collection.stage",
        tracking=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        group_expand="_read_group_stage_ids",
        domain="[('strategy_id', '=', strategy_id)]",
    )
    next_stage_id = fields.Many2one(
        "debt.collection.stage",
        string="Next Step",
        index=True,
        copy=False,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('strategy_id', '=', strategy_id)]",
    )
    state = fields.Selection(
        CASE_STATES, default="open", required=True, tracking=True, index=True, copy=False
    )
    invoice_ids = fields.One2many("account.move", "collection_case_id", string="Invoices")
    invoice_count = fields.Integer(compute="_compute_amounts", store=True)
    amount_original = fields.Monetary(
        string="Original Amount", compute="_compute_amounts", store=True, tracking=True
    )
    amount_residual = fields.Monetary(
        string="Amount Due", compute="_compute_amounts", store=True, tracking=True
    )
    # Three separate figures: what debtors paid, what was written off as bad debt and what a
    # settlement forgave; the recovery report counts the same payments (CASE_PAYMENTS_JOIN)
    amount_recovered = fields.Monetary(
        string="Recovered",
        compute="_compute_amounts",
        store=True,
        help="Payments of the debtor reconciled with the case's invoices.",
    )
    amount_written_off = fields.Monetary(
        compute="_compute_amounts", store=True, help="Posted as bad debt by a write-off."
    )
    amount_discount = fields.Monetary(
        string="Settlement Discount",
        compute="_compute_amounts",
        store=True,
        help="Forgiven by a completed settlement.",
    )
    amount_credited = fields.Monetary(
        string="Credit Notes",
        compute="_compute_amounts",
        store=True,
        help="Credit notes (and other entries that are neither payments, write-off nor "
        "settlement) matched with the case's invoices, and its credit notes not yet matched. "
        "Original amount = amount due + recovered + written off + settlement discount + "
        "credit notes.",
    )
    date_due_oldest = fields.Date(
        string="Oldest Due Date", compute="_compute_amounts", store=True, index=True
    )
    days_overdue = fields.Integer(compute="_compute_days_overdue")
    date_open = fields.Date(string="Opened On", default=fields.Date.context_today, readonly=True)
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False)
    date_last_action = fields.Date(string="Last Step On", readonly=True, copy=False)
    next_action_date = fields.Date(index=True, copy=False, tracking=True)
    hold_reason = fields.Char(
        readonly=True, copy=False, help="Why the engine did not act on the last run."
    )
    hold_until = fields.Datetime(
        string="Held Until",
        readonly=True,
        copy=False,
        # the few held cases, found at once when a change of hours releases them
        index="btree_not_null",
        help="The step waits for the debtor's contact hours: the engine takes it up again "
        "from this moment (the next run after it).",
    )
    cause = fields.Selection(
        [
            ("liquidity", "Temporary lack of liquidity"),
            ("insolvency", "Insolvency"),
            ("dispute", "Disagreement with the goods or service"),
            ("forgotten", "Oversight"),
            ("unwilling", "Unwillingness to pay"),
            ("unknown", "Unknown"),
        ],
        string="Cause of Default",
        tracking=True,
    )
    debtor_kind = fields.Selection(
        [
            ("cant_pay", "Can't Pay"),
            ("wont_pay", "Won't Pay"),
            ("unreachable", "Unreachable"),
            ("disputes", "Disputes the Debt"),
        ],
        string="Debtor Type",
        tracking=True,
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "High"), ("3", "Urgent")],
        default="0",
        index=True,
    )
    action_ids = fields.One2many("debt.collection.action", "case_id", string="Steps Taken")
    action_count = fields.Integer(compute="_compute_action_count")
    promise_ids = fields.One2many("debt.collection.promise", "case_id", string="Promises")
    plan_ids = fields.One2many("debt.collection.plan", "case_id", string="Instalment Plans")
    close_reason = fields.Selection(
        [
            ("paid", "Paid in full"),
            ("settled", "Settled"),
            *WRITEOFF_REASONS,
            ("court", "Handed to judicial collection"),
        ],
        tracking=True,
        copy=False,
    )
    note = fields.Html(string="Analysis")
    is_closed = fields.Boolean(compute="_compute_is_closed", search="_search_is_closed")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "The case reference must be unique.")
    ]

    def init(self):
        # One open case per debtor, creditor and company (closed cases are history)
        # psycopg2 writes the parameter into the statement: an index over the closed states
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS debt_collection_case_open_uniq
                    ON debt_collection_case (partner_id, company_id, COALESCE(creditor_id, 0))
                 WHERE state NOT IN %s
                """,
                CLOSED_STATES,
            )
        )
        # what the daily run looks for, so that it finds it without reading every case:
        # the open cases paid in full, and those with a payment no invoice absorbs
        create_index(
            self.env.cr,
            "debt_collection_case_to_close_idx",
            self._table,
            ["company_id"],
            where="amount_residual <= 0 AND date_closed IS NULL",
        )
        create_index(
            self.env.cr,
            "debt_collection_case_unmatched_idx",
            self._table,
            ["company_id"],
            where="amount_unmatched <> 0",
        )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        # activities, breadcrumbs and links name the debtor beside the bare reference
        for case in self:
            case.display_name = " - ".join(filter(None, [case.name, case.partner_id.name]))

    @api.depends("date_due_oldest")
    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.days_overdue = (
                max((today - case.date_due_oldest).days, 0) if case.date_due_oldest else 0
            )

    def _compute_action_count(self):
        counts = counts_by(self, "debt.collection.action", "case_id")
        for case in self:
            case.action_count = counts.get(case, 0)

    @api.depends("state")
    def _compute_is_closed(self):
        for case in self:
            case.is_closed = case.state in CLOSED_STATES

    def _search_is_closed(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on closed cases."))
        closed = (operator == "=") == bool(value)
        return [("state", "in" if closed else "not in", CLOSED_STATES)]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        strategy_id = self.env.context.get("default_strategy_id")
        if strategy_id:
            return stages.search([("strategy_id", "=", strategy_id)])
        return stages

    @api.model_create_multi
    def create(self, vals_list):
        unnamed = defaultdict(list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                unnamed[vals.get("company_id") or self.env.company.id].append(vals)
        for company_id, company_vals in unnamed.items():
            company = self.env["res.company"].browse(company_id)
            for vals, name in zip(
                company_vals, self._next_case_names(company, len(company_vals)), strict=True
            ):
                vals["name"] = name
        return super().create(vals_list)

    @api.model
    def _next_case_names(self, company, count):
        """``count`` case numbers; one query for all of them when the sequence allows it."""
        Sequence = self.env["ir.sequence"].with_company(company)
        sequence = company._collection_case_sequence()
        if count > 1 and sequence.implementation == "standard" and not sequence.use_date_range:
            self.env.cr.execute(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s)",
                    f"ir_sequence_{sequence.id:03d}",
                    count,
                )
            )
            prefix, suffix = sequence._get_prefix_suffix()
            return [
                f"{prefix}{number:0{sequence.padding}d}{suffix}"
                for (number,) in self.env.cr.fetchall()
            ]
        return [Sequence.next_by_code("debt.collection.case") or "/" for _index in range(count)]

    def write(self, vals):
        if {"next_stage_id", "next_action_date", "state"} & set(vals) and "hold_until" not in vals:
            # a step waiting for the debtor's hours waits no more once it is another step
            vals = dict(vals, hold_until=False)
        # PO-7: the debtor's link stops working when who it concerns changes or the case closes
        rotate = {"partner_id", "creditor_id", "company_id"} & set(vals) or (
            vals.get("state") in CLOSED_STATES
        )
        res = super().write(vals)
        if rotate:
            for case in self:
                case.access_token = str(uuid.uuid4())
        return res

    def _message_track(self, fields_iter, initial_values_dict):
        """Tracked labels ("Open → Promise Running") in the language of who reads the case's
        chatter, its consultant: Odoo writes them once per transaction in the language of
        whoever registered tracking first (a cron's English)."""
        data = self.env.cr.precommit.data
        # bodies and authors are popped by the first call: each language group gets them
        keys = (f"mail.tracking.message.{self._name}", f"mail.tracking.author.{self._name}")
        saved = {key: data.pop(key, {}) for key in keys}
        by_lang = defaultdict(list)
        for case in self:
            by_lang[case.user_id.lang or self.env.lang].append(case.id)
        result = {}
        for lang, ids in by_lang.items():
            data.update({key: dict(saved[key]) for key in keys})
            cases = self.browse(ids).with_context(lang=lang)
            result.update(
                super(DebtCollectionCase, cases)._message_track(fields_iter, initial_values_dict)
            )
        for key in keys:
            data.pop(key, None)
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_actions(self):
        return related_action(
            self,
            "debt_collection.debt_collection_action_action",
            "case_id",
            default_case_id=self.id,
        )

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"create": False}
        user = self.env.user
        if not (
            user.has_group("account.group_account_readonly")
            or user.has_group("account.group_account_invoice")
        ):
            # a consultant holds no Accounting group: the invoice's own fields only
            action["views"] = [
                (self.env.ref("debt_collection.account_move_view_list_collection").id, "list"),
                (self.env.ref("debt_collection.account_move_view_form_collection").id, "form"),
            ]
        return action

    def action_pause(self):
        self._check_not_closed()
        self.write({"state": "paused"})

    def action_resume(self):
        self._check_not_closed()
        self.filtered(lambda c: c.state in ("paused", "disputed")).write(
            {"state": "open", "next_action_date": fields.Date.context_today(self)}
        )

    def _collection_form_action(self):
        """The case's form, in the main window (from the queue and the call screen)."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.collection.case",
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def _collection_check_open_for_write(self):
        """Before a wizard logs what happened on the case: the user may change it, and it is
        still open."""
        self.check_access("write")
        if self.is_closed:
            raise UserError(self.env._("The case %(name)s is closed.", name=self.name))

    def _check_not_closed(self):
        if any(case.state in CLOSED_STATES for case in self):
            raise UserError(
                self.env._("A closed case cannot change; reopen it by opening a new case.")
            )

    def _close(self, state, reason=False):
        """Close the cases; every closing path (paid, settled, write-off, court) ends here."""
        self.write(
            {
                "state": state,
                "close_reason": reason or state,
                "date_closed": fields.Date.context_today(self),
                "next_action_date": False,
            }
        )
        self.activity_unlink(
            [
                "debt_collection.mail_activity_type_collection_call",
                "debt_collection.mail_activity_type_collection_visit",
            ]
        )

    def _collection_log_manual(self, result, note, for_consultant=False, **values):
        """Log a manual step ``result`` with ``note`` at the case's current stage: in the name
        of the case's consultant with ``for_consultant`` (a step decided for them), ``values``
        adding to the step's fields."""
        self.ensure_one()
        if for_consultant:
            values["user_id"] = self.user_id.id or self.env.user.id
        return self.env["debt.collection.action"]._log(
            {
                "case_id": self.id,
                "stage_id": self.stage_id.id,
                "channel": "manual",
                "result": result,
                "note": note,
                **values,
            }
        )

    def _collection_open_contact_activities(self):
        self.ensure_one()
        types = self.env.ref("debt_collection.mail_activity_type_collection_call") | self.env.ref(
            "debt_collection.mail_activity_type_collection_visit"
        )
        return self.activity_ids.filtered(lambda a: a.activity_type_id in types)

    def action_log_outcome(self):
        self.ensure_one()
        return window_action(
            self.env,
            "debt_collection.debt_collection_outcome_wizard_action",
            context={"default_case_id": self.id},
        )

    # ------------------------------------------------------------------
    # What the engine asks of a case
    # ------------------------------------------------------------------

    @api.model
    def _get_active_states(self):
        """States in which the ladder acts on a case (the legal addon adds its phase)."""
        return ["open"]

    @api.model
    def _get_hold_states(self):
        return list(HOLD_STATES)

    def _collection_subscribe_consultants(self):
        """The consultant follows their new cases with the subtypes Odoo gives a new follower
        (``mail.followers._add_default_followers``: the model's default ones, the external ones
        for a portal user), in two statements for the batch: one ``mail.followers.create`` per
        case cost a tenth of a cold run. test_bulk_writes compares them with Odoo's own."""
        cases = self.filtered("user_id")
        if not cases:
            return
        # sudo: followers are written for whoever opens the case, as mail.thread does
        Followers = self.env["mail.followers"].sudo()
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes(
            self._name
        )
        partners = cases.user_id.partner_id
        # sudo: as above, whether a consultant is a portal user is not a right of the caller
        customers = set(partners.sudo().filtered("partner_share").ids)
        subtypes = [
            (partner.id, subtype.id)
            for partner in partners
            for subtype in (external if partner.id in customers else default)
        ]
        Followers.flush_model()
        field = Followers._fields["subtype_ids"]
        self.env.cr.execute(
            SQL(
                """
                WITH new AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT %(model)s, res_id, partner_id
                      FROM unnest(%(res_ids)s::int[], %(partner_ids)s::int[])
                           AS t(res_id, partner_id)
                        ON CONFLICT DO NOTHING
                 RETURNING id, partner_id
                )
                INSERT INTO %(relation)s (%(column1)s, %(column2)s)
                SELECT new.id, s.subtype_id
                  FROM new
                  JOIN unnest(%(sub_partners)s::int[], %(sub_ids)s::int[])
                       AS s(partner_id, subtype_id) ON s.partner_id = new.partner_id
                """,
                model=self._name,
                res_ids=cases.ids,
                partner_ids=[case.user_id.partner_id.id for case in cases],
                relation=SQL.identifier(field.relation),
                column1=SQL.identifier(field.column1),
                column2=SQL.identifier(field.column2),
                sub_partners=[row[0] for row in subtypes] or [0],
                sub_ids=[row[1] for row in subtypes] or [0],
            )
        )
        cases.invalidate_recordset(["message_follower_ids", "message_partner_ids"])
        Followers.invalidate_model()
