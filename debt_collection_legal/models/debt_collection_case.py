"""The case's legal phase: its state, notice, hand-off, prescription and the legal team."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every
from odoo.tools.misc import format_date

from odoo.addons.debt_collection.tools.actions import window_action

from .debt_collection_legal_notice import OPEN_STATES, PROVEN_OUTCOMES

LEGAL_GROUP = "debt_collection_legal.debt_collection_legal_group_user"
MANAGER_GROUP = "debt_collection.debt_collection_group_manager"
# cases read and written at once by the daily prescription check
PRESCRIPTION_BATCH = 5000
# Notices whose delivery was proven, whatever happened after: they interrupt prescription
PROVEN_NOTICE_STATES = ("delivered", "expired", "answered")


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    state = fields.Selection(
        selection_add=[("legal", "Legal Phase"), ("paid",)], ondelete={"legal": "set default"}
    )

    legal_notice_ids = fields.One2many(
        "debt.collection.legal.notice", "case_id", string="Legal Notices"
    )
    legal_notice_count = fields.Integer(compute="_compute_legal_counts")
    proceeding_ids = fields.One2many("debt.collection.proceeding", "case_id", string="Proceedings")
    proceeding_count = fields.Integer(compute="_compute_legal_counts")
    solvency_note = fields.Text(
        string="Solvency Notes",
        help="What is known of the debtor's assets and income: weighed before going to court.",
    )
    collection_prescription_rule_id = fields.Many2one(
        "debt.collection.prescription.rule",
        string="Limitation Period",
        compute="_compute_collection_prescription_rule_id",
        store=True,
        readonly=False,
        help="The kind of debt, which sets when it becomes time-barred.",
    )
    collection_date_acknowledged = fields.Date(
        string="Debt Acknowledged On",
        tracking=True,
        help="The date the debtor signed an acknowledgment of the debt (attach it to the case): "
        "it interrupts prescription.",
    )
    collection_date_prescription = fields.Date(
        string="Prescription Date",
        readonly=True,
        copy=False,
        index=True,
        help="The first day an open invoice of the case is time-barred, counted from its due "
        "date or its last interruption (delivered notice, acknowledgment, part payment, filed "
        "claim). Empty while a claim is pending in court.",
    )
    collection_prescription_soon = fields.Boolean(
        string="Prescription Approaching", readonly=True, copy=False, index=True
    )
    collection_time_barred = fields.Boolean(
        string="Time-barred", readonly=True, copy=False, index=True
    )
    legal_decision_pending = fields.Boolean(
        string="Awaiting Legal Decision",
        readonly=True,
        copy=False,
        help="The deadline of the legal notice passed unpaid: a manager decides between court "
        "and write-off.",
    )

    def _compute_legal_counts(self):
        notices = dict(
            self.env["debt.collection.legal.notice"]._read_group(
                [("case_id", "in", self.ids)], ["case_id"], ["__count"]
            )
        )
        proceedings = dict(
            self.env["debt.collection.proceeding"]._read_group(
                [("case_id", "in", self.ids)], ["case_id"], ["__count"]
            )
        )
        for case in self:
            case.legal_notice_count = notices.get(case, 0)
            case.proceeding_count = proceedings.get(case, 0)

    @api.depends("creditor_id", "company_id")
    def _compute_collection_prescription_rule_id(self):
        Rule = self.env["debt.collection.prescription.rule"]
        for case in self:
            if case.collection_prescription_rule_id:
                continue
            creditor = case.creditor_id or case.company_id.partner_id
            case.collection_prescription_rule_id = Rule._default_for(
                creditor.country_id or case.company_id.country_id
            )

    def write(self, vals):
        res = super().write(vals)
        if {"collection_date_acknowledged", "collection_prescription_rule_id"} & set(vals):
            self._legal_update_prescription()
        return res

    # ------------------------------------------------------------------
    # What the engine asks of a case
    # ------------------------------------------------------------------

    @api.model
    def _get_active_states(self):
        # the ladder goes on during the legal phase (its deadline, then the end step)
        return super()._get_active_states() + ["legal"]

    def _collection_may_contact(self, channel, when=None, contact_point=None):
        """Extrajudicial collection does not end while a delivered legal notice still gives
        the debtor time to pay: the end step waits for its deadline."""
        allowed, reason = super()._collection_may_contact(channel, when, contact_point)
        if not allowed or channel != "end":
            return allowed, reason
        today = fields.Date.context_today(self)
        running = self.legal_notice_ids.filtered(
            lambda n: n.state == "delivered" and n.date_deadline and n.date_deadline >= today
        )[:1]
        if running:
            return False, self.env._(
                "Legal notice %(name)s: the debtor has until %(date)s to pay.",
                name=running.name,
                date=format_date(self.env, running.date_deadline),
            )
        return True, ""

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_prepare_legal_notice(self):
        self.ensure_one()
        self.check_access("write")
        notice = self._legal_prepare_notice()
        return notice._get_records_action(name=self.env._("Legal Notice"))

    def action_view_legal_notices(self):
        return self._legal_documents_action("debt_collection_legal_notice_action")

    def action_view_proceedings(self):
        return self._legal_documents_action("debt_collection_proceeding_action", create=False)

    def _legal_documents_action(self, action, **context):
        """The legal addon's window action ``action`` on this case's documents."""
        self.ensure_one()
        return window_action(
            self.env,
            f"debt_collection_legal.{action}",
            domain=[("case_id", "=", self.id)],
            context={"default_case_id": self.id, **context},
        )

    def action_hand_off(self):
        """The cost-benefit panel before the hand-off to court."""
        self.ensure_one()
        # the check refreshes the case's prescription flags as superuser: only who works it
        self.check_access("write")
        self._legal_check_hand_off()
        return window_action(
            self.env,
            "debt_collection_legal.debt_collection_handoff_wizard_action",
            context={"default_case_id": self.id},
        )

    # ------------------------------------------------------------------
    # The legal notice
    # ------------------------------------------------------------------

    def _legal_open_notice(self):
        self.ensure_one()
        return self.legal_notice_ids.filtered(lambda n: n.state in OPEN_STATES)[:1]

    def _legal_prepare_notice(self):
        """A draft notice for the Legal group to review (one open notice per case)."""
        self.ensure_one()
        existing = self._legal_open_notice()
        if existing:
            return existing
        self._check_not_closed()
        self._legal_update_prescription()
        if self.collection_time_barred:
            raise UserError(
                self.env._(
                    "The debt of %(case)s is time-barred since %(date)s: no legal notice.",
                    case=self.name,
                    date=format_date(self.env, self.collection_date_prescription),
                )
            )
        if self.state == "disputed":
            raise UserError(
                self.env._("The debt of %(case)s is disputed: resolve it first.", case=self.name)
            )
        if not self._get_letter_invoices():
            raise UserError(self.env._("%(case)s has no open invoice to claim.", case=self.name))
        notice = self.env["debt.collection.legal.notice"].create({"case_id": self.id})
        if self.state == "open":
            self.state = "legal"
        self.message_post(
            body=self._collection_reader_env()._(
                "Legal notice %(name)s prepared: the Legal group reviews and sends it.",
                name=notice.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        notice._notify_legal_team(
            self.env._("Review and send legal notice %(name)s", name=notice.name)
        )
        return notice

    def _legal_reviewer(self):
        """Who reviews legal notices of this case: the company's legal decision maker if in
        the Legal group, else a member of the Legal group of the company, else the consultant."""
        self.ensure_one()
        company = self.company_id
        chosen = company.collection_legal_manager_id
        if chosen and chosen.has_group(LEGAL_GROUP):
            return chosen
        legal = self.env.ref(LEGAL_GROUP).users.filtered(
            lambda u: not u.share and u.active and company in u.company_ids and u.id != 1
        )
        return legal[:1] or self.user_id or self.env.user

    def _legal_decider(self):
        """Who decides between court and write-off: the company's choice or a manager."""
        self.ensure_one()
        company = self.company_id
        if company.collection_legal_manager_id:
            return company.collection_legal_manager_id
        managers = self.env.ref(MANAGER_GROUP).users.filtered(
            lambda u: not u.share and u.active and company in u.company_ids and u.id != 1
        )
        return managers[:1] or self.user_id or self.env.user

    def _legal_log_step(self, document, result, note=False):
        """A step of a notice or proceeding in the case's audit trail (DI-4)."""
        self.ensure_one()
        pdf = document.pdf_attachment_id if "pdf_attachment_id" in document._fields else False
        vals = {
            "case_id": self.id,
            "stage_id": self.stage_id.id,
            "channel": "legal",
            "result": result,
            "user_id": self.env.user.id,
            "note": " - ".join(filter(None, [document.name, note])),
            "attachment_id": pdf.id if pdf else False,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
        }
        return self.env["debt.collection.action"]._log(vals)

    def _legal_after_delivery(self, notice):
        """A delivered notice interrupts prescription of the invoices it lists."""
        self._legal_update_prescription()

    def _legal_ask_consultant(self, summary):
        for case in self:
            # sudo: an activity for someone else, asked by the notice's flow (cron, gateway)
            case.sudo().activity_schedule(
                "debt_collection.mail_activity_type_collection_review",
                user_id=(case.user_id or case._legal_decider()).id,
                summary=summary,
            )

    def _legal_ask_decider(self, summary):
        """An activity for whoever decides between court and write-off."""
        for case in self:
            # sudo: an activity for the manager, asked by the notice's flow (cron, gateway)
            case.sudo().activity_schedule(
                "debt_collection_legal.mail_activity_type_legal_decision",
                user_id=case._legal_decider().id,
                summary=summary,
            )

    def _legal_ask_manager(self, notice):
        """The deadline passed unpaid: a manager decides (court or write-off)."""
        self.ensure_one()
        # sudo: a flag the deadline cron sets, whoever runs it
        self.sudo().write({"legal_decision_pending": True})
        env = self._legal_team_env()
        self._legal_ask_decider(
            env._(
                "The deadline of legal notice %(name)s passed unpaid on %(date)s: hand the "
                "case to court or write it off.",
                name=notice.name,
                date=format_date(env, notice.date_deadline),
            )
        )

    def _legal_team_env(self):
        """The environment to write the team's activities in: the company's language, as
        the collection run does, whoever runs the cron (the cron user writes English)."""
        self.ensure_one()
        return self.with_context(lang=self.company_id.partner_id.lang or self.env.lang).env

    def _check_not_closed(self):
        # a case handed to court is written off from its proceeding when the claim failed
        cases = self
        if self.env.context.get("debt_collection_legal_writeoff"):
            cases = self.filtered(lambda case: case.state != "court")
        return super(DebtCollectionCase, cases)._check_not_closed()

    def _close(self, state, reason=False):
        """A closed case needs no legal decision any more."""
        res = super()._close(state, reason)
        # sudo: whoever closes the case (court, write-off, payment) settles the decision
        self.filtered("legal_decision_pending").sudo().write({"legal_decision_pending": False})
        self.sudo().activity_unlink(["debt_collection_legal.mail_activity_type_legal_decision"])
        return res

    def _legal_payments_between(self, date_from, date_to=None):
        """Payments and credits reconciled with the case's invoices between two dates."""
        self.ensure_one()
        return [
            (day, amount)
            for invoice in self.invoice_ids
            for day, amount in invoice._collection_legal_payments(date_to)
            if day >= date_from
        ]

    def _legal_check_hand_off(self):
        """Court only after a notice with proven delivery whose deadline passed (CG-10), never
        for a time-barred (CG-7) or disputed debt (CG-4)."""
        self.ensure_one()
        self._check_not_closed()
        self._legal_update_prescription()
        if self.collection_time_barred:
            raise UserError(self.env._("The debt is time-barred: it cannot be handed to court."))
        if self.state == "disputed":
            raise UserError(self.env._("The debt is disputed: resolve the dispute first."))
        today = fields.Date.context_today(self)
        proven = self.legal_notice_ids.filtered(
            lambda n: (
                n.delivery_outcome in PROVEN_OUTCOMES
                and n.date_deadline
                and n.date_deadline < today
            )
        )
        if not proven:
            raise UserError(
                self.env._(
                    "No legal notice of this case has a proven delivery and a deadline that "
                    "passed: no hand-off to court without it."
                )
            )

    # ------------------------------------------------------------------
    # Prescription
    # ------------------------------------------------------------------

    def _legal_update_prescription(self):
        """Recompute when the first open invoice becomes time-barred, and flag the cases:
        only the cases whose date or flags changed are written."""
        today = fields.Date.context_today(self)
        # sudo: prescription follows from accounting (payments) a consultant may not read;
        # only the case's own flags are written
        cases = self.sudo()
        dates = cases._legal_prescription_dates()
        changes = {}
        for case in cases:
            first = dates.get(case.id, False)
            warning = timedelta(days=case.company_id.collection_prescription_warning_days)
            values = (
                first,
                bool(first and first <= today),
                bool(first and today < first <= today + warning),
            )
            current = (
                case.collection_date_prescription,
                case.collection_time_barred,
                case.collection_prescription_soon,
            )
            if values != current:
                changes.setdefault(values, []).append(case.id)
        for (first, barred, soon), ids in changes.items():
            changed = cases.browse(ids)
            newly_soon = changed.filtered(lambda c: not c.collection_prescription_soon)
            changed.write(
                {
                    "collection_date_prescription": first,
                    "collection_time_barred": barred,
                    "collection_prescription_soon": soon,
                }
            )
            if not soon:
                continue
            for case in newly_soon.filtered(lambda c: not c.is_closed):
                env = case._legal_team_env()
                case._legal_ask_decider(
                    env._(
                        "The debt becomes time-barred on %(date)s: act before then.",
                        date=format_date(env, first),
                    )
                )

    def _legal_prescription_dates(self):
        """``{case id: first time-barred day}``: for each open, undisputed invoice of the
        case, its limitation period counted from the last of its due date and the
        interrupting acts (signed acknowledgment, delivered notice listing it, part payment,
        claim closed in court); the case's date is the earliest. A case with a claim pending
        in court (prescription does not run), no limitation period or no open invoice has
        none. One query for any number of cases: the daily cron reads every open case."""
        if not self:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT m.collection_case_id,
                       MIN((GREATEST(
                              COALESCE(m.invoice_date_due, m.invoice_date),
                              c.collection_date_acknowledged,
                              (SELECT MAX(n.date_delivered)
                                 FROM debt_collection_legal_notice_line nl
                                 JOIN debt_collection_legal_notice n ON n.id = nl.notice_id
                                WHERE nl.move_id = m.id
                                  AND n.case_id = c.id
                                  AND n.state IN %(proven_states)s
                                  AND n.delivery_outcome IN %(proven_outcomes)s),
                              (SELECT MAX(paid.date)
                                 FROM account_move_line l
                                 JOIN account_account a ON a.id = l.account_id
                                 JOIN account_partial_reconcile p ON p.debit_move_id = l.id
                                 JOIN account_move_line paid ON paid.id = p.credit_move_id
                                WHERE l.move_id = m.id
                                  AND a.account_type = 'asset_receivable'),
                              (SELECT MAX(COALESCE(pr.date_closed, pr.date_filed))
                                 FROM debt_collection_proceeding pr
                                WHERE pr.case_id = c.id
                                  AND pr.date_filed IS NOT NULL
                                  AND pr.state = 'closed')
                            ) + make_interval(years => r.years))::date)
                  FROM account_move m
                  JOIN debt_collection_case c ON c.id = m.collection_case_id
                  JOIN debt_collection_prescription_rule r
                    ON r.id = c.collection_prescription_rule_id
                 WHERE m.collection_case_id IN %(case_ids)s
                   AND m.state = 'posted'
                   AND m.payment_state IN ('not_paid', 'partial')
                   AND NOT COALESCE(m.collection_disputed, FALSE)
                   AND NOT EXISTS (
                       SELECT 1 FROM debt_collection_proceeding pr
                        WHERE pr.case_id = c.id
                          AND pr.date_filed IS NOT NULL
                          AND pr.state != 'closed')
              GROUP BY m.collection_case_id
                """,
                case_ids=tuple(self.ids),
                proven_states=PROVEN_NOTICE_STATES,
                proven_outcomes=PROVEN_OUTCOMES,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _cron_legal(self):
        """Daily: legal deadlines, then prescription of the open cases (read in one query
        per batch, written only where something changed)."""
        self.env["debt.collection.legal.notice"]._cron_check_deadlines()
        cases = self.search([("is_closed", "=", False), ("invoice_ids", "!=", False)])
        for batch in split_every(PRESCRIPTION_BATCH, cases.ids, self.browse):
            batch._legal_update_prescription()
            batch.invalidate_recordset()
        return True
