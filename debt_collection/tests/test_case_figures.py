from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .test_negotiation import NegotiationCommon


@tagged("post_install", "-at_install", "dc_reliability")
class TestCaseFigures(NegotiationCommon):
    """Recovered, written off and settlement discount are three figures, never mixed."""

    def _report_total(self, case):
        rows = self.env["debt.collection.recovery"].search([("case_id", "=", case.id)])
        return sum(rows.mapped("amount"))

    def test_writeoff_is_not_recovered_money(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 1000.0)
            self._pay(invoice, 250.0)
            case.with_user(self.manager)._collection_write_off("cost_benefit")
        self.assertEqual(case.state, "written_off")
        self.assertEqual(case.amount_residual, 0.0)
        self.assertEqual(case.amount_recovered, 250.0, "only what the debtor paid")
        self.assertEqual(case.amount_written_off, 750.0, "1000 - 250 paid")
        self.assertEqual(case.amount_discount, 0.0)
        self.assertEqual(self._report_total(case), 250.0, "the report counts the same")
        with freeze_time("2026-01-20 10:00:00"):
            case.with_user(self.manager).action_reverse_writeoff()
        self.assertEqual(case.amount_written_off, 0.0, "a reversed write-off is undone")
        self.assertEqual(case.amount_recovered, 250.0)
        self.assertEqual(case.amount_residual, 750.0)

    def test_settlement_discount_is_not_recovered_money(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 1000.0)
            plan = self._plan(
                case, amount_total=900.0, instalment_count=1, date_first=date(2026, 1, 20)
            )
            plan.action_confirm()
            self.assertEqual(plan.state, "running", "10% is within a consultant's authority")
        with freeze_time("2026-01-19 10:00:00"):
            self._pay(invoice, 900.0)
            self._run()
        self.assertEqual(case.state, "settled")
        self.assertEqual(case.amount_recovered, 900.0)
        self.assertEqual(case.amount_discount, 100.0, "1000 due, 900 agreed")
        self.assertEqual(case.amount_written_off, 0.0)
        self.assertEqual(self._report_total(case), 900.0)

    def test_credit_note_is_neither_recovered_nor_written_off(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 500.0)
            refund = self.env["account.move"].create(
                {
                    "move_type": "out_refund",
                    "partner_id": self.debtor.id,
                    "invoice_date": date(2026, 1, 12),
                    "invoice_line_ids": [
                        Command.create({"name": "Returned", "quantity": 1, "price_unit": 100.0})
                    ],
                }
            )
            refund.action_post()
            (invoice.line_ids | refund.line_ids).filtered(
                lambda line: line.account_type == "asset_receivable"
            ).reconcile()
            self._pay(invoice, 150.0)
        self.assertEqual(case.amount_original, 500.0)
        self.assertEqual(case.amount_residual, 250.0, "500 - 100 credited - 150 paid")
        self.assertEqual(case.amount_recovered, 150.0)
        self.assertEqual(case.amount_written_off + case.amount_discount, 0.0)
        self.assertEqual(self._report_total(case), 150.0)

    def test_totals_of_the_case_list_match_the_recovery_report(self):
        with freeze_time("2026-01-12 10:00:00"):
            case1, invoice1 = self._open_case(self.debtor, 400.0)
            case2, invoice2 = self._open_case(self.debtor2, 600.0)
            self._pay(invoice1, 100.0)
            self._pay(invoice2, 200.0)
            case2.with_user(self.manager)._collection_write_off("insolvency")
        cases = case1 | case2
        totals = self.Case.read_group(
            [("id", "in", cases.ids)],
            ["amount_recovered:sum", "amount_written_off:sum", "amount_discount:sum"],
            [],
        )[0]
        self.assertEqual(totals["amount_recovered"], 300.0)
        self.assertEqual(totals["amount_written_off"], 400.0, "600 - 200 paid")
        self.assertEqual(totals["amount_discount"], 0.0)
        rows = self.env["debt.collection.recovery"].search([("case_id", "in", cases.ids)])
        self.assertEqual(sum(rows.mapped("amount")), totals["amount_recovered"])
