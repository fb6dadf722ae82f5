"""A debt a creditor placed with the agency: its invoice, payments, recall and direct payments."""

from collections import defaultdict
from itertools import repeat

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every
from odoo.tools.misc import format_date

from ..tools.actions import form_action
from ..tools.bulk import bulk_create

# Placements booked per batch of invoices (one create and one post per batch: one per chunk
# of the import)
PLACEMENT_BATCH = 1000


class DebtCollectionPlacement(models.Model):
    """A debt a creditor placed with the agency for collection.

    It is booked as a customer invoice of the debtor in the mandate's placement journal: the
    receivable is the debtor's, the counterpart is the creditor's "placed, under collection"
    account (never the agency's revenue), so cases, promises, plans and payments work on it as
    on any invoice.
    """

    _name = "debt.collection.placement"
    _inherit = ["debt.collection.mandate.record.mixin"]
    _description = "Placed Debt"
    _order = "date_placed desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char(string="Creditor's Reference", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    move_id = fields.Many2one(
        "account.move",
        string="Placement Invoice",
        index=True,
        readonly=True,
        copy=False,
        ondelete="restrict",
        check_company=True,
    )
    case_id = fields.Many2one(related="move_id.collection_case_id", string="Case")
    batch_id = fields.Many2one(
        "debt.collection.import.batch",
        string="Import",
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    import_row = fields.Integer(
        readonly=True,
        copy=False,
        help="The row of the import's file this debt came from: placed once per import.",
    )
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    amount_placed = fields.Monetary(string="Placed Amount", readonly=True)
    amount_residual = fields.Monetary(related="move_id.amount_residual", string="Outstanding")
    payment_state = fields.Selection(related="move_id.payment_state")
    date_placed = fields.Date(
        required=True, readonly=True, default=fields.Date.context_today, index=True
    )
    date_original = fields.Date(string="Original Date", readonly=True)
    date_due = fields.Date(string="Original Due Date", readonly=True)
    days_overdue_placed = fields.Integer(
        string="Days Overdue at Placement",
        readonly=True,
        help="Days between the original due date and the placement (commission bands).",
    )
    description = fields.Text(readonly=True)
    state = fields.Selection(
        [
            ("placed", "Placed"),
            ("recalled", "Recalled by the Creditor"),
            ("returned", "Returned Uncollectable"),
        ],
        default="placed",
        required=True,
        index=True,
        readonly=True,
        copy=False,
    )
    return_move_id = fields.Many2one(
        "account.move",
        string="Return Entry",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The entry giving the outstanding debt back to the creditor.",
    )
    return_reason = fields.Char(readonly=True, copy=False)
    remittance_line_ids = fields.One2many("debt.collection.remittance.line", "placement_id")

    def init(self):
        # an open placement per creditor reference (a debt recalled may be placed again)
        self.env.cr.execute(
            SQL("""
            CREATE UNIQUE INDEX IF NOT EXISTS debt_collection_placement_open_ref_uniq
                ON debt_collection_placement (mandate_id, name) WHERE state = 'placed'
            """)
        )
        # a row of an import placed once, whichever chunk job places it and however often
        self.env.cr.execute(
            SQL("""
            CREATE UNIQUE INDEX IF NOT EXISTS debt_collection_placement_import_row_uniq
                ON debt_collection_placement (batch_id, import_row) WHERE import_row IS NOT NULL
            """)
        )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for placement in self:
            placement.display_name = f"{placement.name} - {placement.partner_id.name or ''}"

    # ------------------------------------------------------------------
    # Placing
    # ------------------------------------------------------------------

    @api.model
    def _place(self, mandate, debts, batch=None, date=None):
        """Book ``debts`` (list of dicts: partner_id, name, amount, currency_id, date_due,
        date_original, description) as placed with ``mandate`` on ``date`` (default today);
        returns the placements.

        Odoo's invoicing is used whole (create, post), in batches: one create and one post
        per batch, the debtors subscribed to their invoices in one insert. What Odoo's posting
        does invoice by invoice is done once per batch (``_post_placement_moves``);
        ``test_agency_placement_invoice`` checks the invoices against those Odoo makes and
        posts itself.

        The invoices are numbered last (``_number_placement_moves``), one after the other
        after the journal's last number: the journal's numbering is held from then until the
        transaction ends only, so that chunks of an import placed by several job workers at
        once wait for each other a moment, not for each other's whole chunk. A journal that
        hashes its entries on posting (*lock posted entries with hash*) hashes their numbers:
        its invoices are numbered before they are posted, the first one by Odoo, as Odoo
        does, and the journal's numbering is held for the whole transaction."""
        today = date or fields.Date.context_today(self)
        placements = self.browse()
        quiet = self.with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        # the lines are given whole, balance included: nothing for Odoo to synchronise
        Move = quiet.env["account.move"].with_context(
            skip_invoice_sync=True, skip_invoice_line_sync=True
        )
        # the debtors' commercial entities, read (or computed) for all of them at once: the
        # invoices' values read them debtor by debtor
        self.env["res.partner"].browse({debt["partner_id"] for debt in debts}).mapped(
            "commercial_partner_id"
        )
        number_last = not mandate.journal_id.restrict_mode_hash_table
        names = None
        for chunk in split_every(PLACEMENT_BATCH, debts):
            move_vals = [quiet._prepare_move_values(mandate, debt, today) for debt in chunk]
            moves = Move.browse()
            if number_last:
                # posted without a number ("/", which the journal's unique index leaves
                # out), numbered below
                names = repeat((0, "/"))
                prefix = "/"
            elif names is None:
                # the first invoice is numbered by Odoo (which locks its number), the others
                # follow it
                moves = Move.create(move_vals[:1])
                self._subscribe_debtors(moves)
                self._post_placement_moves(moves)
                names = self._next_move_names(moves.name)
                prefix = moves.sequence_prefix
                move_vals = move_vals[1:]
            if move_vals:
                for vals in move_vals:
                    vals["sequence_number"], vals["name"] = next(names)
                    vals["sequence_prefix"] = prefix
                    for _command, _id, line_vals in vals["line_ids"]:
                        line_vals["move_name"] = vals["name"]
                others = Move.create(move_vals)
                self._subscribe_debtors(others)
                self._post_placement_moves(others, numbered=True)
                moves |= others
            # one insert (the ORM's guarantees restored by bulk_create, test_bulk_writes)
            placements |= bulk_create(
                quiet,
                [
                    quiet._prepare_placement_values(mandate, debt, move, today, batch)
                    for debt, move in zip(chunk, moves, strict=True)
                ],
            )
        if number_last and placements:
            self._number_placement_moves(placements.move_id)
        if names is not None:
            # Odoo's numbering caches the last number it gave in this transaction
            self.env["account.move"]._get_sequence_cache().clear()
        return placements

    @api.model
    def _prepare_placement_values(self, mandate, debt, move, today, batch=None):
        due = debt.get("date_due")
        return {
            "name": debt["name"],
            "mandate_id": mandate.id,
            # related, given: nothing left to write at the flush
            "creditor_id": mandate.creditor_id.id,
            "company_id": mandate.company_id.id,
            "partner_id": debt["partner_id"],
            "move_id": move.id,
            "batch_id": batch.id if batch else False,
            "import_row": debt.get("import_row") or False,
            "currency_id": debt["currency_id"],
            "amount_placed": debt["amount"],
            "date_placed": today,
            "date_original": debt.get("date_original") or due,
            "date_due": due,
            "days_overdue_placed": max((today - due).days, 0) if due else 0,
            "description": debt.get("description") or False,
        }

    @api.model
    def _prepare_move_values(self, mandate, debt, today):
        """A customer invoice of the debtor: receivable against the creditor's placement
        account, due on the original due date. Lines are given whole (no tax, no terms)."""
        company = mandate.company_id
        currency = self.env["res.currency"].browse(debt["currency_id"])
        amount = debt["amount"]
        balance = currency._convert(amount, company.currency_id, company, today)
        label = debt.get("description") or self.env._(
            "Debt placed by %(creditor)s", creditor=mandate.creditor_id.name
        )
        # fields read while Odoo precomputes the others (each read of a missing one on a new
        # record asks for its default)
        debtor = self.env["res.partner"].browse(debt["partner_id"])
        common = {
            "currency_id": currency.id,
            "partner_id": debt["partner_id"],
            "product_id": False,
            "tax_repartition_line_id": False,
            # what Odoo computes on the lines at their first flush (forced by its constraint on
            # the journal's accounts), given so that the flush finds nothing to update: Odoo
            # still computes them, and writes whatever differs
            "date": today,
            "invoice_date": today,
            "parent_state": "draft",
            "ref": debt["name"],
            "payment_id": False,
            "statement_line_id": False,
            "statement_id": False,
            "reconciled": False,
            "tax_tag_invert": False,
        }
        return {
            "move_type": "out_invoice",
            "journal_id": mandate.journal_id.id,
            "partner_id": debt["partner_id"],
            "currency_id": currency.id,
            "invoice_date": today,
            "date": today,
            "invoice_date_due": debt["date_due"],
            "invoice_payment_term_id": False,
            "ref": debt["name"],
            "payment_reference": debt["name"],
            "invoice_origin": mandate.creditor_id.name,
            # no tax on a placed debt: no fiscal position is looked up for the debtor
            "fiscal_position_id": False,
            # computed at the invoices' first flush: given, that flush finds nothing to update
            "commercial_partner_id": debtor.commercial_partner_id.id,
            "is_storno": False,
            "is_manually_modified": False,
            # the intake opens one case per debtor and creditor
            "collection_creditor_id": mandate.creditor_id.id,
            "line_ids": [
                Command.create(
                    {
                        **common,
                        "display_type": "product",
                        "name": f"{debt['name']} - {label}"[:250],
                        "account_id": mandate.placement_account_id.id,
                        "quantity": 1.0,
                        "price_unit": amount,
                        "amount_currency": -amount,
                        "balance": -balance,
                        "tax_ids": [Command.clear()],
                        # no analytic rule applies to a creditor's debt (and none is looked up)
                        "analytic_distribution": False,
                        "price_subtotal": amount,
                        "price_total": amount,
                        # not a reconcilable account
                        "amount_residual": 0.0,
                        "amount_residual_currency": 0.0,
                    }
                ),
                Command.create(
                    {
                        **common,
                        "display_type": "payment_term",
                        "name": debt["name"],
                        "account_id": mandate.receivable_account_id.id,
                        "amount_currency": amount,
                        "balance": balance,
                        "date_maturity": debt["date_due"],
                        "amount_residual": balance,
                        "amount_residual_currency": amount,
                        "price_subtotal": 0.0,
                        "price_total": 0.0,
                    }
                ),
            ],
        }

    # ------------------------------------------------------------------
    # Recall, return, direct payment
    # ------------------------------------------------------------------

    def _open_receivable_lines(self):
        return self.move_id.line_ids.filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and line.parent_state == "posted"
                and not line.reconciled
            )
        )

    def _post_clearing_entry(self, amounts, label, date=None):
        """Credit placement receivables by ``amounts`` ({receivable line: amount in its
        currency}) against the creditor's placement account, reconciled; one entry per
        mandate. Returns {mandate: entry}."""
        date = date or fields.Date.context_today(self)
        entries = {}
        by_mandate = defaultdict(list)
        for line, amount in amounts.items():
            placement = self.filtered(lambda p, line=line: p.move_id == line.move_id)[:1]
            by_mandate[placement.mandate_id].append((line, amount))
        for mandate, pairs in by_mandate.items():
            company = mandate.company_id
            line_vals = []
            for line, amount in pairs:
                if line.currency_id.is_zero(amount - line.amount_residual_currency):
                    balance = line.amount_residual
                else:
                    balance = line.currency_id._convert(amount, company.currency_id, company, date)
                common = {"partner_id": line.partner_id.id, "currency_id": line.currency_id.id}
                line_vals += [
                    {
                        **common,
                        "name": f"{label} - {line.move_id.name}",
                        "account_id": line.account_id.id,
                        "amount_currency": -amount,
                        "balance": -balance,
                    },
                    {
                        **common,
                        "name": f"{label} - {line.move_id.ref or line.move_id.name}",
                        "account_id": mandate.placement_account_id.id,
                        "amount_currency": amount,
                        "balance": balance,
                    },
                ]
            entry = self.env["account.move"].create(
                {
                    "move_type": "entry",
                    "journal_id": mandate.entry_journal_id.id,
                    "date": date,
                    "ref": label,
                    "company_id": company.id,
                    "line_ids": [Command.create(vals) for vals in line_vals],
                }
            )
            entry.action_post()
            credits = entry.line_ids.filtered(
                lambda aml: aml.account_id.account_type == "asset_receivable"
            ).sorted("id")
            self.env["account.move.line"]._reconcile_plan(
                [line | credit for (line, _a), credit in zip(pairs, credits, strict=True)]
            )
            entries[mandate] = entry
        return entries

    def _return_to_creditor(self, state, reason):
        """Give the outstanding part of these debts back to the creditor (recall, undo,
        uncollectable): nothing is collected or remitted on them afterwards."""
        placements = self.filtered(lambda p: p.state == "placed")
        lines = placements._open_receivable_lines()
        entries = {}
        if lines:
            entries = placements._post_clearing_entry(
                {line: line.amount_residual_currency for line in lines},
                self.env._("Returned to the creditor: %(reason)s", reason=reason),
            )
        for mandate, group in placements.grouped("mandate_id").items():
            entry = entries.get(mandate)
            group.write(
                {"state": state, "return_reason": reason, "return_move_id": entry and entry.id}
            )
        placements._close_returned_cases()
        return self.env["account.move"].union(*entries.values())

    def _close_returned_cases(self):
        cases = self.move_id.collection_case_id.filtered(lambda c: not c.is_closed)
        for case in cases:
            # a fee charged to the debtor stays the agency's to collect or forgive
            debts = case.invoice_ids.filtered(lambda inv: not inv.collection_fee_action_id)
            if all(inv.currency_id.is_zero(inv.amount_residual) for inv in debts):
                self.env["debt.collection.action"]._log(
                    [
                        {
                            "case_id": case.id,
                            "stage_id": case.stage_id.id,
                            "channel": "manual",
                            "result": "written_off",
                            "note": self.env._("Debts returned to the creditor."),
                        }
                    ]
                )
                case._close("written_off", "recalled")

    def action_recall(self):
        """The creditor takes these debts back (button: asks for the reason first)."""
        self._check_manager()
        if any(placement.state != "placed" for placement in self):
            raise UserError(self.env._("Only placed debts can be recalled."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recall by the Creditor"),
            "res_model": "debt.collection.recall.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _recall(self, reason):
        self._check_manager()
        if any(placement.state != "placed" for placement in self):
            raise UserError(self.env._("Only placed debts can be recalled."))
        return self._return_to_creditor("recalled", reason)

    def action_report_direct_payment(self):
        self.ensure_one()
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Payment Received by the Creditor"),
            "res_model": "debt.collection.direct.payment.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_placement_id": self.id},
        }

    def _report_direct_payment(self, amount, date, note=False):
        """The creditor was paid ``amount`` (placement currency) directly by the debtor."""
        self.ensure_one()
        self._check_manager()
        if self.state != "placed":
            raise UserError(self.env._("This debt is no longer placed with the agency."))
        lines = self._open_receivable_lines()
        residual = sum(lines.mapped("amount_residual_currency"))
        if self.currency_id.compare_amounts(amount, 0.0) <= 0:
            raise UserError(self.env._("The amount paid must be positive."))
        if self.currency_id.compare_amounts(amount, residual) > 0:
            raise UserError(
                self.env._(
                    "%(amount)s is more than the %(residual)s still outstanding on %(ref)s.",
                    amount=self.currency_id.format(amount),
                    residual=self.currency_id.format(residual),
                    ref=self.name,
                )
            )
        amounts = {}
        left = amount
        for line in lines.sorted(lambda aml: (aml.date_maturity or aml.date, aml.id)):
            part = min(left, line.amount_residual_currency)
            if not self.currency_id.is_zero(part):
                amounts[line] = part
            left -= part
        mandate = self.mandate_id
        entry = self._post_clearing_entry(
            amounts,
            self.env._("Paid to the creditor directly: %(ref)s", ref=self.name),
            date=date,
        )[mandate]
        balance = sum(
            entry.line_ids.filtered(
                lambda aml: aml.account_id == mandate.placement_account_id
            ).mapped("balance")
        )
        line = (
            self.env["debt.collection.remittance.line"]
            .sudo()
            .create(
                {
                    "mandate_id": mandate.id,
                    "placement_id": self.id,
                    "partner_id": self.partner_id.id,
                    "kind": "direct",
                    "date": date,
                    "amount_collected": 0.0,
                    "amount_base": balance if mandate.commission_on_direct_payments else 0.0,
                    "amount_direct": balance,
                    "move_id": entry.id,
                    "note": note,
                }
            )
        )
        case = self.case_id
        if case and not case.is_closed:
            self.env["debt.collection.action"]._log(
                [
                    {
                        "case_id": case.id,
                        "stage_id": case.stage_id.id,
                        "channel": "manual",
                        "result": "note",
                        "note": self.env._(
                            "%(amount)s paid to the creditor directly on %(date)s.",
                            amount=self.currency_id.format(amount),
                            date=format_date(self.env, date),
                        ),
                    }
                ]
            )
        return line

    def _check_manager(self):
        if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
            raise UserError(self.env._("Only a Collection Manager can change placed debts."))
        self.check_access("write")

    def action_view_move(self):
        self.ensure_one()
        return form_action(self.move_id)
