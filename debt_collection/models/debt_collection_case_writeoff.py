"""Write-off accounting of the case: bad-debt and settlement entries, and their reversal."""

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.access import check_manager
from ..tools.actions import window_action


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    writeoff_move_id = fields.Many2one(
        "account.move",
        string="Write-off Entry",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    writeoff_note = fields.Text(string="Cost-benefit Note", readonly=True, copy=False)

    def action_writeoff(self):
        self.ensure_one()
        self._check_not_closed()
        return window_action(
            self.env,
            "debt_collection.debt_collection_writeoff_wizard_action",
            context={"default_case_id": self.id},
        )

    def _collection_journal(self):
        self.ensure_one()
        company = self.company_id
        journal = company.collection_journal_id or self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        if not journal:
            raise UserError(
                self.env._("Set the journal for collection entries in Settings > Collection.")
            )
        return journal

    def _collection_post_writeoff(self, account, label, invoices=None):
        """Post an entry crediting every open receivable of the case (or of ``invoices``),
        reconciled with it.

        Each invoice line is credited in its own currency by exactly its residual, so the
        invoices end fully paid whatever their currency.
        """
        self.ensure_one()
        if not account:
            raise UserError(
                self.env._(
                    "Set the write-off and settlement discount accounts in Settings > Collection."
                )
            )
        invoices = self.invoice_ids if invoices is None else invoices
        receivables = invoices.filtered(lambda m: m.state == "posted").line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        if not receivables:
            raise UserError(
                self.env._("Nothing is left to write off on %(name)s.", name=self.name)
            )
        lines = []
        for line in receivables:
            common = {"partner_id": line.partner_id.id, "currency_id": line.currency_id.id}
            lines.append(
                {
                    **common,
                    "name": label,
                    "account_id": line.account_id.id,
                    "amount_currency": -line.amount_residual_currency,
                    "balance": -line.amount_residual,
                }
            )
            lines.append(
                {
                    **common,
                    "name": f"{label} - {line.move_id.name}",
                    "account_id": account.id,
                    "amount_currency": line.amount_residual_currency,
                    "balance": line.amount_residual,
                }
            )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self._collection_journal().id,
                "date": fields.Date.context_today(self),
                "ref": label,
                "company_id": self.company_id.id,
                "line_ids": [fields.Command.create(vals) for vals in lines],
            }
        )
        move.action_post()
        counterparts = move.line_ids.filtered(
            lambda line: line.account_id == receivables.account_id
        )
        for invoice_line, counterpart in zip(receivables, counterparts.sorted("id"), strict=True):
            (invoice_line | counterpart).reconcile()
        return move

    def _collection_write_off(self, reason, note=False):
        """Close the case as lost, posting bad debt against the receivable (managers only)."""
        self.ensure_one()
        check_manager(self.env, self.env._("Only a Collection Manager can write a debt off."))
        self._check_not_closed()
        move = self._collection_post_writeoff(
            self.company_id._collection_writeoff_account(),
            self.env._("Write-off of %(case)s", case=self.name),
        )
        self.promise_ids.filtered(lambda p: p.state == "open").write({"state": "cancelled"})
        self.plan_ids.filtered(
            lambda p: p.state in ("draft", "to_approve", "running", "breached")
        ).write({"state": "cancelled"})
        # the reason in the language of the note it heads (the manager's, who typed it),
        # not half in the consultant's: else in the consultant's, who reads the log
        labels = dict(
            self._fields["close_reason"]._description_selection(
                self.env if note else self._collection_reader_env()
            )
        )
        self._collection_log_manual(
            "written_off", "\n".join(filter(None, [labels.get(reason), note]))
        )
        self.write({"writeoff_move_id": move.id, "writeoff_note": note})
        self._close("written_off", reason)
        return move

    def action_reverse_writeoff(self):
        """Undo a write-off: reverse its entry, the invoices are due again and the case reopens."""
        self.ensure_one()
        check_manager(self.env, self.env._("Only a Collection Manager can reverse a write-off."))
        move = self.writeoff_move_id
        if self.state != "written_off" or not move:
            raise UserError(self.env._("This case was not written off."))
        move.line_ids.remove_move_reconcile()
        move._reverse_moves(
            [
                {
                    "date": fields.Date.context_today(self),
                    "ref": self.env._("Reversal of %(entry)s", entry=move.name),
                }
            ],
            cancel=True,
        )
        self._collection_log_manual("writeoff_reversed", move.name)
        other = self.search(
            [
                ("id", "!=", self.id),
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("creditor_id", "=", self.creditor_id.id),
                ("is_closed", "=", False),
            ],
            limit=1,
        )
        if other:
            # the debtor has a newer open case: the invoices join it
            self.invoice_ids.write({"collection_case_id": other.id})
            self.write({"writeoff_move_id": False})
            return True
        self.write(
            {
                "state": "open",
                "close_reason": False,
                "date_closed": False,
                "writeoff_move_id": False,
                "next_action_date": fields.Date.context_today(self),
            }
        )
        return True
