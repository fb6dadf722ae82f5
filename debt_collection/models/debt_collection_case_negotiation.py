from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.models import PREFETCH_MAX
from odoo.tools import format_date, split_every

from .debt_collection_case import CLOSED_STATES


class DebtCollectionCase(models.Model):
    """Negotiation on the case: promises, plans, write-off, and money matched by accounting."""

    _inherit = "debt.collection.case"

    promise_kept_count = fields.Integer(
        related="partner_id.collection_promise_kept_count", string="Promises Kept"
    )
    promise_broken_count = fields.Integer(
        related="partner_id.collection_promise_broken_count", string="Promises Broken"
    )
    promise_count = fields.Integer(compute="_compute_negotiation_counts")
    plan_count = fields.Integer(compute="_compute_negotiation_counts")
    amount_unmatched = fields.Monetary(
        string="Unreconciled Payments",
        readonly=True,
        copy=False,
        help="Payments or credits of the debtor not yet reconciled with invoices: the ladder "
        "waits until the accountant matches them.",
    )
    writeoff_move_id = fields.Many2one(
        "account.move",
        string="Write-off Entry",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    writeoff_note = fields.Text(string="Cost-benefit Note", readonly=True, copy=False)

    def _compute_negotiation_counts(self):
        promises = dict(
            self.env["debt.collection.promise"]._read_group(
                [("case_id", "in", self.ids)], ["case_id"], ["__count"]
            )
        )
        plans = dict(
            self.env["debt.collection.plan"]._read_group(
                [("case_id", "in", self.ids)], ["case_id"], ["__count"]
            )
        )
        for case in self:
            case.promise_count = promises.get(case, 0)
            case.plan_count = plans.get(case, 0)

    def _collection_matched_amounts(self):
        """{case: (recovered, written off, settlement discount, credited)} from the
        reconciliations of the receivable lines of each case's invoices.

        Recovered counts only payments and bank statement lines, as the recovery report does
        (``CASE_PAYMENTS_JOIN`` and ``PAYMENT_MOVE``); the write-off entry and the settlement
        entries of the case's plans each have a figure of their own; whatever else settled an
        invoice (credit notes, other entries) is credited.
        """
        result = dict.fromkeys(self, (0.0, 0.0, 0.0, 0.0))
        if not self.ids:
            return result
        self.env["account.partial.reconcile"].flush_model(["debit_move_id", "credit_move_id"])
        self.env["account.move.line"].flush_model(["move_id", "account_id"])
        self.env["account.move"].flush_model(
            ["collection_case_id", "origin_payment_id", "statement_line_id"]
        )
        # one query for all the cases: what was reconciled with their receivable lines, by the
        # entry on the other side
        by_case = defaultdict(list)
        for ids in split_every(PREFETCH_MAX, self.ids):
            self.env.cr.execute(
                """
                SELECT m.collection_case_id, pm.id,
                       pm.origin_payment_id IS NOT NULL OR pm.statement_line_id IS NOT NULL,
                       SUM(pr.amount)
                  FROM account_move m
                  JOIN account_move_line il ON il.move_id = m.id
                                           AND il.account_id IN (
                                               SELECT id FROM account_account
                                                WHERE account_type = 'asset_receivable')
                  JOIN account_partial_reconcile pr ON pr.debit_move_id = il.id
                  JOIN account_move_line pl ON pl.id = pr.credit_move_id
                  JOIN account_move pm ON pm.id = pl.move_id
                 WHERE m.collection_case_id = ANY(%s)
                 GROUP BY m.collection_case_id, pm.id
                """,
                [list(ids)],
            )
            for case_id, entry_id, is_payment, amount in self.env.cr.fetchall():
                by_case[case_id].append((entry_id, is_payment, amount))
        for case in self.filtered(lambda c: c.id in by_case):
            writeoff = case.writeoff_move_id.id
            settlements = set(case.plan_ids.settlement_move_id.ids)
            recovered = written_off = discount = credited = 0.0
            for entry_id, is_payment, amount in by_case[case.id]:
                if is_payment:
                    recovered += amount
                elif entry_id == writeoff:
                    written_off += amount
                elif entry_id in settlements:
                    discount += amount
                else:
                    credited += amount
            result[case] = (recovered, written_off, discount, credited)
        return result

    # ------------------------------------------------------------------
    # Leaving and rejoining the ladder
    # ------------------------------------------------------------------

    def _collection_hold_for(self, state):
        """A promise or a plan takes the case off the ladder while it runs."""
        self._check_not_closed()
        self.write({"state": state, "hold_reason": False})

    def _collection_resume(self, today):
        """Back on the ladder: the next step is due now (intensification after a breach)."""
        self.filtered(lambda c: c.state not in CLOSED_STATES).write(
            {"state": "open", "next_action_date": today, "hold_reason": False}
        )

    def _collection_reader_env(self):
        """The environment in the language of who reads the case's chatter, steps and
        activities: its consultant (the engine and the debtor's page write there too), else
        the company's language (a cron runs as the superuser, whose language is English)."""
        self.ensure_one()
        lang = self.user_id.lang or self.company_id.partner_id.lang or self.env.lang
        return self.with_context(lang=lang).env

    def _collection_ask_consultant(self, summary):
        for case in self:
            case.with_context(mail_activity_quick_update=True).activity_schedule(
                "debt_collection.mail_activity_type_collection_review",
                user_id=case.user_id.id or self.env.user.id,
                summary=summary,
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_new_promise(self):
        self.ensure_one()
        self._check_not_closed()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Payment Promise"),
            "res_model": "debt.collection.promise",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_new_plan(self):
        self.ensure_one()
        self._check_not_closed()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_plan_wizard_action"
        )
        action["context"] = {"default_case_id": self.id}
        return action

    def action_writeoff(self):
        self.ensure_one()
        self._check_not_closed()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_writeoff_wizard_action"
        )
        action["context"] = {"default_case_id": self.id}
        return action

    def action_view_promises(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_promise_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id}
        return action

    def action_view_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_plan_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id, "create": False}
        return action

    # ------------------------------------------------------------------
    # Write-off entries (settlement discount and bad debt)
    # ------------------------------------------------------------------

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

    def _collection_open_invoices(self):
        """The posted invoices of the case with something left to pay."""
        self.ensure_one()
        return self.invoice_ids.filtered(
            lambda m: m.state == "posted" and m.payment_state in ("not_paid", "partial")
        )

    def _collection_plan_invoices(self):
        """What a plan may cover: the open invoices not disputed (a plan never makes the
        debtor pay what they dispute, CG-4)."""
        return self._collection_open_invoices().filtered(lambda m: not m.collection_disputed)

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
        if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
            raise UserError(self.env._("Only a Collection Manager can write a debt off."))
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
        self.env["debt.collection.action"]._log(
            {
                "case_id": self.id,
                "stage_id": self.stage_id.id,
                "channel": "manual",
                "result": "written_off",
                "note": "\n".join(filter(None, [labels.get(reason), note])),
            }
        )
        self.write({"writeoff_move_id": move.id, "writeoff_note": note})
        self._close("written_off", reason)
        return move

    def action_reverse_writeoff(self):
        """Undo a write-off: reverse its entry, the invoices are due again and the case reopens."""
        self.ensure_one()
        if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
            raise UserError(self.env._("Only a Collection Manager can reverse a write-off."))
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
        self.env["debt.collection.action"]._log(
            {
                "case_id": self.id,
                "stage_id": self.stage_id.id,
                "channel": "manual",
                "result": "writeoff_reversed",
                "note": move.name,
            }
        )
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

    # ------------------------------------------------------------------
    # Engine steps: unmatched payments hold the ladder; late payments are recorded
    # ------------------------------------------------------------------

    @api.model
    def _collection_check_unmatched_payments(self, company, part=0, parts=1):
        """Store on each open case the debtor's receivable credits no invoice absorbs yet."""
        self.env["account.move.line"].flush_model(
            ["amount_residual", "reconciled", "parent_state", "account_id", "partner_id"]
        )
        self.flush_model(["amount_unmatched", "state", "partner_id", "company_id"])
        # only the cases that had an unmatched amount and those of debtors with an open credit
        # (both through partial indexes): not every case of the portfolio
        self.env.cr.execute(
            """
            WITH candidates AS (
                SELECT id FROM debt_collection_case
                 WHERE company_id = %s AND amount_unmatched <> 0
                 UNION
                SELECT c.id FROM account_move_line l
                  JOIN res_partner p ON p.id = l.partner_id
                  JOIN debt_collection_case c ON c.partner_id = p.commercial_partner_id
                                             AND c.company_id = l.company_id
                 WHERE l.company_id = %s AND l.amount_residual < 0
                   AND l.parent_state = 'posted' AND l.reconciled IS NOT TRUE
            )
            SELECT c.id, c.amount_unmatched, COALESCE(-SUM(l.amount_residual), 0)
              FROM candidates k
              JOIN debt_collection_case c ON c.id = k.id
              LEFT JOIN res_partner p ON p.commercial_partner_id = c.partner_id
              LEFT JOIN account_move_line l ON l.partner_id = p.id
                                          AND l.company_id = c.company_id
                                          AND l.account_id IN (SELECT id FROM account_account
                                                 WHERE account_type = 'asset_receivable')
                                          AND l.parent_state = 'posted'
                                          AND l.reconciled IS NOT TRUE
                                          AND l.amount_residual < 0
             WHERE c.state NOT IN %s
               AND c.partner_id %% %s = %s
               AND (c.amount_unmatched <> 0 OR l.id IS NOT NULL)
             GROUP BY c.id, c.amount_unmatched
            """,
            [company.id, company.id, CLOSED_STATES, parts, part],
        )
        changed = {}
        for case_id, stored, amount in self.env.cr.fetchall():
            if company.currency_id.compare_amounts(stored or 0.0, amount):
                changed[case_id] = amount
        for case in self.browse(list(changed)):
            amount = changed[case.id]
            case.write(
                {
                    "amount_unmatched": amount,
                    "hold_reason": amount
                    and self.env._(
                        "%(amount)s paid by the debtor is not reconciled with the invoices: "
                        "reconcile it before the next step.",
                        amount=company.currency_id.format(amount),
                    ),
                }
            )
        return self.browse(list(changed))

    @api.model
    def _collection_record_late_payments(self, company, part=0, parts=1):
        """Payments reaching a closed (settled, written off, in court) case's debtor later."""
        self.env["account.move.line"].flush_model()
        self.flush_model(["partner_id", "company_id", "state", "date_closed"])
        self.env["debt.collection.action"].flush_model(["step_key"])
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (l.id) c.id, l.id, -l.balance, l.date
              FROM debt_collection_case c
              JOIN res_partner p ON p.commercial_partner_id = c.partner_id
              JOIN account_move_line l ON l.partner_id = p.id
                                      AND l.company_id = c.company_id
                                      AND l.account_id IN (SELECT id FROM account_account
                                             WHERE account_type = 'asset_receivable')
                                      AND l.parent_state = 'posted'
                                      AND l.balance < 0
                                      AND l.date > c.date_closed
              JOIN account_move pm ON pm.id = l.move_id
             WHERE c.company_id = %s
               AND c.partner_id %% %s = %s
               AND c.state IN %s
               AND (pm.origin_payment_id IS NOT NULL OR pm.statement_line_id IS NOT NULL)
               AND NOT EXISTS (
                   SELECT 1 FROM debt_collection_action a
                    WHERE a.step_key = 'late:' || l.id
               )
             ORDER BY l.id, c.date_closed DESC
            """,
            [company.id, parts, part, tuple(set(CLOSED_STATES) - {"paid"})],
        )
        rows = self.env.cr.fetchall()
        for case_id, line_id, amount, date in rows:
            case = self.browse(case_id)
            env = case._collection_reader_env()
            self.env["debt.collection.action"]._log(
                {
                    "case_id": case.id,
                    "stage_id": case.stage_id.id,
                    "channel": "manual",
                    "result": "late_payment",
                    "user_id": case.user_id.id or self.env.user.id,
                    "step_key": f"late:{line_id}",
                    "note": env._(
                        "%(amount)s received on %(date)s after the case was closed.",
                        amount=company.currency_id.with_env(env).format(amount),
                        date=format_date(env, date),
                    ),
                }
            )
            case._collection_ask_consultant(
                env._("Payment received after closing: book the recovery.")
            )
        return len(rows)

    # ------------------------------------------------------------------
    # For accountants: what debtors with open cases paid that no invoice absorbed
    # ------------------------------------------------------------------

    @api.model
    def action_open_unmatched_payments(self):
        cases = self.search([("is_closed", "=", False), ("amount_unmatched", "!=", 0)])
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "in", self.env.companies.ids),
                ("partner_id.commercial_partner_id", "in", cases.partner_id.ids),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("balance", "<", 0),
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Unreconciled Payments of Debtors"),
            "res_model": "account.move.line",
            "view_mode": "list,form",
            "views": [(self.env.ref("account.view_move_line_tree").id, "list"), (False, "form")],
            "domain": [("id", "in", lines.ids)],
            "context": {"create": False, "search_default_group_by_partner": 1},
        }
