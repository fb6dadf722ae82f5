"""An external agency's remittance statement, imported and booked by the creditor."""

import base64
import hashlib
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools.access import check_manager
from ..tools.actions import form_action
from ..tools.agency_statement_reading import read_mapped_csv, read_remittance_xlsx, xlsx_rows
from ..tools.portfolio_parsing import ParseError, normalize_header


class DebtCollectionAgencyStatement(models.Model):
    """What the agency says it collected for us, booked in our own accounting.

    Collected amounts settle our invoices against the agreement's transit account (the agency
    owes them to us, the debtor no longer does); the commission and fees are the agency's
    vendor bill with its VAT; in net mode the bill is paid out of the transit account, leaving
    what the agency will transfer. Nothing is booked while a line is wrong, unless the user
    asks to book the good lines only; a statement is booked once.
    """

    _name = "debt.collection.agency.statement"
    _description = "Agency Statement"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, default="/", tracking=True)
    agreement_id = fields.Many2one(
        "debt.collection.agency.agreement",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    agency_id = fields.Many2one(related="agreement_id.agency_id", store=True, string="Agency")
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    file = fields.Binary(attachment=True, copy=False)
    file_name = fields.Char()
    file_hash = fields.Char(readonly=True, copy=False, index=True)
    csv_columns = fields.Char(
        string="CSV Columns",
        help="For a CSV: the headers of the invoice number, collected, commission, VAT and fee "
        "columns, separated by commas (in that order). Empty: the usual names are recognised.",
    )
    valid_only = fields.Boolean(
        string="Book Only the Good Lines",
        help="Book the correct lines and leave the wrong ones out (they stay listed).",
    )
    state = fields.Selection(
        [("draft", "To Book"), ("error", "Lines to Correct"), ("booked", "Booked")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("debt.collection.agency.statement.line", "statement_id")
    error_count = fields.Integer(compute="_compute_error_count")
    amount_collected = fields.Monetary(string="Collected", readonly=True)
    amount_commission = fields.Monetary(string="Commission before VAT", readonly=True)
    amount_fees = fields.Monetary(string="Fees before VAT", readonly=True)
    amount_tax = fields.Monetary(string="VAT", readonly=True)
    amount_cost = fields.Monetary(string="Commission and Fees, VAT incl.", readonly=True)
    amount_awaited = fields.Monetary(
        string="Due from the Agency",
        readonly=True,
        help="What the agency transfers to us for this statement.",
    )
    stated_tax = fields.Monetary(string="VAT on the Statement", readonly=True)
    stated_remitted = fields.Monetary(string="Remitted on the Statement", readonly=True)
    collection_move_id = fields.Many2one(
        "account.move", string="Collection Entry", readonly=True, copy=False, ondelete="restrict"
    )
    bill_id = fields.Many2one(
        "account.move", string="Commission Bill", readonly=True, copy=False, ondelete="restrict"
    )
    netting_move_id = fields.Many2one(
        "account.move", string="Netting Entry", readonly=True, copy=False, ondelete="restrict"
    )

    @api.depends("line_ids.error")
    def _compute_error_count(self):
        for statement in self:
            statement.error_count = len(statement.line_ids.filtered("error"))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_booked(self):
        if any(statement.state == "booked" for statement in self):
            raise UserError(self.env._("A booked statement cannot be deleted."))

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------

    def action_import(self):
        """Read the file, check every line, and book the statement (once)."""
        self.ensure_one()
        self._check_manager()
        if self.state == "booked":
            # re-importing a booked statement books nothing twice
            return self._reopen()
        if not self.file:
            raise UserError(self.env._("Choose the agency's statement file."))
        data = base64.b64decode(self.file)
        digest = hashlib.sha256(data).hexdigest()
        reference, rows, stated = self._read_file(data)
        if reference:
            self.name = reference
        twin = self.search(
            [
                ("id", "!=", self.id),
                ("agreement_id", "=", self.agreement_id.id),
                ("state", "=", "booked"),
                "|",
                ("file_hash", "=", digest),
                ("name", "=", self.name),
            ],
            limit=1,
        )
        if twin:
            raise UserError(
                self.env._(
                    "This statement was already booked as %(name)s on %(date)s: nothing is "
                    "booked twice.",
                    name=twin.name,
                    date=twin.date,
                )
            )
        self.file_hash = digest
        self.line_ids = [Command.clear()] + [
            Command.create(values) for values in self._prepare_line_values(rows)
        ]
        self.write(
            {"stated_tax": stated.get("tax", 0.0), "stated_remitted": stated.get("remitted", 0.0)}
        )
        self._check_totals(stated)
        if self.error_count and not self.valid_only:
            self.state = "error"
            return self._reopen()
        good = self.line_ids.filtered(lambda line: not line.error)
        if not good:
            raise UserError(self.env._("No line of the statement can be booked."))
        self._book(good)
        return self._reopen()

    def _read_file(self, data):
        """(reference or False, [line dicts], {total: amount})."""
        name = (self.file_name or "").lower()
        try:
            if name.endswith(".xlsx") or data[:2] == b"PK":
                reference, rows, totals = read_remittance_xlsx(
                    xlsx_rows(data), self._kind_labels()
                )
                return reference, rows, totals
            columns = dict(
                zip(
                    ("ref", "collected", "commission", "tax", "fee"),
                    [c.strip() for c in (self.csv_columns or "").split(",")],
                    strict=False,
                )
            )
            rows = read_mapped_csv(data, columns, self.currency_id.decimal_places)
            return False, rows, {"tax": sum(row.get("tax", 0.0) for row in rows)}
        except ParseError as error:
            if error.code == "no_columns":
                raise UserError(
                    self.env._(
                        "The file has no invoice number or collected column: name them in "
                        "CSV Columns."
                    )
                ) from None
            raise UserError(
                self.env._("The file is not a remittance statement of an agency.")
            ) from None
        except Exception as error:  # noqa: BLE001 (openpyxl raises many kinds on a bad file)
            raise UserError(
                self.env._("The file cannot be read: %(error)s", error=error)
            ) from None

    def _kind_labels(self):
        """A statement line's label, in every installed language, to its kind."""
        Line = self.env["debt.collection.remittance.line"]
        labels = {}
        for lang, _name in self.env["res.lang"].get_installed():
            env = self.with_context(lang=lang).env
            for key, label in Line._fields["kind"]._description_selection(env):
                labels[normalize_header(label)] = key
        return labels

    def _prepare_line_values(self, rows):
        """Line values with the invoice each one settles and what is wrong with it."""
        company = self.company_id
        refs = {row["ref"] for row in rows if row.get("ref")}
        invoices = {
            move.name: move
            for move in self.env["account.move"].search(
                [
                    ("company_id", "=", company.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("name", "in", list(refs)),
                ]
            )
        }
        taken = defaultdict(float)
        values_list = []
        for row in rows:
            invoice = invoices.get(row.get("ref"))
            error = self._line_error(row, invoice, taken)
            values_list.append(
                {
                    "sequence": row["row"],
                    "ref": row.get("ref") or "",
                    "debtor": row.get("debtor") or "",
                    "kind": row["kind"],
                    "move_id": invoice.id if invoice else False,
                    "amount_collected": row.get("collected", 0.0),
                    "amount_direct": row.get("direct", 0.0),
                    "amount_commission": row.get("commission", 0.0),
                    "amount_fee": row.get("fee", 0.0),
                    "error": error,
                }
            )
        return values_list

    def _line_error(self, row, invoice, taken):
        env = self.env
        currency = self.currency_id
        if row.get("errors"):
            return env._("Not an amount: %(value)s", value=row["errors"][0][1])
        if row["kind"] in ("fee", "debtor_fee"):
            return False
        if row["kind"] == "reversal" or row.get("collected", 0.0) < 0:
            return env._("A reversed payment: book it by hand with the agency's note.")
        if not invoice:
            return env._("No posted invoice %(ref)s of ours.", ref=row.get("ref") or "-")
        if row["kind"] == "direct":
            if row.get("commission") and not self.agreement_id.commission_on_direct:
                return env._(
                    "A commission on invoice %(ref)s, paid to us directly: the agreement grants "
                    "none on direct payments.",
                    ref=invoice.name,
                )
            return False
        if invoice.collection_agreement_id != self.agreement_id:
            return env._(
                "Invoice %(ref)s is not placed with %(agency)s.",
                ref=invoice.name,
                agency=self.agency_id.name,
            )
        taken[invoice.id] += row.get("collected", 0.0)
        if currency.compare_amounts(taken[invoice.id], invoice.amount_residual) > 0:
            return env._(
                "%(amount)s collected on invoice %(ref)s, whose balance is %(residual)s.",
                amount=row.get("collected", 0.0),
                ref=invoice.name,
                residual=invoice.amount_residual,
            )
        return False

    def _check_totals(self, stated):
        """The agency's VAT must be what our tax gives on its commission and fees (to the cent)."""
        if self.error_count or "tax" not in stated:
            return
        commission = self.currency_id.round(sum(self.line_ids.mapped("amount_commission")))
        fees = self.currency_id.round(sum(self.line_ids.mapped("amount_fee")))
        tax = self._tax_on(commission) + self._tax_on(fees)
        if self.currency_id.compare_amounts(tax, stated["tax"]):
            self.line_ids[:1].error = self.env._(
                "The statement's VAT (%(stated)s) is not the VAT of its commission and fees "
                "(%(ours)s): check the agreement's taxes.",
                stated=stated["tax"],
                ours=tax,
            )

    def _tax_on(self, amount):
        if self.currency_id.is_zero(amount):
            return 0.0
        taxes = self.agreement_id._commission_taxes()
        if not taxes:
            return 0.0
        result = taxes.compute_all(amount, currency=self.currency_id, partner=self.agency_id)
        return self.currency_id.round(result["total_included"] - result["total_excluded"])

    # ------------------------------------------------------------------
    # Booking
    # ------------------------------------------------------------------

    def _book(self, lines):
        agreement = self.agreement_id
        agreement._ensure_accounting()
        currency = self.currency_id
        collected_lines = lines.filtered(lambda line: line.kind == "payment" and line.move_id)
        collected = currency.round(sum(collected_lines.mapped("amount_collected")))
        commission = currency.round(sum(lines.mapped("amount_commission")))
        fees = currency.round(sum(lines.mapped("amount_fee")))
        if collected_lines:
            self.collection_move_id = self._post_collection(collected_lines, collected)
        bill = self._post_bill(commission, fees)
        self.bill_id = bill
        cost = bill.amount_total if bill else 0.0
        # net mode: the agency kept its bill out of what it collected (if it collected enough;
        # otherwise the bill is paid as any other)
        netted = (
            bill
            and agreement.remittance_mode == "net"
            and currency.compare_amounts(collected, cost) >= 0
        )
        if netted:
            self.netting_move_id = self._post_netting(bill)
        awaited = collected - cost if netted else collected
        self.write(
            {
                "state": "booked",
                "amount_collected": collected,
                "amount_commission": commission,
                "amount_fees": fees,
                "amount_tax": bill.amount_tax if bill else 0.0,
                "amount_cost": cost,
                "amount_awaited": currency.round(awaited),
            }
        )
        lines.booked = True
        for line in collected_lines:
            # sudo: the statement's manager updates what the agency was told of the invoice
            line.move_id.sudo().collection_agency_amount_told += line.amount_collected
        collected_lines.move_id.collection_case_id._external_after_collection()

    def _post_collection(self, lines, collected):
        """The debtors' invoices settled against the agency's transit account."""
        agreement = self.agreement_id
        label = self.env._(
            "Collected by %(agency)s: %(name)s", agency=self.agency_id.name, name=self.name
        )
        line_values = [
            Command.create(
                {
                    "name": label,
                    "partner_id": self.agency_id.id,
                    "account_id": agreement.transit_account_id.id,
                    "balance": collected,
                }
            )
        ]
        for line in lines:
            receivable = line.move_id.line_ids.filtered(
                lambda l: l.account_type == "asset_receivable"
            )[:1]
            line_values.append(
                Command.create(
                    {
                        "name": f"{label} - {line.move_id.name}",
                        "partner_id": line.move_id.commercial_partner_id.id,
                        "account_id": receivable.account_id.id,
                        "balance": -line.amount_collected,
                    }
                )
            )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": agreement.entry_journal_id.id,
                "date": self.date,
                "ref": label,
                "line_ids": line_values,
            }
        )
        move.action_post()
        counterparts = move.line_ids.filtered(lambda l: l.balance < 0)
        for line, counterpart in zip(lines, counterparts, strict=True):
            receivable = line.move_id.line_ids.filtered(
                lambda l: l.account_type == "asset_receivable" and not l.reconciled
            )
            (receivable | counterpart).reconcile()
        return move

    def _post_bill(self, commission, fees):
        """The agency's commission and fees as its vendor bill, with the agreement's VAT."""
        agreement = self.agreement_id
        currency = self.currency_id
        taxes = agreement._commission_taxes()
        lines = []
        for amount, label in (
            (commission, self.env._("Collection commission: %(name)s", name=self.name)),
            (fees, self.env._("Collection fees: %(name)s", name=self.name)),
        ):
            if not currency.is_zero(amount):
                lines.append(
                    Command.create(
                        {
                            "name": label,
                            "account_id": agreement.commission_account_id.id,
                            "quantity": 1.0,
                            "price_unit": amount,
                            "tax_ids": [Command.set(taxes.ids)],
                        }
                    )
                )
        if not lines:
            return self.env["account.move"]
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "journal_id": agreement.purchase_journal_id.id,
                "partner_id": self.agency_id.id,
                "invoice_date": self.date,
                "ref": self.name,
                "invoice_line_ids": lines,
            }
        )
        bill.action_post()
        return bill

    def _post_netting(self, bill):
        """Net mode: the agency kept its bill out of what it collected."""
        agreement = self.agreement_id
        payable = bill.line_ids.filtered(lambda l: l.account_type == "liability_payable")
        amount = bill.amount_residual
        label = self.env._("Commission kept by the agency: %(name)s", name=self.name)
        common = {"partner_id": self.agency_id.id, "name": label}
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": agreement.entry_journal_id.id,
                "date": self.date,
                "ref": label,
                "line_ids": [
                    Command.create(
                        {**common, "account_id": payable.account_id.id, "balance": amount}
                    ),
                    Command.create(
                        {
                            **common,
                            "account_id": agreement.transit_account_id.id,
                            "balance": -amount,
                        }
                    ),
                ],
            }
        )
        entry.action_post()
        (
            payable | entry.line_ids.filtered(lambda l: l.account_id == payable.account_id)
        ).reconcile()
        return entry

    def _check_manager(self):
        check_manager(
            self.env, self.env._("Only a Collection Manager can book agency statements.")
        )
        self.check_access("write")

    def _reopen(self):
        return form_action(self, target="current")


