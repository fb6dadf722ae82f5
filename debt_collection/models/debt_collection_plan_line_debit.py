"""The direct debit of an instalment: its date, pre-notification, payment order and return."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_date

DEBIT_STATES = [
    ("scheduled", "Scheduled"),
    ("notified", "Pre-notified"),
    ("ordered", "In a Debit Order"),
    ("collected", "Collected"),
    ("returned", "Returned"),
    ("refunded", "Refunded"),
]
# R-transaction reasons (ISO 20022) after which the mandate cannot be used again: incorrect,
# closed or blocked account, no valid (revoked) mandate, debtor deceased
MANDATE_ENDING_REASONS = ("AC01", "AC04", "AC06", "MD01", "MD07")
# the debtor's refund within 8 weeks of the debit (SEPA Core): the instalment is open again
REFUND_REASONS = ("MD06",)
DEFAULT_PRENOTICE_DAYS = 14


class DebtCollectionPlanLine(models.Model):
    _inherit = "debt.collection.plan.line"

    debit_date = fields.Date(
        string="To Be Debited On",
        compute="_compute_debit",
        store=True,
        copy=False,
        help="The collection date of this instalment's direct debit.",
    )
    debit_state = fields.Selection(
        DEBIT_STATES, string="Direct Debit", compute="_compute_debit", store=True, copy=False
    )
    debit_notified_on = fields.Date(string="Pre-notified On", readonly=True, copy=False)
    debit_return_reason = fields.Char(string="Return Reason", readonly=True, copy=False)
    debit_payment_line_ids = fields.One2many(
        "account.payment.line", "collection_plan_line_id", string="Debits", readonly=True
    )

    @api.depends("date_due", "plan_id.payment_method")
    def _compute_debit(self):
        for line in self:
            if line.plan_id.payment_method != "debit":
                # a debit already on its way keeps its history when the plan goes back to
                # transfers; one only scheduled is no longer
                keep = line.debit_state not in (False, "scheduled", "notified")
                line.debit_state = line.debit_state if keep else False
                line.debit_date = line.debit_date if keep else False
            elif not line.debit_state or (
                line.debit_state == "scheduled" and not line.debit_notified_on
            ):
                line.debit_state = "scheduled"
                line.debit_date = line.date_due
            else:
                line.debit_state = line.debit_state
                line.debit_date = line.debit_date

    def _collection_is_late(self, today, grace):
        """A returned debit is missed at once; one re-scheduled (after a refund, or a late
        pre-notification) is late only after its new debit date."""
        self.ensure_one()
        if self.debit_state == "returned":
            return True
        if self.debit_state and self.debit_date and self.debit_date > self.date_due:
            return self.debit_date + grace < today
        return super()._collection_is_late(today, grace)

    def _collection_allocation_order(self):
        """Collected debits are paid by their own money first: a refunded instalment is the
        one open again, not the last one."""
        return self.sorted(lambda l: (l.debit_state != "collected", l.date_due, l.id))

    # ------------------------------------------------------------------
    # The daily debit run: pre-notify, then put in the payment order
    # ------------------------------------------------------------------

    @api.model
    def _cron_collection_debit(self):
        today = fields.Date.context_today(self)
        lines = self.search(
            [
                ("debit_state", "in", ("scheduled", "refunded", "notified")),
                ("state", "!=", "paid"),
                ("plan_id.state", "in", ("running", "breached")),
                ("plan_id.payment_method", "=", "debit"),
            ]
        )
        lines._collection_debit_prenotify(today)
        lines._collection_debit_order(today)

    def _collection_prenotice_days(self):
        self.ensure_one()
        days = self.plan_id.mandate_id.collection_prenotice_days
        return days if days > 0 else DEFAULT_PRENOTICE_DAYS

    def _collection_debit_prenotify(self, today):
        """The debtor is told amount and date at least the mandate's notice before (14 days
        unless the mandate says fewer), through the contact gate; a notice sent late moves
        the debit to the first date it allows."""
        template = self.env.ref("debt_collection.mail_template_collection_debit_prenotice")
        for line in self.filtered(lambda l: l.debit_state in ("scheduled", "refunded")):
            notice = timedelta(days=line._collection_prenotice_days())
            if line.debit_date - notice > today:
                continue
            case = line.plan_id.case_id
            allowed, _reason = case._collection_may_contact("email")
            if not allowed:
                continue
            line.write(
                {
                    "debit_state": "notified",
                    "debit_notified_on": today,
                    "debit_date": max(line.debit_date, today + notice),
                }
            )
            message = line._collection_post_prenotice(template)
            env = case._collection_reader_env()
            action = self.env["debt.collection.action"]._log(
                {
                    "case_id": case.id,
                    "stage_id": case.stage_id.id,
                    "channel": "email",
                    "result": "sent",
                    "outbound": True,
                    "user_id": case.user_id.id or self.env.user.id,
                    "note": env._(
                        "Plan %(name)s: direct debit of %(amount)s on %(date)s pre-notified.",
                        name=line.plan_id.name,
                        amount=line.currency_id.with_env(env).format(line.amount),
                        date=format_date(env, line.debit_date),
                    ),
                }
            )
            action._log_update({"mail_message_id": message.id, "mail_template_id": template.id})

    def _collection_post_prenotice(self, template):
        """Post the pre-notification on the case, to the debtor (the mail queue sends it)."""
        self.ensure_one()
        case = self.plan_id.case_id
        values = template._generate_template(self.ids, ("subject", "body_html"))[self.id]
        return case.message_post(
            subject=values.get("subject"),
            body=values.get("body_html") or "",
            partner_ids=case.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _collection_debit_order(self, today):
        """Pre-notified instalments due within the company's lead time go into a draft
        direct-debit order, one per payment mode and collection date, for the accountant."""
        Order = self.env["account.payment.order"]
        for line in self.filtered(lambda l: l.debit_state == "notified"):
            lead = timedelta(days=max(line.company_id.collection_debit_lead_days, 0))
            if line.debit_date - lead > today or line.debit_date < today:
                continue
            mandate = line.plan_id.mandate_id
            if mandate.state != "valid":
                continue
            mode = mandate.collection_payment_mode_id
            order = Order.search(
                [
                    ("payment_mode_id", "=", mode.id),
                    ("state", "=", "draft"),
                    ("date_prefered", "=", "fixed"),
                    ("date_scheduled", "=", line.debit_date),
                ],
                limit=1,
            ) or Order.create(
                {
                    "payment_mode_id": mode.id,
                    "date_prefered": "fixed",
                    "date_scheduled": line.debit_date,
                    "description": self.env._(
                        "Instalment plans, direct debits of %(date)s",
                        date=format_date(self.env, line.debit_date),
                    ),
                }
            )
            line._collection_add_to_order(order)

    def _collection_add_to_order(self, order):
        """Payment lines for this instalment on the open receivables of the plan's invoices,
        oldest first (what other orders already take is left to them)."""
        self.ensure_one()
        plan = self.plan_id
        invoices = plan.case_id._collection_plan_invoices().sorted(
            lambda m: (m.invoice_date_due or m.date, m.id)
        )
        receivables = invoices.line_ids.filtered(
            lambda l: l.account_id.account_type == "asset_receivable" and not l.reconciled
        )
        rest = self.amount
        vals_list = []
        count = len(plan.line_ids)
        index = plan.line_ids.sorted(lambda l: (l.sequence, l.date_due, l.id)).ids.index(self.id)
        for aml in receivables:
            taken = sum(
                aml.payment_line_ids.filtered(
                    lambda p: p.state in ("draft", "open", "generated")
                ).mapped("amount_currency")
            )
            available = self.currency_id.round(aml.amount_residual - taken)
            if available <= 0 or self.currency_id.is_zero(rest):
                continue
            amount = min(rest, available)
            rest = self.currency_id.round(rest - amount)
            vals = aml._prepare_payment_line_vals(order)
            vals.update(
                {
                    "amount_currency": amount,
                    "mandate_id": plan.mandate_id.id,
                    "partner_bank_id": plan.mandate_id.partner_bank_id.id,
                    "communication": f"{plan.name} {index + 1}/{count}",
                    "communication_type": "normal",
                    "date": self.debit_date,
                    "collection_plan_line_id": self.id,
                }
            )
            vals_list.append(vals)
        if not vals_list:
            return
        self.env["account.payment.line"].create(vals_list)
        self.debit_state = "ordered"

    # ------------------------------------------------------------------
    # What the bank said
    # ------------------------------------------------------------------

    def _collection_debit_collected(self):
        self.filtered(lambda l: l.debit_state == "ordered").debit_state = "collected"
        self.plan_id._evaluate(fields.Date.context_today(self))

    def _collection_debit_returned(self, code, label, date):
        """A returned debit (R-transaction ``code``): the books already took the payment back;
        the plan now sees the instalment unpaid. A refund the debtor asked re-opens it for a
        new debit; any other return is a missed instalment, and a reason that ends the
        mandate sends the plan back to transfers."""
        code = (code or "").upper()
        today = fields.Date.context_today(self)
        stop = self.env["debt.collection.plan"]
        for line in self:
            reason = f"{code} {label}".strip() if code else label
            if code in REFUND_REASONS:
                line.write(
                    {
                        "debit_state": "refunded",
                        "debit_return_reason": reason,
                        "debit_notified_on": False,
                        # the earliest a new pre-notification allows
                        "debit_date": today + timedelta(days=line._collection_prenotice_days()),
                    }
                )
                case = line.plan_id.case_id
                env = case._collection_reader_env()
                case._collection_ask_consultant(
                    env._(
                        "Plan %(name)s: the debtor had the debit of %(date)s refunded by their "
                        "bank; it will be debited again on %(new)s unless you agree otherwise.",
                        name=line.plan_id.name,
                        date=format_date(env, date or line.date_due),
                        new=format_date(env, line.debit_date),
                    )
                )
            else:
                line.write({"debit_state": "returned", "debit_return_reason": reason})
                if code in MANDATE_ENDING_REASONS:
                    stop |= line.plan_id
        # the books no longer show the plan paid in full: a completed plan runs again
        self.plan_id._collection_debit_reopen()
        self.plan_id._evaluate(today)
        for plan in stop:
            plan._collection_debit_stop(reason)
