"""One event of a placed debt that a remittance accounts for."""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class DebtCollectionRemittanceLine(models.Model):
    """One event of a placed debt that a remittance accounts for.

    A payment reconciled with a placement invoice (collected: owed to the creditor), the
    reversal of such a reconciliation (a negative line, in the next statement if the first
    was already remitted), a payment the creditor received directly (commission only) or a
    fee for a step. Lines are written by the accounting hooks, never by hand, and a line of a
    remittance that is done never changes.
    """

    _name = "debt.collection.remittance.line"
    _inherit = ["debt.collection.mandate.record.mixin"]
    _description = "Remittance Line"
    _order = "date, id"
    _check_company_auto = True

    currency_id = fields.Many2one(related="company_id.currency_id")
    placement_id = fields.Many2one(
        "debt.collection.placement", index=True, readonly=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Debtor", index=True, readonly=True, ondelete="restrict"
    )
    kind = fields.Selection(
        [
            ("payment", "Collected"),
            ("reversal", "Payment Reversed"),
            ("direct", "Paid to the Creditor"),
            ("fee", "Fee"),
            ("debtor_fee", "Fee Paid by the Debtor"),
        ],
        required=True,
        readonly=True,
    )
    date = fields.Date(required=True, readonly=True, index=True)
    amount_collected = fields.Monetary(
        string="Collected", readonly=True, help="Money the agency received (negative: reversed)."
    )
    amount_direct = fields.Monetary(string="Paid Directly", readonly=True)
    amount_base = fields.Monetary(string="Commission Base", readonly=True)
    amount_commission = fields.Monetary(
        string="Commission", readonly=True, help="Before VAT, set by the remittance."
    )
    amount_fee = fields.Monetary(string="Fee", readonly=True, help="Before VAT.")
    amount_debtor_fee = fields.Monetary(
        string="Debtor's Fee",
        readonly=True,
        help="Part of the money collected that paid a fee charged to the debtor: the agency's, "
        "retained (negative: reversed).",
    )
    partial_id = fields.Integer(
        index="btree_not_null",
        readonly=True,
        help="The reconciliation that collected the money (it may be undone later).",
    )
    reversed_line_id = fields.Many2one(
        "debt.collection.remittance.line", readonly=True, ondelete="restrict", index=True
    )
    payment_move_id = fields.Many2one(
        "account.move", string="Payment", readonly=True, ondelete="restrict", index=True
    )
    move_id = fields.Many2one(
        "account.move",
        string="Client-Money Entry",
        readonly=True,
        ondelete="restrict",
        index="btree_not_null",
    )
    action_id = fields.Many2one(
        "debt.collection.action", string="Step", readonly=True, ondelete="restrict"
    )
    remittance_id = fields.Many2one(
        "debt.collection.remittance", index=True, readonly=True, ondelete="set null"
    )
    remittance_state = fields.Selection(related="remittance_id.state", store=True)
    note = fields.Char(readonly=True)

    _sql_constraints = [("action_uniq", "unique(action_id)", "A step is charged once.")]

    def write(self, vals):
        if any(line.remittance_state == "done" for line in self):
            raise UserError(self.env._("A remitted period is locked: its lines cannot change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        if any(line.remittance_state == "done" or line.kind != "fee" for line in self):
            raise UserError(self.env._("Collections cannot be deleted; they are reversed."))

    # ------------------------------------------------------------------
    # Accounting hooks
    # ------------------------------------------------------------------

    @api.model
    @api.model
    def _recovered_by_month(self, domain, date_to):
        """{first day of month: amount} recovered up to the month of ``date_to`` for the lines
        of ``domain``: one definition for the creditor's page, its remittance statements and
        its monthly statement.

        Recovered in a period is what its remittance accounts for: the payments into the
        client account (less reversals) and those made to the creditor directly. A line in a
        remittance belongs to that remittance's month (the month it ends in); a line in none yet
        to the month of its date, or, if a remittance of its mandate already ends later (a
        payment reconciled after the month was remitted), to the month after the last one.
        """
        amounts = defaultdict(float)
        domain = [*domain, ("kind", "!=", "fee")]
        sums = ["amount_collected:sum", "amount_direct:sum"]
        for remittance, collected, direct in self._read_group(
            [*domain, ("remittance_id", "!=", False), ("remittance_id.date_to", "<=", date_to)],
            ["remittance_id"],
            sums,
        ):
            amounts[remittance.date_to.replace(day=1)] += collected + direct
        pending = self._read_group(
            [*domain, ("remittance_id", "=", False), ("date", "<=", date_to)],
            ["mandate_id", "date:month"],
            sums,
        )
        last_remitted = dict(
            self.env["debt.collection.remittance"]._read_group(
                [("mandate_id", "in", list({mandate.id for mandate, *_rest in pending}))],
                ["mandate_id"],
                ["date_to:max"],
            )
        )
        for mandate, month, collected, direct in pending:
            remitted_to = last_remitted.get(mandate)
            if remitted_to and remitted_to >= month:
                month = (remitted_to + relativedelta(days=1)).replace(day=1)
            amounts[month] += collected + direct
        return {month: amount for month, amount in amounts.items() if month <= date_to}

    def _record_collections(self, partials):
        """Lines (and client-money entries) for the payments in ``partials`` that paid
        placement invoices, or fees charged to the debtor (the agency's, retained). sudo:
        whoever reconciles a payment (an accountant with no collection rights) books the
        creditor's money with it."""
        Placement = self.env["debt.collection.placement"].sudo()
        invoices = partials.debit_move_id.move_id
        placements = Placement.search([("move_id", "in", invoices.ids)])
        fee_invoices = invoices.sudo().filtered(
            lambda move: move.collection_fee_action_id and move.collection_case_id.mandate_id
        )
        if not placements and not fee_invoices:
            return self.browse()
        by_move = {placement.move_id.id: placement for placement in placements}
        vals_list = []
        for partial in partials:
            invoice = partial.debit_move_id.move_id
            placement = by_move.get(invoice.id)
            if partial.debit_move_id.account_type != "asset_receivable":
                continue
            payment_line = partial.credit_move_id
            payment_move = payment_line.move_id
            if not (payment_move.origin_payment_id or payment_move.statement_line_id):
                continue
            if placement:
                vals_list.append(
                    {
                        "mandate_id": placement.mandate_id.id,
                        "placement_id": placement.id,
                        "partner_id": placement.partner_id.id,
                        "kind": "payment",
                        "date": payment_line.date,
                        "amount_collected": partial.amount,
                        "amount_base": partial.amount,
                        "partial_id": partial.id,
                        "payment_move_id": payment_move.id,
                    }
                )
            elif invoice in fee_invoices:
                case = invoice.collection_case_id
                vals_list.append(
                    {
                        "mandate_id": case.mandate_id.id,
                        "placement_id": case.placement_ids[:1].id,
                        "partner_id": invoice.partner_id.id,
                        "kind": "debtor_fee",
                        "date": payment_line.date,
                        "amount_collected": partial.amount,
                        "amount_debtor_fee": partial.amount,
                        "partial_id": partial.id,
                        "payment_move_id": payment_move.id,
                        "note": invoice.invoice_line_ids[:1].name,
                    }
                )
        lines = self.sudo().create(vals_list)
        lines._post_transfers()
        return lines

    @api.model
    def _record_reversals(self, partials):
        """Negative lines for collections whose reconciliation is undone (sudo: see above)."""
        collected = self.sudo().search(
            [("partial_id", "in", partials.ids), ("kind", "in", ("payment", "debtor_fee"))]
        )
        reversed_ids = set(
            self.sudo().search([("reversed_line_id", "in", collected.ids)]).reversed_line_id.ids
        )
        today = fields.Date.context_today(self)
        lines = self.sudo().create(
            [
                {
                    "mandate_id": line.mandate_id.id,
                    "placement_id": line.placement_id.id,
                    "partner_id": line.partner_id.id,
                    "kind": "reversal",
                    "date": today,
                    "amount_collected": -line.amount_collected,
                    "amount_base": -line.amount_base,
                    "amount_debtor_fee": -line.amount_debtor_fee,
                    "reversed_line_id": line.id,
                    "payment_move_id": line.payment_move_id.id,
                }
                for line in collected
                if line.id not in reversed_ids
            ]
        )
        lines._post_transfers()
        return lines

    def _post_transfers(self):
        """Move collected money from "placed, under collection" to "collected, to remit":
        one entry per client-money journal and day, a pair of lines per collection. A fee paid
        by the debtor is the agency's (its income was booked with the fee): nothing moves."""
        groups = defaultdict(lambda: self.browse())
        for line in self:
            if not line.currency_id.is_zero(line.amount_debtor_fee):
                continue
            if not line.currency_id.is_zero(line.amount_collected):
                groups[(line.mandate_id.entry_journal_id, line.date)] |= line
        for (journal, date), lines in groups.items():
            line_vals = []
            for line in lines:
                mandate = line.mandate_id
                label = self.env._(
                    "Collected for %(creditor)s: %(ref)s (%(debtor)s)",
                    creditor=mandate.creditor_id.name,
                    ref=line.placement_id.name,
                    debtor=line.partner_id.name,
                )
                common = {"partner_id": mandate.creditor_id.id, "name": label}
                line_vals += [
                    {
                        **common,
                        "account_id": mandate.placement_account_id.id,
                        "balance": line.amount_collected,
                    },
                    {
                        **common,
                        "account_id": mandate.collected_account_id.id,
                        "balance": -line.amount_collected,
                    },
                ]
            entry = (
                self.env["account.move"]
                .sudo()
                .with_company(journal.company_id)
                .create(
                    {
                        "move_type": "entry",
                        "journal_id": journal.id,
                        "date": date,
                        "ref": self.env._("Client money collected"),
                        "line_ids": [Command.create(vals) for vals in line_vals],
                    }
                )
            )
            entry.action_post()
            lines.write({"move_id": entry.id})