class DebtCollectionAgencyStatementLine(models.Model):
    """One line of an agency's statement: the invoice it settles, or why it cannot be booked."""

    _name = "debt.collection.agency.statement.line"
    _description = "Agency Statement Line"
    _order = "statement_id, sequence, id"

    statement_id = fields.Many2one(
        "debt.collection.agency.statement", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="statement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    sequence = fields.Integer(string="Row")
    ref = fields.Char(string="Invoice Number")
    debtor = fields.Char()
    kind = fields.Selection(
        [
            ("payment", "Collected"),
            ("reversal", "Payment Reversed"),
            ("direct", "Paid to Us Directly"),
            ("fee", "Fee"),
            ("debtor_fee", "Fee Paid by the Debtor"),
        ],
        required=True,
    )
    move_id = fields.Many2one("account.move", string="Invoice", ondelete="restrict", index=True)
    case_id = fields.Many2one(related="move_id.collection_case_id", string="Case")
    amount_collected = fields.Monetary(string="Collected")
    amount_direct = fields.Monetary(string="Paid to Us Directly")
    amount_commission = fields.Monetary(string="Commission", help="Before VAT.")
    amount_fee = fields.Monetary(string="Fee", help="Before VAT.")
    error = fields.Char()
    booked = fields.Boolean(readonly=True)
