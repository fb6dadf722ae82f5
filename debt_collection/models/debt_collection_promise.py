"""A payment promise of the debtor: how much, by when, how; kept or broken."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero, format_date

from .debt_collection_case import CLOSED_STATES

PROMISE_CHANNELS = [
    ("call", "Phone Call"),
    ("visit", "Home Visit"),
    ("email", "E-mail"),
    ("letter", "Letter"),
    ("portal", "Debtor's Page"),
    ("other", "Other"),
]


class DebtCollectionPromise(models.Model):
    """A concrete commitment of the debtor: how much, by when, how.

    While it runs the case leaves the ladder; the daily engine decides it kept, partly kept or
    broken from the payments reconciled with the case's invoices (accounting is the truth).
    """

    _name = "debt.collection.promise"
    _description = "Payment Promise"
    _inherit = ["mail.thread", "debt.collection.arrangement.mixin"]
    _order = "date_promised desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["case_id", "partner_id"]

    date = fields.Date(
        string="Promised On",
        required=True,
        default=fields.Date.context_today,
        readonly=True,
        help="Payments from this day on count toward the promise.",
    )
    amount = fields.Monetary(required=True, tracking=True)
    date_promised = fields.Date(string="Promised Date", required=True, tracking=True)
    date_limit = fields.Date(
        string="Decided On",
        compute="_compute_date_limit",
        store=True,
        index=True,
        help="Promised date plus the company's grace days: the promise is decided after it.",
    )
    channel = fields.Selection(PROMISE_CHANNELS, default="call", required=True)
    payment_method = fields.Char(
        string="How", help="Bank transfer, card, cash at the office... as agreed."
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "debt_collection_promise_invoice_rel",
        "promise_id",
        "move_id",
        string="Invoices Covered",
        domain="[('collection_case_id', '=', case_id)]",
        help="Leave empty when the promise covers the whole case.",
    )
    note = fields.Text()
    amount_paid = fields.Monetary(
        string="Paid", readonly=True, copy=False, help="Payments reconciled in the promise window."
    )
    state = fields.Selection(
        [
            # labels of their own ("Pending", "Withdrawn"): the case's "Open" and the plan's
            # "Cancelled" are masculine in Spanish, a promise (promesa) is feminine
            ("open", "Pending"),
            ("kept", "Kept"),
            ("partial", "Partly Kept"),
            ("broken", "Broken"),
            ("cancelled", "Withdrawn"),
        ],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )

    @api.depends("date_promised", "company_id.collection_promise_grace_days")
    def _compute_date_limit(self):
        for promise in self:
            grace = max(promise.company_id.collection_promise_grace_days, 0)
            promise.date_limit = promise.date_promised and promise.date_promised + timedelta(
                days=grace
            )

    @api.depends("case_id", "amount", "date_promised")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = self.env._(
                "%(case)s: %(amount)s by %(date)s",
                case=promise.case_id.name or "",
                amount=promise.currency_id.format(promise.amount) if promise.currency_id else "",
                date=format_date(self.env, promise.date_promised),
            )

    def _collection_reader_env(self):
        """Notes about a promise are read by its case's consultant, in their language."""
        self.ensure_one()
        return self.case_id._collection_reader_env()

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------

    def _check_promise_terms(self):
        """Amount and date a consultant may accept (checked when recorded or changed)."""
        today = fields.Date.context_today(self)
        for promise in self:
            case = promise.case_id
            if case.state in CLOSED_STATES:
                raise ValidationError(self.env._("The case %(name)s is closed.", name=case.name))
            if float_compare(promise.amount, 0.0, precision_rounding=self._rounding()) <= 0:
                raise ValidationError(self.env._("The promised amount must be positive."))
            due = sum(promise.invoice_ids.mapped("amount_residual_signed")) or case.amount_residual
            if float_compare(promise.amount, due, precision_rounding=self._rounding()) > 0:
                raise ValidationError(
                    self.env._(
                        "The promised amount %(amount)s is more than what is due (%(due)s).",
                        amount=promise.currency_id.format(promise.amount),
                        due=promise.currency_id.format(due),
                    )
                )
            if promise.date_promised < today:
                raise ValidationError(self.env._("The promised date cannot be in the past."))
            horizon = promise.company_id.collection_promise_horizon_days
            if promise.date_promised > today + timedelta(days=horizon):
                raise ValidationError(
                    self.env._(
                        "The promised date is too far away: at most %(days)s days from today.",
                        days=horizon,
                    )
                )
            if promise.invoice_ids - case.invoice_ids:
                raise ValidationError(
                    self.env._("A promise can only cover invoices of its own case.")
                )

    def _rounding(self):
        return (self.currency_id or self.env.company.currency_id).rounding

    @api.model_create_multi
    def create(self, vals_list):
        promises = super().create(vals_list)
        promises._check_promise_terms()
        for case in promises.case_id:
            if case.state == "plan":
                raise ValidationError(
                    self.env._(
                        "The case %(name)s follows an instalment plan; record the payment "
                        "on the plan instead.",
                        name=case.name,
                    )
                )
            if len(case.promise_ids.filtered(lambda p: p.state == "open")) > 1:
                raise ValidationError(
                    self.env._(
                        "The case %(name)s already has an open promise; cancel it first.",
                        name=case.name,
                    )
                )
        for promise in promises:
            promise.case_id._collection_hold_for("promise")
            env = promise._collection_reader_env()
            promise.case_id.message_post(
                body=env._(
                    "Payment promise recorded: %(amount)s by %(date)s.",
                    amount=promise.currency_id.with_env(env).format(promise.amount),
                    date=format_date(env, promise.date_promised),
                ),
                subtype_xmlid="mail.mt_note",
            )
        # a promise made on a call or visit reported in the outcome wizard is that contact's
        # step (logged now that the promise is saved); any other is a manual step of its own
        outcome = promises._collection_outcome_wizard()
        if outcome:
            outcome._log_step(outcome.case_id, promise=promises)
            if isinstance(self.env.context.get("debt_collection_call_id"), int):
                self.env["debt.collection.call"]._collection_promise_saved(promises)
        self.env["debt.collection.action"]._log(
            [
                {
                    "case_id": promise.case_id.id,
                    "stage_id": promise.case_id.stage_id.id,
                    "channel": "manual",
                    "result": "promise",
                    "note": promise.with_env(promise._collection_reader_env()).display_name,
                }
                for promise in promises
                if not outcome
            ]
        )
        return promises

    def _collection_outcome_wizard(self):
        """The call or visit report (``debt.collection.outcome.wizard``) this single promise
        was made in, read from the context; an empty recordset otherwise."""
        Wizard = self.env["debt.collection.outcome.wizard"]
        wizard_id = self.env.context.get("debt_collection_outcome_wizard_id")
        if len(self) != 1 or not isinstance(wizard_id, int):
            return Wizard
        wizard = Wizard.browse(wizard_id).exists()
        # only the consultant's own report of this case's contact
        if (
            wizard.create_uid != self.env.user
            or wizard.case_id != self.case_id
            or wizard.result != "promise"
        ):
            return Wizard
        return wizard

    def write(self, vals):
        terms = {"amount", "date_promised", "invoice_ids", "case_id"} & set(vals)
        if terms and any(promise.state != "open" for promise in self):
            raise UserError(self.env._("Only an open promise can be changed."))
        res = super().write(vals)
        if terms:
            self._check_promise_terms()
        return res

    def action_cancel(self):
        for promise in self:
            if promise.state != "open":
                raise UserError(self.env._("Only an open promise can be cancelled."))
        self.write({"state": "cancelled"})
        self.case_id.filtered(lambda c: c.state == "promise")._collection_resume(
            fields.Date.context_today(self)
        )

    # ------------------------------------------------------------------
    # Daily evaluation
    # ------------------------------------------------------------------

    def _evaluate(self, today):
        """Decide these open promises from reconciled payments; batched and idempotent."""
        promises = self.filtered(lambda p: p.state == "open")
        if not promises:
            return
        paid = promises._collection_paid_amounts()
        for promise in promises:
            amount_paid = paid.get(promise.id, 0.0)
            rounding = promise._rounding()
            if float_compare(amount_paid, promise.amount, precision_rounding=rounding) >= 0:
                promise._decide("kept", amount_paid, today)
            elif promise.date_limit < today:
                state = (
                    "broken"
                    if float_is_zero(amount_paid, precision_rounding=rounding)
                    else ("partial")
                )
                promise._decide(state, amount_paid, today)
            elif float_compare(amount_paid, promise.amount_paid, precision_rounding=rounding):
                promise.amount_paid = amount_paid

    def _collection_paid_amounts(self):
        """{promise id: payments reconciled with its invoices inside its window}, one query."""
        return self._collection_payments_in(
            SQL(
                """pl.date BETWEEN p.date AND p.date_limit
                   AND (NOT EXISTS (SELECT 1 FROM debt_collection_promise_invoice_rel r
                                     WHERE r.promise_id = p.id)
                        OR m.id IN (SELECT r.move_id FROM debt_collection_promise_invoice_rel r
                                     WHERE r.promise_id = p.id))"""
            ),
            ["date", "date_limit"],
        )

    def _decide(self, state, amount_paid, today):
        self.ensure_one()
        self.write({"state": state, "amount_paid": amount_paid})
        case = self.case_id
        env = self._collection_reader_env()
        promise = self.with_env(env)
        # the step's result already says kept, partly kept or broken
        case._collection_log_manual(f"promise_{state}", promise.display_name, for_consultant=True)
        if case.state != "promise":
            return
        if state == "kept":
            if not case.currency_id.is_zero(case.amount_residual):
                case._collection_resume(today)
        elif state == "broken":
            # intensify: the next step of the ladder is due now and the case counts as riskier
            case._collection_resume(today)
            case.priority = str(min(int(case.priority or 0) + 1, 3))
            case._collection_ask_consultant(
                env._("Promise broken: %(promise)s", promise=promise.display_name)
            )
        else:
            case.write(
                {
                    "state": "paused",
                    "hold_reason": env._("Promise partly kept: decide the next step."),
                }
            )
            currency = self.currency_id.with_env(env)
            case._collection_ask_consultant(
                env._(
                    "Promise partly kept (%(paid)s of %(amount)s): new promise, plan or resume?",
                    paid=currency.format(amount_paid),
                    amount=currency.format(self.amount),
                )
            )
