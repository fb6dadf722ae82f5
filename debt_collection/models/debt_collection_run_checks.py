"""The run's checks before the steps: promises and plans, paid cases, disputes, unmatched
and late payments; and, after the steps, the cases lacking contact data."""

from odoo import models
from odoo.tools import SQL, split_every

from .debt_collection_case_contact import VERIFY_TYPE


class DebtCollectionRun(models.Model):
    _inherit = "debt.collection.run"

    def _run_checks(self, today):
        Case = self.env["debt.collection.case"]
        company = self.company_id
        self._search_mine(
            "debt.collection.promise", [("company_id", "=", company.id), ("state", "=", "open")]
        )._evaluate(today)
        self._search_mine(
            "debt.collection.plan",
            [("company_id", "=", company.id), ("state", "in", ("running", "breached"))],
        )._evaluate(today)
        Case.flush_model(["amount_residual", "date_closed"])
        paid = self._search_mine(
            "debt.collection.case",
            self._case_domain() + [("is_closed", "=", False)],
            # through the partial index of the cases to close (debt.collection.case.init)
            where=SQL(
                """%(case)s.amount_residual <= 0 AND %(case)s.date_closed IS NULL
                   AND EXISTS (SELECT 1 FROM account_move m
                                WHERE m.collection_case_id = %(case)s.id)
                """,
                case=SQL.identifier(Case._table),
            ),
        )
        paid._close("paid", "paid")
        self.case_closed_count = len(paid)
        Case._collection_record_late_payments(company, self.part, self.parts)
        self._hold_disputed()
        Case._collection_check_unmatched_payments(company, self.part, self.parts)

    def _check_contact_data(self):
        """After the steps: a case whose next step lacks the contact data it needs gets one
        "verify contact data" activity for its consultant (the same run, not the next one)."""
        Case = self.env["debt.collection.case"]
        unreachable = self._search_mine(
            "debt.collection.case",
            self._case_domain()
            + [("state", "not in", Case._get_hold_states())]
            + Case._get_unreachable_domain()
            # those asked about already are not read again every night
            + [
                (
                    "activity_ids",
                    "not any",
                    [("activity_type_id", "=", self.env.ref(VERIFY_TYPE).id)],
                )
            ],
        )
        # a step this run skipped for want of contact data asks for it too
        self.env["debt.collection.action"].flush_model(["run_id", "result", "case_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT case_id FROM debt_collection_action
                 WHERE run_id = %s AND result = 'skipped'
                """,
                self.id,
            )
        )
        skipped = [row[0] for row in self.env.cr.fetchall()]
        # a batch at a time: the first run of a portfolio asks about tens of thousands
        batch_size = max(self.company_id.collection_batch_size, 1)
        for batch in split_every(batch_size, unreachable.ids):
            Case.browse(batch)._collection_check_contact_data()
            self._batch_done()
        for batch in split_every(batch_size, skipped):
            Case.browse(batch)._collection_check_contact_data(force=True)
            self._batch_done()

    def _hold_disputed(self):
        """A case whose every open invoice is disputed waits; it comes back when lifted."""
        Case = self.env["debt.collection.case"]
        self.env["account.move"].flush_model(["collection_disputed", "payment_state"])
        Case.flush_model(["state", "partner_id", "company_id"])
        # only the cases on hold for a dispute and those with a disputed invoice (a partial
        # index holds these invoices): not every case of the portfolio
        self.env.cr.execute(
            SQL(
                """
                WITH candidates AS (
                    SELECT id FROM debt_collection_case
                     WHERE company_id = %s AND state = 'disputed'
                     UNION
                    SELECT collection_case_id FROM account_move
                     WHERE collection_disputed IS TRUE AND collection_case_id IS NOT NULL
                )
                SELECT c.id, c.state, bool_and(m.collection_disputed IS TRUE) AS all_disputed
                  FROM candidates k
                  JOIN debt_collection_case c ON c.id = k.id
                  JOIN account_move m ON m.collection_case_id = c.id
                                     AND m.payment_state IN ('not_paid', 'partial')
                 WHERE c.company_id = %s AND c.state IN %s
                   AND mod(c.partner_id, %s) = %s
                 GROUP BY c.id, c.state
                """,
                self.company_id.id,
                self.company_id.id,
                tuple(Case._get_active_states()) + ("disputed",),
                self.parts,
                self.part,
            )
        )
        to_dispute, to_resume = [], []
        for case_id, state, all_disputed in self.env.cr.fetchall():
            if all_disputed and state != "disputed":
                to_dispute.append(case_id)
            elif not all_disputed and state == "disputed":
                to_resume.append(case_id)
        if to_dispute:
            Case.browse(to_dispute).write({"state": "disputed"})
        if to_resume:
            Case.browse(to_resume).write({"state": "open", "hold_reason": False})
