"""A debtor's record at a credit bureau: reported, updated or withdrawn through the files."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from odoo.addons.debt_collection.models.debt_collection_case import CLOSED_STATES

REPORT_STATES = [
    ("pending", "Pending"),
    ("reported", "Reported"),
    ("updated", "Updated"),
    ("withdrawn", "Withdrawn"),
]
TO_SEND = [("report", "Report"), ("update", "Update"), ("withdraw", "Withdrawal")]
WITHDRAW_REASONS = [
    ("paid", "Paid"),
    ("settled", "Settled"),
    ("disputed", "Disputed"),
    ("written_off", "Written Off"),
    ("expired", "Longest Period Reached"),
    ("closed", "Case Closed"),
]


class DebtCollectionBureauReport(models.Model):
    _name = "debt.collection.bureau.report"
    _description = "Credit Bureau Report"
    _order = "id desc"
    _check_company_auto = True

    bureau_id = fields.Many2one(
        "debt.collection.bureau",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Debtor", required=True, ondelete="restrict", index=True
    )
    company_id = fields.Many2one(related="bureau_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    case_ids = fields.Many2many(
        "debt.collection.case",
        "debt_collection_bureau_report_case_rel",
        "report_id",
        "case_id",
        string="Cases",
        readonly=True,
        check_company=True,
    )
    # the user field of the first case: the consultants' record rule follows it
    user_id = fields.Many2one("res.users", string="Consultant", readonly=True, index=True)
    state = fields.Selection(
        REPORT_STATES, default="pending", required=True, readonly=True, index=True
    )
    to_send = fields.Selection(
        TO_SEND,
        string="Next File Carries",
        readonly=True,
        index=True,
        help="What the bureau's next file says of this debtor.",
    )
    amount = fields.Monetary(
        readonly=True, help="The principal still due, as the next (or last) file says it."
    )
    amount_reported = fields.Monetary(
        string="Amount in the Last File", readonly=True, help="What the bureau has now."
    )
    date_due = fields.Date(string="Due Since", readonly=True)
    date_reported = fields.Date(string="Reported On", readonly=True)
    date_updated = fields.Date(string="Last Update Sent On", readonly=True)
    date_paid = fields.Date(string="Paid On", readonly=True)
    withdraw_reason = fields.Selection(WITHDRAW_REASONS, readonly=True)
    date_withdrawn = fields.Date(string="Withdrawal Sent On", readonly=True)
    date_record_ends = fields.Date(
        string="Record Ends On",
        readonly=True,
        help="The date the law gives for the negative record to leave the bureau: the next "
        "file where the law asks for its withdrawal at once, later where it lets the bureau "
        "keep the paid record for a time; for a live record, the longest period allowed.",
    )
    file_ids = fields.Many2many(
        "debt.collection.bureau.file",
        "debt_collection_bureau_file_report_rel",
        "report_id",
        "file_id",
        string="Files",
        readonly=True,
    )

    _sql_constraints = [
        (
            "partner_bureau_uniq",
            "unique(partner_id, bureau_id)",
            "A debtor has one record per credit bureau.",
        ),
    ]

    @api.depends("bureau_id", "partner_id")
    def _compute_display_name(self):
        for report in self:
            report.display_name = f"{report.bureau_id.name} - {report.partner_id.name}"

    @api.ondelete(at_uninstall=False)
    def _unlink_never_sent(self):
        if any(report.file_ids for report in self):
            raise UserError(
                self.env._("A record sent to a credit bureau is evidence and cannot be deleted.")
            )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    @api.model
    def _bureau_report(self, case, bureau):
        """Report ``case``'s debtor to ``bureau`` (the gate allowed it): the record for the
        debtor's next file, created or revived; idempotent."""
        case.check_access("write")
        # sudo: the consultant working the case records what the gate allowed; the record is
        # the company's and no user edits it by hand
        Report = self.sudo()
        report = Report.search(
            [("partner_id", "=", case.partner_id.id), ("bureau_id", "=", bureau.id)], limit=1
        )
        values = {"date_due": case.date_due_oldest}
        if not report:
            report = Report.create(
                {
                    "bureau_id": bureau.id,
                    "partner_id": case.partner_id.id,
                    "case_ids": [fields.Command.link(case.id)],
                    "user_id": case.user_id.id,
                    "amount": case.amount_residual,
                    "to_send": "report",
                    **values,
                }
            )
        elif case not in report.case_ids or report.state == "withdrawn":
            if report.state == "withdrawn":
                values.update(
                    state="pending",
                    to_send="report",
                    withdraw_reason=False,
                    date_withdrawn=False,
                    date_paid=False,
                )
            report.write({"case_ids": [fields.Command.link(case.id)], **values})
            report._bureau_sync()
        else:
            return report.with_env(self.env)
        case._bureau_log(
            self.env._(
                "Reported to %(bureau)s: %(amount)s, in its next file.",
                bureau=bureau.name,
                amount=format_amount(self.env, case.amount_residual, case.currency_id),
            )
        )
        return report.with_env(self.env)

    def _bureau_live_cases(self):
        """The cases of the record that the bureau may still show as unpaid debt."""
        self.ensure_one()
        return self.case_ids.filtered(
            lambda c: (
                c.state not in CLOSED_STATES
                and c.state != "disputed"
                and c.amount_residual > 0
                and not any(c.invoice_ids.mapped("collection_disputed"))
            )
        )

    def _bureau_withdraw_reason(self):
        self.ensure_one()
        states = set(self.case_ids.mapped("state"))
        for state in ("disputed", "written_off", "settled", "paid"):
            if state in states:
                return state
        if any(self.case_ids.invoice_ids.mapped("collection_disputed")):
            return "disputed"
        return "closed"

    def _bureau_expired(self, today):
        """True when the law's longest period since the debt fell due is over."""
        self.ensure_one()
        regime = self.case_ids[:1]._collection_regime()
        return bool(
            regime.bureau_max_months
            and self.date_due
            and self.date_record_ends
            and self.state != "withdrawn"
            and self.date_record_ends < today
        )

    def _bureau_sync(self):
        """Bring each record in line with its cases: an update when the amount changed, a
        withdrawal when the debt was paid, settled, written off or disputed, or the law's
        longest period is over; each change logged on the cases. Idempotent."""
        today = fields.Date.context_today(self)
        for report in self.filtered(lambda r: r.state != "withdrawn" or r.to_send):
            if report.to_send == "withdraw":
                continue
            live = report._bureau_live_cases()
            regime = report.case_ids[:1]._collection_regime()
            if live and not report._bureau_expired(today):
                amount = sum(live.mapped("amount_residual"))
                ends = (
                    regime.bureau_max_months
                    and report.date_due
                    and (report.date_due + relativedelta(months=regime.bureau_max_months))
                )
                values = {"amount": amount, "date_record_ends": ends or False}
                if report.state in ("reported", "updated") and amount != report.amount_reported:
                    values["to_send"] = "update"
                    live._bureau_log(
                        self.env._(
                            "%(bureau)s: the amount reported changes to %(amount)s in the next "
                            "file.",
                            bureau=report.bureau_id.name,
                            amount=format_amount(self.env, amount, report.currency_id),
                        )
                    )
                if any(report[key] != value for key, value in values.items()):
                    report.write(values)
                continue
            reason = "expired" if live else report._bureau_withdraw_reason()
            report._bureau_withdraw(reason, regime, today)

    def _bureau_withdraw(self, reason, regime, today):
        self.ensure_one()
        paid = reason in ("paid", "settled")
        date_paid = paid and max(self.case_ids.mapped("date_closed") or [today]) or False
        kept = paid and regime._bureau_date_kept_until(self.date_due, date_paid)
        if self.state == "pending":
            # never in a file: the bureau never had it
            self.write(
                {
                    "state": "withdrawn",
                    "to_send": False,
                    "withdraw_reason": reason,
                    "date_paid": date_paid,
                }
            )
            note = self.env._(
                "%(bureau)s: the report waiting for the next file is cancelled (%(reason)s).",
                bureau=self.bureau_id.name,
                reason=self._reason_label(reason),
            )
        else:
            self.write(
                {
                    "to_send": "withdraw",
                    "withdraw_reason": reason,
                    "date_paid": date_paid,
                    "date_record_ends": kept or today,
                }
            )
            note = self.env._(
                "%(bureau)s: withdrawal in the next file (%(reason)s); the record ends on "
                "%(date)s.",
                bureau=self.bureau_id.name,
                reason=self._reason_label(reason),
                date=kept or self.env._("the day of that file"),
            )
        self.case_ids._bureau_log(note)

    def _reason_label(self, reason):
        return dict(self._fields["withdraw_reason"]._description_selection(self.env))[reason]
