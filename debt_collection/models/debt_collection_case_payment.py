"""The case's money as accounting records it: its figures from its invoices (owed, recovered,
written off, discounted, credited), and the engine's steps for payments no invoice absorbs
and for payments after closing."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.models import PREFETCH_MAX
from odoo.tools import SQL, format_date, split_every

from .debt_collection_case import CLOSED_STATES


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    amount_unmatched = fields.Monetary(
        string="Unreconciled Payments",
        readonly=True,
        copy=False,
        help="Payments or credits of the debtor not yet reconciled with invoices: the ladder "
        "waits until the accountant matches them.",
    )

    @api.depends(
        "invoice_ids.amount_total_signed",
        "invoice_ids.amount_residual_signed",
        "invoice_ids.invoice_date_due",
        "invoice_ids.collection_disputed",
        "writeoff_move_id",
        "plan_ids.settlement_move_id",
    )
    def _compute_amounts(self):
        # saved cases in a few set-based queries (a night opens tens of thousands of cases);
        # cases being edited in a form (no id yet) from their records
        stored = self.filtered("id")
        if stored:
            stored._compute_amounts_sql()
        for case in self - stored:
            invoices = case.invoice_ids
            case.invoice_count = len(invoices)
            debts = invoices.filtered(lambda inv: inv.amount_total_signed > 0)
            case.amount_original = sum(debts.mapped("amount_total_signed"))
            case.amount_residual = max(sum(invoices.mapped("amount_residual_signed")), 0.0)
            case.amount_recovered = case.amount_written_off = case.amount_discount = 0.0
            case.amount_credited = -sum((invoices - debts).mapped("amount_residual_signed"))
            open_dates = [
                inv.invoice_date_due
                for inv in invoices
                if inv.invoice_date_due and not inv.currency_id.is_zero(inv.amount_residual)
            ]
            case.date_due_oldest = min(open_dates) if open_dates else False

    def _compute_amounts_sql(self):
        """``_compute_amounts`` of saved cases: the invoices' figures summed in SQL, and the
        matched amounts (``_collection_matched_amounts``)."""
        self.env["account.move"].flush_model(
            [
                "collection_case_id",
                "amount_total_signed",
                "amount_residual_signed",
                "amount_residual",
                "invoice_date_due",
                "currency_id",
            ]
        )
        figures = {}
        for ids in split_every(PREFETCH_MAX, self.ids):
            self.env.cr.execute(
                SQL(
                    """
                    SELECT m.collection_case_id, count(*),
                           -- what is claimed: the debts, not the credit notes that lower them
                           SUM(m.amount_total_signed) FILTER (WHERE m.amount_total_signed > 0),
                           SUM(m.amount_residual_signed),
                           -SUM(m.amount_residual_signed) FILTER (WHERE m.amount_total_signed < 0),
                           MIN(m.invoice_date_due) FILTER (
                               WHERE abs(m.amount_residual) >= cur.rounding / 2)
                      FROM account_move m
                      JOIN res_currency cur ON cur.id = m.currency_id
                     WHERE m.collection_case_id = ANY(%s)
                     GROUP BY m.collection_case_id
                    """,
                    list(ids),
                )
            )
            figures.update({row[0]: row[1:] for row in self.env.cr.fetchall()})
        matched = self._collection_matched_amounts()
        for case in self:
            count, original, residual, open_credit, oldest = figures.get(
                case.id, (0, 0.0, 0.0, 0.0, None)
            )
            case.invoice_count = count
            case.amount_original = original or 0.0
            # an overpayment never makes the residual negative (DI-3)
            case.amount_residual = max(residual or 0.0, 0.0)
            recovered, written_off, discount, credited = matched[case]
            case.amount_recovered = recovered
            case.amount_written_off = written_off
            case.amount_discount = discount
            # matched with an invoice, or still open on the case's own credit notes
            case.amount_credited = credited + (open_credit or 0.0)
            case.date_due_oldest = oldest or False

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
            [
                "collection_case_id",
                "origin_payment_id",
                "statement_line_id",
                "payment_state",
                "move_type",
            ]
        )
        # one query for all the cases: what was reconciled with their receivable lines, by the
        # entry on the other side; the lines of an invoice nothing was matched with yet
        # (most of a portfolio taken in: Odoo says "not paid" of an invoice only then; it says
        # nothing of a plain entry) are not read
        by_case = defaultdict(list)
        for ids in split_every(PREFETCH_MAX, self.ids):
            self.env.cr.execute(
                SQL(
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
                       AND (m.payment_state <> 'not_paid' OR m.move_type = 'entry')
                     GROUP BY m.collection_case_id, pm.id
                    """,
                    list(ids),
                )
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
            SQL(
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
                   AND mod(c.partner_id, %s) = %s
                   AND (c.amount_unmatched <> 0 OR l.id IS NOT NULL)
                 GROUP BY c.id, c.amount_unmatched
                """,
                company.id,
                company.id,
                CLOSED_STATES,
                parts,
                part,
            )
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
            SQL(
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
                   AND mod(c.partner_id, %s) = %s
                   AND c.state IN %s
                   AND (pm.origin_payment_id IS NOT NULL OR pm.statement_line_id IS NOT NULL)
                   AND NOT EXISTS (
                       SELECT 1 FROM debt_collection_action a
                        WHERE a.step_key = 'late:' || l.id
                   )
                 ORDER BY l.id, c.date_closed DESC
                """,
                company.id,
                parts,
                part,
                tuple(set(CLOSED_STATES) - {"paid"}),
            )
        )
        rows = self.env.cr.fetchall()
        for case_id, line_id, amount, date in rows:
            case = self.browse(case_id)
            env = case._collection_reader_env()
            case._collection_log_manual(
                "late_payment",
                env._(
                    "%(amount)s received on %(date)s after the case was closed.",
                    amount=company.currency_id.with_env(env).format(amount),
                    date=format_date(env, date),
                ),
                for_consultant=True,
                step_key=f"late:{line_id}",
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
