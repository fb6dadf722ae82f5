"""One invoice of a legal notice with its statutory interest and compensation."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, formatLang

from ..tools.interest import interest_segments


class DebtCollectionLegalNoticeLine(models.Model):
    """One invoice of a legal notice with its statutory interest and compensation.

    The figures are worked out when the notice is prepared (or recalculated as a draft) and
    then kept as they were sent: a later change of the rate table does not rewrite a notice.
    """

    _name = "debt.collection.legal.notice.line"
    _description = "Legal Notice Invoice"
    _order = "notice_id, date_due, id"

    notice_id = fields.Many2one(
        "debt.collection.legal.notice", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="notice_id.company_id", store=True)
    currency_id = fields.Many2one(related="notice_id.currency_id")
    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, ondelete="restrict", index=True
    )
    date_due = fields.Date(string="Due Date", compute="_compute_figures", store=True)
    amount_total = fields.Monetary(string="Amount", compute="_compute_figures", store=True)
    amount_residual = fields.Monetary(string="Still Due", compute="_compute_figures", store=True)
    days_late = fields.Integer(compute="_compute_figures", store=True)
    interest = fields.Monetary(compute="_compute_figures", store=True)
    compensation = fields.Monetary(compute="_compute_figures", store=True)
    interest_segments = fields.Json(
        compute="_compute_figures",
        store=True,
        help="The periods of the interest: dates, days, rate and the amount it ran on.",
    )
    interest_detail = fields.Text(compute="_compute_interest_detail")
    rate_missing = fields.Boolean(compute="_compute_figures", store=True)

    @api.depends(
        "move_id",
        "notice_id.date_notice",
        "notice_id.interest_kind",
        "notice_id.interest_country_id",
        "notice_id.debtor_type",
    )
    def _compute_figures(self):
        for line in self:
            line.update(line._get_figures())

    @api.depends("interest_segments")
    @api.depends_context("lang")
    def _compute_interest_detail(self):
        for line in self:
            line.interest_detail = "\n".join(
                self.env._(
                    "%(date_from)s - %(date_to)s: %(days)s days at %(rate)s %% on %(principal)s",
                    **segment,
                )
                for segment in line._get_segments()
            )

    def _get_segments(self):
        """The interest periods, dates and amounts formatted in the context's language."""
        self.ensure_one()
        currency = self.currency_id
        return [
            {
                "date_from": format_date(self.env, segment["date_from"]),
                "date_to": format_date(self.env, segment["date_to"]),
                "days": segment["days"],
                "rate": formatLang(self.env, segment["rate"], digits=2),
                "principal": formatLang(self.env, segment["principal"], currency_obj=currency),
            }
            for segment in self.interest_segments or []
        ]

    def _get_figures(self):
        """Interest day by day at each period's rate on what was owed that day (payments and
        credit notes reconciled before the notice date lower it), rounded once per invoice."""
        self.ensure_one()
        notice, move = self.notice_id, self.move_id
        currency = notice.currency_id or move.company_id.currency_id
        principal = abs(move.amount_total_signed)
        payments = move._collection_legal_payments(notice.date_notice)
        residual = max(principal - sum(amount for _date, amount in payments), 0.0)
        due = move.invoice_date_due or move.invoice_date
        values = {
            "date_due": due,
            "amount_total": principal,
            "amount_residual": currency.round(residual),
            "days_late": max((notice.date_notice - due).days, 0) if due else 0,
            "interest": 0.0,
            "compensation": 0.0,
            "interest_segments": [],
            "rate_missing": False,
        }
        if not due or not notice.date_notice or notice.date_notice <= due or not residual:
            return values
        values["compensation"] = notice._get_compensation_amount()
        if notice.interest_kind == "none":
            return values
        periods = notice._get_rate_periods(due, notice.date_notice)
        segments, missing = interest_segments(
            principal, due, notice.date_notice, payments, periods
        )
        values["interest"] = currency.round(sum(s["interest"] for s in segments))
        values["rate_missing"] = bool(missing)
        values["interest_segments"] = [
            {
                "date_from": fields.Date.to_string(segment["date_from"]),
                "date_to": fields.Date.to_string(segment["date_to"]),
                "days": segment["days"],
                "rate": segment["rate"],
                "principal": segment["principal"],
            }
            for segment in segments
        ]
        return values

    def write(self, vals):
        if not self.env.su and any(line.notice_id.state != "draft" for line in self):
            raise UserError(self.env._("The invoices of a sent legal notice cannot change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if not self.env.su and any(line.notice_id.state != "draft" for line in self):
            raise UserError(self.env._("The invoices of a sent legal notice cannot change."))
