"""The remittance to a creditor: its period, lines, figures and confirmation."""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.access import check_manager
from ..tools.actions import form_action, related_action
from ..tools.counts import counts_by
from .debt_collection_mandate_fee import CHARGEABLE_RESULTS


class DebtCollectionRemittance(models.Model):
    """What the agency owes a creditor for one period, and its accounting.

    Collected = remitted + commission + fees (VAT included) to the cent in net mode; in gross
    mode everything collected is remitted and the commission invoice is paid separately. A
    remittance that is done is locked: a payment reversed later is a negative line of the
    next remittance, never a change to this one.
    """

    _name = "debt.collection.remittance"
    _description = "Remittance to a Creditor"
    _inherit = ["mail.thread", "debt.collection.mandate.record.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default="/", copy=False, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    date_done = fields.Date(string="Remitted On", readonly=True, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Remitted")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    mode = fields.Selection(related="mandate_id.remittance_mode", string="Mode")
    line_ids = fields.One2many("debt.collection.remittance.line", "remittance_id")
    line_count = fields.Integer(compute="_compute_line_count")
    amount_collected = fields.Monetary(string="Collected", readonly=True, tracking=True)
    amount_direct = fields.Monetary(string="Paid to the Creditor Directly", readonly=True)
    amount_base = fields.Monetary(string="Commission Base", readonly=True)
    amount_commission_untaxed = fields.Monetary(string="Commission before VAT", readonly=True)
    amount_fees_untaxed = fields.Monetary(string="Fees before VAT", readonly=True)
    amount_tax = fields.Monetary(string="VAT", readonly=True)
    amount_commission = fields.Monetary(
        string="Commission", readonly=True, tracking=True, help="VAT included."
    )
    amount_fees = fields.Monetary(string="Fees", readonly=True, help="VAT included.")
    amount_debtor_fees = fields.Monetary(
        string="Fees Paid by Debtors",
        readonly=True,
        help="Collected fees the mandate charged to the debtors: the agency's, retained.",
    )
    amount_remitted = fields.Monetary(
        string="Remitted",
        readonly=True,
        tracking=True,
        help="Due to the creditor for the period (negative: due from the creditor).",
    )
    commission_move_id = fields.Many2one(
        "account.move", string="Commission Invoice", readonly=True, copy=False, ondelete="restrict"
    )
    bill_move_id = fields.Many2one(
        "account.move", string="Vendor Bill", readonly=True, copy=False, ondelete="restrict"
    )
    netting_move_id = fields.Many2one(
        "account.move", string="Netting Entry", readonly=True, copy=False, ondelete="restrict"
    )
    payment_id = fields.Many2one("account.payment", readonly=True, copy=False, ondelete="restrict")
    xlsx_attachment_id = fields.Many2one(
        "ir.attachment", string="Statement (XLSX)", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "period_uniq",
            "unique(mandate_id, date_from)",
            "A creditor has one remittance per period.",
        )
    ]

    def _compute_line_count(self):
        counts = counts_by(self, "debt.collection.remittance.line", "remittance_id")
        for remittance in self:
            remittance.line_count = counts.get(remittance, 0)

    @api.constrains("date_from", "date_to", "mandate_id")
    def _check_period(self):
        for remittance in self:
            if remittance.date_to < remittance.date_from:
                raise ValidationError(
                    self.env._("A remittance period cannot end before it starts.")
                )
            overlapping = self.search_count(
                [
                    ("id", "!=", remittance.id),
                    ("mandate_id", "=", remittance.mandate_id.id),
                    ("date_from", "<=", remittance.date_to),
                    ("date_to", ">=", remittance.date_from),
                ],
                limit=1,
            )
            if overlapping:
                raise ValidationError(
                    self.env._("This period overlaps another remittance of the same creditor.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("debt.collection.remittance") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if any(remittance.state == "done" for remittance in self) and set(vals) - {
            "xlsx_attachment_id",
            "message_main_attachment_id",
        }:
            raise UserError(self.env._("A remitted period is locked."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(remittance.state == "done" for remittance in self):
            raise UserError(self.env._("A remitted period is locked: it cannot be deleted."))
        self._release_lines()

    # ------------------------------------------------------------------
    # Gathering and computing
    # ------------------------------------------------------------------

    def action_compute(self):
        """(Re)gather the period's collections, direct payments and fees; compute the figures."""
        self._check_manager()
        for remittance in self:
            if remittance.state != "draft":
                raise UserError(self.env._("A remitted period is locked."))
            remittance._release_lines()
            remittance._gather_lines()
            remittance._compute_commission()
            remittance.write(remittance._prepare_figures())
        return True

    def _release_lines(self):
        lines = (
            self.env["debt.collection.remittance.line"]
            .sudo()
            .search([("remittance_id", "in", self.ids)])
        )
        # split before unlinking: a deleted fee line cannot be read again
        fees = lines.filtered(lambda line: line.kind == "fee")
        (lines - fees).write({"remittance_id": False, "amount_commission": 0.0})
        fees.unlink()

    def _gather_lines(self):
        """Every line of the mandate up to the period's end not yet in a remittance: late
        lines of earlier periods (reversals included) are never lost."""
        self.ensure_one()
        Line = self.env["debt.collection.remittance.line"].sudo()
        lines = Line.search(
            [
                ("mandate_id", "=", self.mandate_id.id),
                ("remittance_id", "=", False),
                ("kind", "!=", "fee"),
                ("date", "<=", self.date_to),
            ]
        )
        lines |= Line.create(self._prepare_fee_lines())
        lines.write({"remittance_id": self.id})
        return lines

    def _prepare_fee_lines(self):
        """Fees the creditor bears for steps taken on its cases up to the period's end."""
        self.ensure_one()
        mandate = self.mandate_id
        fees = {
            fee.channel: fee
            for fee in mandate.fee_ids
            if fee.bearer == "creditor" and not fee.currency_id.is_zero(fee.amount)
        }
        if not fees:
            return []
        charged = (
            self.env["debt.collection.remittance.line"]
            .sudo()
            .search([("mandate_id", "=", mandate.id), ("kind", "=", "fee")])
        )
        actions = (
            self.env["debt.collection.action"]
            .sudo()
            .search(
                [
                    ("case_id.mandate_id", "=", mandate.id),
                    ("channel", "in", list(fees)),
                    ("result", "in", CHARGEABLE_RESULTS),
                    ("date", "<", fields.Datetime.to_datetime(self.date_to) + timedelta(days=1)),
                    ("id", "not in", charged.action_id.ids),
                ]
            )
        )
        placements = (
            self.env["debt.collection.placement"]
            .sudo()
            .search([("move_id.collection_case_id", "in", actions.case_id.ids)])
        )
        placement_by_case = {}
        for placement in placements:
            placement_by_case.setdefault(placement.move_id.collection_case_id.id, placement)
        labels = dict(
            self.env["debt.collection.action"]._fields["channel"]._description_selection(self.env)
        )
        return [
            {
                "mandate_id": mandate.id,
                "placement_id": placement_by_case.get(action.case_id.id, placements.browse()).id,
                "partner_id": action.partner_id.id,
                "kind": "fee",
                "date": action.date.date(),
                "amount_fee": fees[action.channel].amount,
                "action_id": action.id,
                "note": labels.get(action.channel),
            }
            for action in actions
        ]

    def _compute_commission(self):
        """Each line's commission before VAT; they add up to the rounded total exactly."""
        self.ensure_one()
        mandate = self.mandate_id
        # sudo: lines are read-only to users; the remittance sets their commission
        lines = (
            self.line_ids.sudo()
            .filtered(lambda line: line.kind != "fee")
            .sorted(lambda line: (line.date, line.id))
        )
        raw = {}
        if mandate.commission_type == "amount_recovered":
            previous = dict(
                self.env["debt.collection.remittance.line"]._read_group(
                    [
                        ("placement_id", "in", lines.placement_id.ids),
                        ("remittance_state", "=", "done"),
                    ],
                    ["placement_id"],
                    ["amount_base:sum"],
                )
            )
            cumulated = defaultdict(float, {p.id: amount for p, amount in previous.items()})
            for line in lines:
                before = cumulated[line.placement_id.id]
                after = before + line.amount_base
                raw[line] = mandate._commission_tiered(after) - mandate._commission_tiered(before)
                cumulated[line.placement_id.id] = after
        else:
            for line in lines:
                rate = (
                    mandate._commission_rate_for(line.placement_id.days_overdue_placed)
                    if mandate.commission_type == "days_overdue"
                    else mandate.commission_rate
                )
                raw[line] = line.amount_base * rate / 100.0
        for line, amount in _allocate_to_cents(raw, self.currency_id).items():
            line.amount_commission = amount

    def _prepare_figures(self):
        self.ensure_one()
        lines = self.line_ids
        currency = self.currency_id
        collected = currency.round(sum(lines.mapped("amount_collected")))
        commission = currency.round(sum(lines.mapped("amount_commission")))
        fees = currency.round(sum(lines.mapped("amount_fee")))
        commission_tax = self._tax_on(commission)
        fees_tax = self._tax_on(fees)
        debtor_fees = currency.round(sum(lines.mapped("amount_debtor_fee")))
        return self._figures(
            collected, commission, fees, commission_tax, fees_tax, debtor_fees
        ) | {
            "amount_direct": currency.round(sum(lines.mapped("amount_direct"))),
            "amount_base": currency.round(sum(lines.mapped("amount_base"))),
        }

    def _figures(self, collected, commission, fees, commission_tax, fees_tax, debtor_fees=0.0):
        commission_total = commission + commission_tax
        fees_total = fees + fees_tax
        retained = commission_total + fees_total if self.mandate_id.remittance_mode == "net" else 0
        # fees the debtors paid are the agency's in both modes: never remitted
        retained += debtor_fees
        return {
            "amount_debtor_fees": debtor_fees,
            "amount_collected": collected,
            "amount_commission_untaxed": commission,
            "amount_fees_untaxed": fees,
            "amount_tax": commission_tax + fees_tax,
            "amount_commission": commission_total,
            "amount_fees": fees_total,
            "amount_remitted": self.currency_id.round(collected - retained),
        }

    def _commission_taxes(self):
        mandate = self.mandate_id
        creditor = mandate.creditor_id
        fiscal_position = (
            self.env["account.fiscal.position"]
            .with_company(self.company_id)
            ._get_fiscal_position(creditor)
        )
        return fiscal_position.map_tax(mandate.commission_tax_ids)

    def _tax_on(self, amount):
        if self.currency_id.is_zero(amount):
            return 0.0
        taxes = self._commission_taxes()
        if not taxes:
            return 0.0
        result = taxes.compute_all(amount, currency=self.currency_id, partner=self.creditor_id)
        return self.currency_id.round(result["total_included"] - result["total_excluded"])

    # ------------------------------------------------------------------
    # Remitting
    # ------------------------------------------------------------------

    def action_confirm(self):
        """Lock the period and book it: commission invoice, vendor bill, netting, payment."""
        self._check_manager()
        for remittance in self:
            if remittance.state != "draft":
                raise UserError(self.env._("This remittance is already done."))
            remittance.mandate_id._ensure_accounting()
            remittance.action_compute()
            if not remittance.line_ids:
                raise UserError(self.env._("Nothing was collected or charged in this period."))
            remittance._post_accounting()
            remittance._check_ties_out()
            remittance.write({"state": "done", "date_done": fields.Date.context_today(remittance)})
            remittance._attach_statements()
        return True

    def _check_ties_out(self):
        self.ensure_one()
        retained = self.amount_commission + self.amount_fees if self.mode == "net" else 0.0
        retained += self.amount_debtor_fees
        if self.currency_id.compare_amounts(
            self.amount_collected, self.amount_remitted + retained
        ):
            raise UserError(
                self.env._(
                    "The remittance does not tie out: collected %(collected)s, remitted "
                    "%(remitted)s, retained %(retained)s.",
                    collected=self.currency_id.format(self.amount_collected),
                    remitted=self.currency_id.format(self.amount_remitted),
                    retained=self.currency_id.format(retained),
                )
            )

    def _post_accounting(self):
        self.ensure_one()
        invoice = self._post_commission_invoice()
        if invoice:
            # the invoice's own tax figures are the statement's, whatever the rounding method
            commission_line = invoice.invoice_line_ids.filtered(
                lambda line: (
                    line.account_id == self.mandate_id.commission_account_id
                    and line.name == self._commission_label()
                )
            )
            sign = -1 if invoice.move_type == "out_refund" else 1
            commission_tax = sign * sum(
                line.price_total - line.price_subtotal for line in commission_line
            )
            fees_tax = sign * invoice.amount_tax - commission_tax
            self.write(
                self._figures(
                    self.amount_collected,
                    self.amount_commission_untaxed,
                    self.amount_fees_untaxed,
                    commission_tax,
                    fees_tax,
                    self.amount_debtor_fees,
                )
                | {"commission_move_id": invoice.id}
            )
        bill = self._post_bill()
        if bill:
            self.bill_move_id = bill
        if self.mode == "net" and invoice and bill:
            self.netting_move_id = self._post_netting(invoice, bill)
        if self.mandate_id.remittance_method == "payment" and bill:
            self.payment_id = self._pay_bill(bill)

    # ------------------------------------------------------------------
    # Statements (rendered in report/debt_collection_remittance_statement.py)
    # ------------------------------------------------------------------

    def action_print_statement(self):
        self.ensure_one()
        return self.env.ref("debt_collection.action_report_remittance_statement").report_action(
            self
        )

    def action_export_xlsx(self):
        self.ensure_one()
        attachment = self._make_xlsx_attachment()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _attach_statements(self):
        """Keep the statement as it was remitted (PDF and XLSX) on the remittance."""
        self.ensure_one()
        self._make_xlsx_attachment()

    def _make_xlsx_attachment(self):
        self.ensure_one()
        content = self.env["report.debt_collection.report_remittance_statement"]._render_xlsx(self)
        name = f"{self.name.replace('/', '-')}.xlsx"
        attachment = self.xlsx_attachment_id
        if attachment and self.state == "done":
            return attachment
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        self.xlsx_attachment_id = attachment
        return attachment

    def _get_form_action(self):
        self.ensure_one()
        return form_action(self)

    def _check_manager(self):
        check_manager(self.env, self.env._("Only a Collection Manager can remit to creditors."))
        self.check_access("write")

    def action_view_lines(self):
        return related_action(
            self, "debt_collection.debt_collection_remittance_line_action", "remittance_id"
        )


def _allocate_to_cents(raw, currency):
    """Round each value so the rounded values add up to the rounded total (largest
    remainders get the spare cents)."""
    if not raw:
        return {}
    total = currency.round(sum(raw.values()))
    rounded = {key: currency.round(value) for key, value in raw.items()}
    spare = currency.round(total - sum(rounded.values()))
    step = currency.rounding if spare > 0 else -currency.rounding
    order = sorted(raw, key=lambda key: (raw[key] - rounded[key]) * (1 if spare > 0 else -1))
    order.reverse()
    index = 0
    while not currency.is_zero(spare) and order:
        key = order[index % len(order)]
        rounded[key] = currency.round(rounded[key] + step)
        spare = currency.round(spare - step)
        index += 1
    return rounded
