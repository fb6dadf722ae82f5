"""Client money in the books: placements, payments, recalls, direct payments, write-off."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .agency_accounting_common import AgencyAccountingCommon


@tagged("post_install", "-at_install")
class TestAgencyAccounting(AgencyAccountingCommon):
    """Client money in the books: every figure below is worked out by hand."""

    def _debts(self, prefix, count, amount):
        """``count`` debts of the debtor due on 10 January 2026, ``amount`` and up."""
        return [
            {
                "partner_id": self.debtor.id,
                "name": f"{prefix}-{index}",
                "amount": amount + index,
                "currency_id": self.currency.id,
                "date_due": date(2026, 1, 10),
            }
            for index in range(count)
        ]

    def test_placement_is_a_debtor_invoice_against_the_creditor_not_revenue(self):
        placement = self._placed(1000.0, "F-1")
        invoice = placement.move_id
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.debtor)
        self.assertEqual(invoice.journal_id, self.mandate.journal_id)
        self.assertEqual(invoice.invoice_date_due, date(2026, 1, 10))
        self.assertEqual(invoice.amount_residual, 1000.0)
        by_account = {line.account_id: line.balance for line in invoice.line_ids}
        self.assertEqual(
            by_account,
            {
                self.mandate.receivable_account_id: 1000.0,
                self.mandate.placement_account_id: -1000.0,
            },
        )
        self.assertFalse(
            invoice.line_ids.account_id.filtered(lambda a: a.internal_group == "income")
        )
        self.assertEqual(placement.days_overdue_placed, 0)
        # the trial balance: placed and outstanding for this creditor, nothing owed yet
        self._assert_client_money(-1000.0, 0.0)
        self.assertEqual(self.mandate.amount_outstanding, 1000.0)

    def test_placements_are_numbered_one_after_the_other(self):
        """Placement invoices are numbered after the journal's last number, batch after
        batch, and Odoo's own numbering carries on after them in the same transaction."""
        Placement = self.env["debt.collection.placement"]
        debts = self._debts("SEQ", 5, 10.0)
        with freeze_time("2026-01-05"):
            first = Placement._place(self.mandate, debts[:3])
            second = Placement._place(self.mandate, debts[3:])
            moves = (first | second).move_id.sorted("id")
            numbers = [move.sequence_number for move in moves]
            self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 5)))
            self.assertEqual(len(set(moves.mapped("sequence_prefix"))), 1)
            self.assertTrue(all(move.state == "posted" for move in moves))
            after = moves[0].copy({"invoice_date": date(2026, 1, 5), "date": date(2026, 1, 5)})
            after.action_post()
        self.assertEqual(after.sequence_number, numbers[-1] + 1)
        self.assertEqual(after.sequence_prefix, moves[0].sequence_prefix)

    def test_hashed_journal_hashes_the_placement_invoices_numbers(self):
        """A journal that locks posted entries with a hash hashes each invoice with its number:
        the invoices are numbered before they are posted, and the hash chain holds."""
        self.mandate.journal_id.restrict_mode_hash_table = True
        debts = self._debts("HASH", 3, 20.0)
        with freeze_time("2026-01-05"):
            moves = self.env["debt.collection.placement"]._place(self.mandate, debts).move_id
        moves = moves.sorted("id")
        numbers = moves.mapped("sequence_number")
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 3)))
        self.assertTrue(all(moves.mapped("inalterable_hash")))
        self.assertNotIn("/", moves.mapped("name"))
        integrity = self.env.company._check_hash_integrity()
        journal = self.mandate.journal_id
        result = next(
            r for r in integrity["results"] if r["journal_name"].startswith(journal.name)
        )
        self.assertEqual(result["status"], "verified", result)

    def test_payment_moves_money_to_owed_to_creditor_and_reversal_moves_it_back(self):
        placement = self._placed(1000.0, "F-2")
        payment = self._paid(placement, 300.0)
        self.assertEqual(payment.journal_id, self.mandate.bank_journal_id)
        line = self.Line.search([("placement_id", "=", placement.id)])
        self.assertRecordValues(
            line, [{"kind": "payment", "amount_collected": 300.0, "date": date(2026, 1, 20)}]
        )
        self._assert_client_money(-700.0, -300.0)
        self.assertEqual(self.mandate.amount_to_remit, 300.0)
        # the accountant undoes the reconciliation: a negative line, the entries come back
        with freeze_time("2026-01-22"):
            payment.move_id.line_ids.remove_move_reconcile()
        reversal = self.Line.search(
            [("placement_id", "=", placement.id), ("kind", "=", "reversal")]
        )
        self.assertRecordValues(
            reversal, [{"amount_collected": -300.0, "reversed_line_id": line.id}]
        )
        self._assert_client_money(-1000.0, 0.0)

    def test_recall_returns_what_is_outstanding_and_keeps_what_was_collected(self):
        placement = self._placed(500.0, "F-3")
        self._paid(placement, 200.0)
        with freeze_time("2026-01-25"):
            placement._recall("Creditor sold the debt")
        self.assertEqual(placement.state, "recalled")
        entry = placement.return_move_id
        self.assertEqual(entry.journal_id, self.mandate.entry_journal_id)
        by_account = {line.account_id: line.balance for line in entry.line_ids}
        self.assertEqual(
            by_account,
            {self.mandate.receivable_account_id: -300.0, self.mandate.placement_account_id: 300.0},
        )
        self.assertEqual(placement.move_id.amount_residual, 0.0)
        self.assertEqual(self._balance(self.mandate.placement_account_id), 0.0)
        # the 200 collected before the recall is still owed to the creditor
        self.assertEqual(self._balance(self.mandate.collected_account_id), -200.0)
        with self.assertRaises(UserError):
            placement._recall("again")

    def test_recall_closes_the_case_as_returned(self):
        placement = self._placed(500.0, "F-3b")
        case = self._agency_case(self.debtor, self.utility)
        placement.move_id.collection_case_id = case
        self.assertEqual(case.mandate_id, self.mandate)
        placement._recall("Creditor asked")
        self.assertEqual(case.state, "written_off")
        self.assertEqual(case.close_reason, "recalled")

    def test_direct_payment_reduces_the_debt_and_earns_commission_only(self):
        placement = self._placed(800.0, "F-4")
        with freeze_time("2026-01-21"):
            line = placement._report_direct_payment(300.0, date(2026, 1, 21), "bank transfer")
        self.assertRecordValues(
            line,
            [
                {
                    "kind": "direct",
                    "amount_collected": 0.0,
                    "amount_base": 300.0,
                    "amount_direct": 300.0,
                }
            ],
        )
        self.assertEqual(placement.move_id.amount_residual, 500.0)
        self._assert_client_money(-500.0, 0.0)
        with self.assertRaises(UserError):
            placement._report_direct_payment(600.0, date(2026, 1, 22))
        remittance = self._remit_january(self.mandate)
        # 20 % of 300 = 60.00, VAT 21 % = 12.60: the creditor owes the agency 72.60
        self.assertRecordValues(
            remittance,
            [
                {
                    "amount_collected": 0.0,
                    "amount_commission_untaxed": 60.0,
                    "amount_tax": 12.6,
                    "amount_commission": 72.6,
                    "amount_remitted": -72.6,
                }
            ],
        )
        self.assertFalse(remittance.bill_move_id)
        self.assertEqual(remittance.commission_move_id.amount_residual, 72.6)

    def test_write_off_at_an_agency_returns_the_debt_to_the_creditor(self):
        placement = self._placed(700.0, "WO-1")
        case = self._agency_case(self.debtor, self.utility)
        placement.move_id.collection_case_id = case
        self._paid(placement, 100.0)
        move = case.with_user(self.manager)._collection_write_off("exhausted")
        by_account = {line.account_id: line.balance for line in move.line_ids}
        self.assertEqual(
            by_account,
            {self.mandate.receivable_account_id: -600.0, self.mandate.placement_account_id: 600.0},
        )
        self.assertEqual(move.journal_id, self.mandate.entry_journal_id)
        self.assertEqual(placement.state, "returned")
        self.assertEqual(self._balance(self.mandate.placement_account_id), 0.0)
        self.assertFalse(
            move.line_ids.account_id.filtered(lambda a: a.internal_group == "expense")
        )
        case.with_user(self.manager).action_reverse_writeoff()
        self.assertEqual(placement.state, "placed")
        self.assertEqual(self._balance(self.mandate.placement_account_id), -600.0)

    def test_plan_above_the_mandate_authority_waits_for_approval(self):
        placement = self._placed(1000.0, "PL-1")
        case = self._agency_case(self.debtor, self.utility)
        placement.move_id.collection_case_id = case
        self.mandate.write({"max_discount": 5.0, "max_instalments": 3})
        self.assertEqual(case._collection_settlement_authority(), (5.0, 3))
        plan = self.env["debt.collection.plan"].create(
            {
                "case_id": case.id,
                "amount_due": 1000.0,
                "amount_total": 920.0,
                "line_ids": [Command.create({"date_due": date(2026, 3, 1), "amount": 920.0})],
            }
        )
        self.assertTrue(plan.needs_approval)  # 8 % discount above the creditor's 5 %
        plan.amount_total = 960.0
        plan.line_ids.amount = 960.0
        self.assertFalse(plan.needs_approval)
