"""An instalment plan agreed with the debtor: schedule, approval, evaluation, settlement."""

from datetime import timedelta
from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero, format_date

from ..tools import amount_to_words
from ..tools.access import check_manager
from .debt_collection_case import CLOSED_STATES


class DebtCollectionPlan(models.Model):
    """An instalment plan agreed with the debtor, possibly settling for less than the residual.

    Its instalments are followed against the payments reconciled with the case's invoices since
    the plan started; a missed instalment breaches it, repeated misses cancel it (the whole
    residual is due again) and a completed settlement writes the forgiven rest off.
    """

    _name = "debt.collection.plan"
    _description = "Instalment Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "debt.collection.arrangement.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default="/", copy=False, readonly=True)
    line_ids = fields.One2many(
        "debt.collection.plan.line", "plan_id", string="Instalments", copy=True
    )
    amount_due = fields.Monetary(
        string="Due When Agreed",
        required=True,
        readonly=True,
        help="The case's residual when the plan was made.",
    )
    amount_total = fields.Monetary(string="Agreed Total", required=True, tracking=True)
    amount_discount = fields.Monetary(
        string="Forgiven", compute="_compute_discount", store=True, help="Settlement discount."
    )
    discount_percent = fields.Float(string="Discount (%)", compute="_compute_discount", store=True)
    amount_paid = fields.Monetary(string="Paid", readonly=True, copy=False)
    date_start = fields.Date(
        string="Agreed On", default=fields.Date.context_today, required=True, readonly=True
    )
    needs_approval = fields.Boolean(compute="_compute_needs_approval")
    approval_route = fields.Selection(
        [("manager", "Collection Manager"), ("creditor", "Creditor")],
        compute="_compute_approval_route",
        help="Who would approve this plan if it were confirmed now.",
    )
    approval_by = fields.Selection(
        [("manager", "Collection Manager"), ("creditor", "Creditor")],
        string="Waits for",
        readonly=True,
        copy=False,
        help="Who approves this plan before it runs: a Collection Manager above a consultant's "
        "authority in-house, the creditor above the agency's settlement authority.",
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    missed_count = fields.Integer(string="Missed Instalments", readonly=True, copy=False)
    settlement_move_id = fields.Many2one(
        "account.move", string="Settlement Entry", readonly=True, copy=False
    )
    note = fields.Text()
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("running", "Running"),
            ("breached", "Breached"),
            ("done", "Completed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )

    @api.depends("amount_due", "amount_total")
    def _compute_discount(self):
        for plan in self:
            plan.amount_discount = max(plan.amount_due - plan.amount_total, 0.0)
            plan.discount_percent = (
                plan.amount_discount / plan.amount_due * 100.0 if plan.amount_due else 0.0
            )

    @api.depends("discount_percent", "line_ids", "company_id", "case_id.mandate_id")
    def _compute_needs_approval(self):
        for plan in self:
            max_discount, max_instalments = plan.case_id._collection_settlement_authority()
            plan.needs_approval = (
                float_compare(plan.discount_percent, max_discount, 2) > 0
                or len(plan.line_ids) > max_instalments
            )

    @api.depends("needs_approval", "case_id.mandate_id")
    def _compute_approval_route(self):
        for plan in self:
            plan.approval_route = plan._collection_approval_route()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("debt.collection.plan") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Validation and approval
    # ------------------------------------------------------------------

    def _check_schedule(self):
        for plan in self:
            if plan.case_id.state in CLOSED_STATES:
                raise ValidationError(
                    self.env._("The case %(name)s is closed.", name=plan.case_id.name)
                )
            rounding = plan.currency_id.rounding
            if float_compare(plan.amount_total, 0.0, precision_rounding=rounding) <= 0:
                raise ValidationError(self.env._("The agreed total must be positive."))
            if float_compare(plan.amount_total, plan.amount_due, precision_rounding=rounding) > 0:
                raise ValidationError(
                    self.env._("The agreed total cannot be more than what is due.")
                )
            if not plan.line_ids:
                raise ValidationError(self.env._("A plan needs at least one instalment."))
            if any(
                float_compare(line.amount, 0.0, precision_rounding=rounding) <= 0
                for line in plan.line_ids
            ):
                raise ValidationError(self.env._("Every instalment must be a positive amount."))
            total = sum(plan.line_ids.mapped("amount"))
            if float_compare(total, plan.amount_total, precision_rounding=rounding):
                raise ValidationError(
                    self.env._(
                        "The instalments add up to %(sum)s, not to the agreed %(total)s.",
                        sum=plan.currency_id.format(total),
                        total=plan.currency_id.format(plan.amount_total),
                    )
                )
            dates = [line.date_due for line in plan.line_ids.sorted(lambda l: (l.sequence, l.id))]
            if any(b <= a for a, b in pairwise(dates)):
                raise ValidationError(self.env._("Instalment dates must follow one another."))
            if dates[0] < plan.date_start:
                raise ValidationError(self.env._("The first instalment cannot be in the past."))

    def _collection_approval_route(self):
        """Who must approve this plan before it runs: ``False`` (nobody), ``"manager"`` or
        ``"creditor"``. The one place of the rule, for the back office and the portal alike:
        above the settlement authority (``_collection_settlement_authority``) an agency's plan
        waits for its creditor, an in-house plan for a Collection Manager."""
        self.ensure_one()
        if not self.needs_approval:
            return False
        return "creditor" if self.case_id.mandate_id else "manager"

    def _collection_submit(self, by_manager=False):
        """Run the agreed plan, or send it for the approval the rule asks for. A manager's own
        confirmation is the manager's approval; never the creditor's."""
        self.ensure_one()
        route = self._collection_approval_route()
        if not route or (route == "manager" and by_manager):
            self._start()
            return
        self.write({"state": "to_approve", "approval_by": route})
        self._request_approval()

    def action_confirm(self):
        """The consultant confirms the agreement; above their authority a manager (in-house)
        or the creditor (agency) approves."""
        by_manager = self.env.user.has_group("debt_collection.debt_collection_group_manager")
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft plan can be confirmed."))
            plan._check_schedule()
            plan._collection_submit(by_manager=by_manager)

    def action_approve(self):
        """A manager approves; on a plan waiting for the creditor this records the creditor's
        approval given outside the portal (a letter, a call), and says so."""
        check_manager(self.env, self.env._("Only a Collection Manager can approve a plan."))
        for plan in self:
            if plan.state != "to_approve":
                raise UserError(self.env._("This plan is not waiting for approval."))
            plan._check_schedule()
            if plan.approval_by == "creditor":
                plan.message_post(
                    body=self.env._(
                        "The creditor's approval was recorded by %(user)s.",
                        user=self.env.user.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            plan.approved_by_id = self.env.user
            plan.activity_unlink(["mail.mail_activity_data_todo"])
            plan._start()

    def action_reject(self):
        check_manager(self.env, self.env._("Only a Collection Manager can reject a plan."))
        self.filtered(lambda p: p.state == "to_approve").write(
            {"state": "draft", "approval_by": False}
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def action_cancel(self):
        for plan in self:
            if plan.state in ("done", "cancelled"):
                raise UserError(self.env._("This plan is already over."))
            running = plan.state in ("running", "breached")
            plan.state = "cancelled"
            if running and plan.case_id.state == "plan":
                plan.case_id._collection_resume(fields.Date.context_today(self))

    def _request_approval(self):
        """A manager gets an activity; a plan waiting for the creditor says so in its chatter
        (the creditor approves it on their portfolio page)."""
        if self.approval_by == "creditor":
            self.message_post(
                body=self.case_id._collection_reader_env()._(
                    "Above the settlement authority of the mandate %(mandate)s: the plan waits "
                    "for the approval of the creditor (%(creditor)s).",
                    mandate=self.case_id.mandate_id.name,
                    creditor=self.case_id.creditor_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
            return
        group = self.env.ref("debt_collection.debt_collection_group_manager")
        managers = group.users.filtered(lambda u: self.company_id in u.company_ids and not u.share)
        for manager in managers[:1] or self.env.user:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.with_context(lang=manager.lang or self.env.lang).env._(
                    "Approve the instalment plan %(name)s", name=self.name
                ),
            )

    def _start(self):
        self.ensure_one()
        case = self.case_id
        if case.plan_ids.filtered(lambda p: p != self and p.state in ("running", "breached")):
            raise ValidationError(
                self.env._("The case %(name)s already follows a plan.", name=case.name)
            )
        case.promise_ids.filtered(lambda p: p.state == "open").write({"state": "cancelled"})
        self.write({"state": "running", "date_start": fields.Date.context_today(self)})
        case._collection_hold_for("plan")
        env = case._collection_reader_env()
        case._collection_log_manual(
            "plan",
            env._(
                "Plan %(name)s: %(total)s in %(count)s instalments.",
                name=self.name,
                total=self.currency_id.with_env(env).format(self.amount_total),
                count=len(self.line_ids),
            ),
        )

    def _get_amount_words(self, amount):
        """An amount in words in the debtor's language, for the signed agreement."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        return amount_to_words(amount, self.currency_id, lang)

    def action_print_agreement(self):
        return self.env.ref("debt_collection.action_report_collection_plan").report_action(self)

    # ------------------------------------------------------------------
    # Daily follow-up
    # ------------------------------------------------------------------

    def _evaluate(self, today):
        """Follow these running plans against the payments reconciled with their cases."""
        plans = self.filtered(lambda p: p.state in ("running", "breached"))
        if not plans:
            return
        paid = plans._collection_paid_amounts()
        for plan in plans:
            plan._follow(paid.get(plan.id, 0.0), today)

    def _collection_paid_amounts(self):
        """{plan id: payments reconciled with the case's invoices since the plan started}."""
        return self._collection_payments_in(SQL("pl.date >= p.date_start"), ["date_start"])

    def _follow(self, amount_paid, today):
        """Allocate what was paid to the instalments in order; decide misses and completion."""
        self.ensure_one()
        rounding = self.currency_id.rounding
        grace = timedelta(days=max(self.company_id.collection_plan_grace_days, 0))
        covered = amount_paid
        newly_missed = self.env["debt.collection.plan.line"]
        for line in self.line_ids._collection_allocation_order():
            if float_compare(covered, line.amount, precision_rounding=rounding) >= 0:
                covered -= line.amount
                state = "paid"
            else:
                covered = 0.0
                state = "missed" if line._collection_is_late(today, grace) else "open"
                if state == "missed" and line.state != "missed":
                    newly_missed |= line
            if line.state != state:
                line.state = state
        if float_compare(amount_paid, self.amount_paid, precision_rounding=rounding):
            self.amount_paid = amount_paid
        if float_compare(amount_paid, self.amount_total, precision_rounding=rounding) >= 0:
            self._complete()
            return
        if not newly_missed:
            return
        self.missed_count += len(newly_missed)
        env = self.case_id._collection_reader_env()
        self.case_id._collection_log_manual(
            "plan_missed",
            env._(
                "Plan %(name)s: instalment of %(date)s missed.",
                name=self.name,
                date=format_date(env, newly_missed[:1].date_due),
            ),
            for_consultant=True,
        )
        if self.missed_count >= max(self.company_id.collection_plan_max_misses, 1):
            self._accelerate(today)
        else:
            self.state = "breached"
            self.case_id._collection_ask_consultant(
                env._(
                    "Instalment missed on plan %(name)s: call the debtor before it is cancelled.",
                    name=self.name,
                )
            )

    def _accelerate(self, today):
        """Cancel the plan: the whole residual is due again and the ladder resumes."""
        self.ensure_one()
        self.state = "cancelled"
        case = self.case_id
        env = case._collection_reader_env()
        case._collection_log_manual(
            "plan_cancelled",
            env._(
                "Plan %(name)s cancelled after %(count)s missed instalments; "
                "%(residual)s is due again.",
                name=self.name,
                count=self.missed_count,
                residual=self.currency_id.with_env(env).format(case.amount_residual),
            ),
            for_consultant=True,
        )
        if case.state == "plan":
            case._collection_resume(today)
            case.priority = str(min(int(case.priority or 0) + 1, 3))
        case._collection_ask_consultant(
            env._("Plan %(name)s cancelled: the ladder resumes.", name=self.name)
        )

    def _complete(self):
        self.ensure_one()
        case = self.case_id
        self.state = "done"
        if case.is_closed:
            return
        rounding = self.currency_id.rounding
        if float_is_zero(case.amount_residual, precision_rounding=rounding):
            case._close("paid", "paid")
        elif float_is_zero(self.amount_discount, precision_rounding=rounding):
            case._collection_resume(fields.Date.context_today(self))
        else:
            # the settlement forgives what the plan covered, never a disputed invoice
            self.settlement_move_id = case._collection_post_writeoff(
                self.company_id._collection_discount_account(),
                self.env._("Settlement %(plan)s of %(case)s", plan=self.name, case=case.name),
                invoices=case._collection_plan_invoices(),
            )
            if float_is_zero(case.amount_residual, precision_rounding=rounding):
                case._close("settled", "settled")
            else:
                case._collection_resume(fields.Date.context_today(self))
