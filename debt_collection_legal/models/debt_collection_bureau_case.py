"""Whether a case may be reported to a credit bureau: the regime's conditions, one by one."""

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date, formatLang

from odoo.addons.debt_collection.models.debt_collection_case import CLOSED_STATES

from .debt_collection_legal_notice import PROVEN_OUTCOMES

# Notices that left the company (their sending is proven)
SENT_NOTICE_STATES = ("sent", "delivered", "expired", "answered")
MESSAGE_CHANNELS = ("email", "sms")
WARNING_CHANNELS = MESSAGE_CHANNELS + ("letter",)
# The proceeding states that mean a claim is pending in court
PENDING_PROCEEDING_STATES = ("preparing", "filed")


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    collection_bureau_report_ids = fields.Many2many(
        "debt.collection.bureau.report",
        "debt_collection_bureau_report_case_rel",
        "case_id",
        "report_id",
        string="Credit Bureau Records",
        readonly=True,
    )
    collection_bureau_check = fields.Html(
        string="Credit Bureau Conditions",
        compute="_compute_collection_bureau_check",
        sanitize=False,
        help="Each condition of the regime for reporting the debtor, and which is not met yet.",
    )
    collection_bureau_record_ends = fields.Date(
        string="Bureau Record Ends On",
        compute="_compute_collection_bureau_record_ends",
        help="The date the law gives for the debtor's negative record to leave the bureaus.",
    )

    def _compute_collection_bureau_check(self):
        for case in self:
            if not case.id or case.state in CLOSED_STATES:
                case.collection_bureau_check = False
                continue
            case.collection_bureau_check = case._bureau_check_html()

    @api.depends("collection_bureau_report_ids.date_record_ends")
    def _compute_collection_bureau_record_ends(self):
        for case in self:
            dates = case.collection_bureau_report_ids.filtered(
                lambda r: r.to_send == "withdraw" or r.state == "withdrawn"
            ).mapped("date_record_ends")
            case.collection_bureau_record_ends = max(dates) if dates else False

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # sudo: whoever closes or disputes the case (a payment, the portal) must not leave
            # the debtor reported; the records are the company's, written by these methods only
            reports = self.sudo().collection_bureau_report_ids
            if reports:
                reports._bureau_sync()
        return res

    # ------------------------------------------------------------------
    # The gate
    # ------------------------------------------------------------------

    def _collection_may_contact(self, channel, when=None, contact_point=None):
        """A credit-bureau report is allowed only when every condition of the regime holds
        for at least one of the debtor's bureaus; the refusal names the first one not met."""
        allowed, reason = super()._collection_may_contact(channel, when, contact_point)
        if not allowed or channel != "bureau":
            return allowed, reason
        allowed_bureaus, reason = self._bureau_allowed()
        if allowed_bureaus:
            return True, ""
        self._collection_log_refusal(channel, "bureau", reason)
        return False, reason

    def _bureau_allowed(self):
        """(bureaus the debtor may be reported to now, reason of the first refusal)."""
        self.ensure_one()
        bureaus = self.env["debt.collection.bureau"]._for_case(self)
        if not bureaus:
            return bureaus, self.env._("No credit bureau is set up for the debtor's country.")
        if not self._collection_regime():
            return bureaus.browse(), self.env._("No compliance regime for the debtor's country.")
        allowed, reason = bureaus.browse(), ""
        for bureau in bureaus:
            failed = [c for c in self._bureau_conditions(bureau) if not c["met"]]
            if not failed:
                allowed |= bureau
            elif not reason:
                reason = self.env._(
                    "%(bureau)s: %(condition)s - not met yet (%(value)s).",
                    bureau=bureau.name,
                    condition=failed[0]["label"],
                    value=failed[0]["value"],
                )
        return allowed, reason

    def _bureau_warnings(self, regime):
        """The notices that warned the debtor of the report: dicts with the day sent, the day
        delivered (False if not proven), the deadline, the bureaus named and a label."""
        self.ensure_one()
        warnings = []
        for notice in self.legal_notice_ids.filtered(
            lambda n: n.state in SENT_NOTICE_STATES and n.bureau_ids
        ):
            proven = notice.delivery_outcome in PROVEN_OUTCOMES
            warnings.append(
                {
                    "sent": fields.Date.context_today(self, notice.date_sent)
                    if notice.date_sent
                    else notice.date_notice,
                    "delivered": proven and notice.date_delivered,
                    "deadline": notice.date_deadline,
                    "bureaus": notice.bureau_ids,
                    "label": notice.name,
                }
            )
        bureaus = self.env["debt.collection.bureau"]._for_case(self)
        for action in self.action_ids.filtered(
            lambda a: (
                a.stage_id.bureau_warning
                and a.channel in WARNING_CHANNELS
                and a.result in ("sent", "delivered")
            )
        ):
            day = fields.Date.context_today(self, action.date)
            by_message = action.channel in MESSAGE_CHANNELS
            if by_message and not regime.bureau_message_notice:
                continue
            warnings.append(
                {
                    "sent": day,
                    # a message reaches the debtor the day it is sent, where the law says so
                    "delivered": by_message and day,
                    "deadline": action.date_deadline,
                    "bureaus": bureaus,
                    "label": action.stage_id.name,
                }
            )
        return sorted(warnings, key=lambda w: w["sent"])

    def _bureau_conditions(self, bureau, today=None):
        """Each condition of the regime for reporting this case to ``bureau``: a list of dicts
        (key, label, value, met), in the order a person checks them."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        regime = self._collection_regime()
        conditions = []

        def add(key, label, value, met):
            conditions.append({"key": key, "label": label, "value": value, "met": bool(met)})

        due = self.date_due_oldest
        add(
            "due",
            self.env._("Debt due and payable"),
            self.env._("due since %(date)s", date=format_date(self.env, due))
            if due
            else self.env._("not due"),
            due and due < today and self.amount_residual > 0 and self.state not in CLOSED_STATES,
        )
        currency = regime.bureau_currency_id or self.currency_id
        amount = self.currency_id._convert(
            self.amount_residual, currency, self.company_id, today, round=False
        )
        add(
            "amount",
            self.env._(
                "Principal at least %(min)s %(currency)s",
                min=formatLang(self.env, regime.bureau_min_amount),
                currency=currency.name,
            ),
            f"{formatLang(self.env, amount)} {currency.name}",
            amount >= regime.bureau_min_amount and amount > 0,
        )
        disputed = self.state == "disputed" or any(self.invoice_ids.mapped("collection_disputed"))
        claim = self.proceeding_ids.filtered(lambda p: p.state in PENDING_PROCEEDING_STATES)
        add(
            "dispute",
            self.env._("Not disputed, no claim pending"),
            self.env._("dispute open")
            if disputed
            else (
                self.env._("claim pending: %(name)s", name=claim[0].display_name)
                if claim
                else self.env._("none")
            ),
            not disputed and not claim,
        )
        if regime.bureau_max_months and due:
            limit = due + relativedelta(months=regime.bureau_max_months)
            add(
                "period",
                self.env._(
                    "Within %(months)s months of the due date", months=regime.bureau_max_months
                ),
                self.env._("until %(date)s", date=format_date(self.env, limit)),
                today <= limit,
            )
        warnings = self._bureau_warnings(regime)
        if regime.bureau_name_required:
            warnings = [w for w in warnings if bureau in w["bureaus"]]
        first = warnings[:1] and warnings[0]
        add(
            "notice",
            self.env._("Debtor warned of the report to %(bureau)s", bureau=bureau.name)
            if regime.bureau_name_required
            else self.env._("Debtor warned of the report"),
            self.env._(
                "sent on %(date)s (%(ref)s)",
                date=format_date(self.env, first["sent"]),
                ref=first["label"],
            )
            if first
            else self.env._("no notice"),
            first,
        )
        if regime.bureau_count_from == "delivered":
            warnings = [w for w in warnings if w["delivered"]]
            add(
                "delivered",
                self.env._("Notice delivered (proof kept)"),
                self.env._(
                    "delivered on %(date)s", date=format_date(self.env, warnings[0]["delivered"])
                )
                if warnings
                else self.env._("no proof of delivery"),
                warnings,
            )
        small = regime._bureau_small_limit()
        needed = 1
        if small and amount <= small:
            needed = max(regime.bureau_small_debt_notices, 1)
            days = sorted({w["sent"] for w in warnings})
            add(
                "small",
                self.env._("Small debt: %(count)s notices on different days", count=needed),
                self.env._("%(count)s sent", count=len(days)),
                len(days) >= needed,
            )
        self._bureau_add_days_condition(add, regime, warnings, needed, today)
        return conditions

    def _bureau_add_days_condition(self, add, regime, warnings, needed, today):
        """The days since the notice (its sending or delivery, as the regime counts) and,
        where the law asks, the notice's deadline passed. A small debt counts from the notice
        that completes the number needed (Ley 1266 art. 12: from the last one)."""
        days_needed = regime.bureau_notice_days
        label = self.env._("%(days)s days since the notice", days=days_needed)
        if not regime.bureau_notice_statutory:
            label = self.env._(
                "%(days)s days since the notice (no period set by law: the company's choice)",
                days=days_needed,
            )
        days_seen, chosen = [], False
        for warning in warnings:
            if warning["sent"] not in days_seen:
                days_seen.append(warning["sent"])
            if len(days_seen) >= needed:
                chosen = warning
                break
        if not chosen:
            add("days", label, self.env._("no notice yet"), False)
            return
        start = chosen["delivered"] if regime.bureau_count_from == "delivered" else chosen["sent"]
        passed = (today - start).days
        met = passed >= days_needed
        value = self.env._("%(passed)s days passed", passed=passed)
        if regime.bureau_after_deadline:
            deadline = chosen["deadline"]
            # the demand's days run out on its deadline: on day 30 of a 30-day demand the debt is
            # reportable (refused on day 29)
            met = met and bool(deadline) and today >= deadline
            value = self.env._(
                "%(passed)s days passed; the debtor could pay until %(date)s",
                passed=passed,
                date=format_date(self.env, deadline) if deadline else self.env._("(no deadline)"),
            )
        add("days", label, value, met)

    def _bureau_check_html(self):
        """The conditions of each bureau as a small table for the case's form."""
        self.ensure_one()
        bureaus = self.env["debt.collection.bureau"]._for_case(self)
        if not bureaus:
            return Markup("<p>%s</p>") % self.env._(
                "No credit bureau is set up for the debtor's country."
            )
        rows = []
        for bureau in bureaus:
            conditions = self._bureau_conditions(bureau)
            ok = all(c["met"] for c in conditions)
            rows.append(
                Markup('<tr class="table-%s"><th colspan="3">%s - %s</th></tr>')
                % (
                    "success" if ok else "warning",
                    bureau.name,
                    self.env._("may be reported") if ok else self.env._("not yet"),
                )
            )
            for c in conditions:
                rows.append(
                    Markup(
                        '<tr class="o_bureau_condition_%s"><td>%s</td><td>%s</td><td>%s</td></tr>'
                    )
                    % (
                        c["key"],
                        Markup('<i class="fa fa-check text-success" title="%s"/>')
                        % self.env._("Met")
                        if c["met"]
                        else Markup('<i class="fa fa-times text-danger" title="%s"/>')
                        % self.env._("Not met yet"),
                        escape(c["label"]),
                        escape(c["value"]),
                    )
                )
        return Markup('<table class="table table-sm o_bureau_check">%s</table>') % Markup("").join(
            rows
        )

    # ------------------------------------------------------------------
    # Actions and business
    # ------------------------------------------------------------------

    def action_bureau_report(self):
        """Report the debtor now to every bureau whose conditions hold (a person's decision,
        outside the ladder); the gate refuses as it refuses the ladder's step."""
        self.ensure_one()
        self.check_access("write")
        bureaus, reason = self._bureau_allowed()
        if not bureaus:
            raise UserError(reason)
        for bureau in bureaus:
            self.env["debt.collection.bureau.report"]._bureau_report(self, bureau)
        return True

    def _bureau_log(self, note):
        """The case's action log (evidence for a data-protection claim)."""
        if not self:
            return
        self.env["debt.collection.action"]._log(
            [
                {
                    "case_id": case.id,
                    "partner_id": case.partner_id.id,
                    "company_id": case.company_id.id,
                    "channel": "bureau",
                    "result": "note",
                    "note": note,
                }
                for case in self
            ]
        )

    def _bureau_names(self):
        """The bureaus the debtor may be reported to, for the warning's text."""
        self.ensure_one()
        return ", ".join(self.env["debt.collection.bureau"]._for_case(self).mapped("name"))

    def _portal_bureau_lines(self):
        """What the debtor's page says of their credit-bureau records (allow-listed values):
        where they were reported, since when, and when the record ends."""
        self.ensure_one()
        # sudo: the debtor's own records on their page, only these values leave this method
        reports = self.sudo().collection_bureau_report_ids.filtered(
            lambda r: r.state != "pending" or r.to_send == "withdraw"
        )
        return [
            {
                "bureau": report.bureau_id.name,
                "state": report.state,
                "withdrawing": report.to_send == "withdraw",
                "date_reported": report.date_reported,
                "date_record_ends": report.date_record_ends,
                "amount": report.amount,
                "settle_note": report.bureau_id.settle_note or "",
            }
            for report in reports
        ]
