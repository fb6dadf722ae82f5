"""Tests of the case's figures: recovered, written off, discount; plans skip disputes."""

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

    def test_a_payment_unmatched_is_no_longer_recovered(self):
        """The accountant undoes a reconciliation: the invoice is unpaid again, and the case's
        recovered money goes with it; matched again in full, all of it is recovered."""
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 1000.0)
            payment = self._pay(invoice, 300.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(case.amount_recovered, 300.0)
        self.assertEqual(case.amount_residual, 700.0)
        payment.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(case.amount_recovered, 0.0, "nothing is matched with the invoice now")
        self.assertEqual(case.amount_residual, 1000.0)
        with freeze_time("2026-01-13 10:00:00"):
            self._pay(invoice)
        self.assertEqual(case.amount_recovered, 1000.0)
        self.assertEqual(case.amount_residual, 0.0)

    def test_settlement_discount_is_not_recovered_money(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 1000.0)
        self._settle(case, invoice, 900.0)  # 10%, within a consultant's authority
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
        self.assertEqual(case.amount_credited, 100.0)
        self.assertEqual(self._report_total(case), 150.0)

    def _credit(self, invoice, amount):
        """A credit note of ``amount`` matched with ``invoice``."""
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "invoice_date": date(2026, 1, 12),
                "invoice_line_ids": [
                    Command.create({"name": "Returned", "quantity": 1, "price_unit": amount})
                ],
            }
        )
        refund.action_post()
        (invoice.line_ids | refund.line_ids).filtered(
            lambda line: line.account_type == "asset_receivable"
        ).reconcile()
        return refund

    def _figures(self, case):
        return (
            case.amount_original,
            case.amount_residual,
            case.amount_recovered,
            case.amount_written_off,
            case.amount_discount,
            case.amount_credited,
        )

    def test_the_figures_of_a_case_add_up(self):
        """original = due + recovered + written off + settlement discount + credit notes, with
        a payment, a credit note and a write-off on one case, a payment, a credit note and a
        settlement on another (a settled case cannot be written off)."""
        with freeze_time("2026-01-12 10:00:00"):
            lost, invoice = self._open_case(self.debtor, 1000.0)
            self._credit(invoice, 100.0)
            self._pay(invoice, 250.0)
            lost.with_user(self.manager)._collection_write_off("cost_benefit")
            # 1,000 = 0 due + 250 paid + 650 written off + 0 discount + 100 credited
            self.assertEqual(self._figures(lost), (1000.0, 0.0, 250.0, 650.0, 0.0, 100.0))
            settled, invoice = self._open_case(self.debtor2, 1000.0)
            self._credit(invoice, 100.0)
            self.assertEqual(self._figures(settled), (1000.0, 900.0, 0.0, 0.0, 0.0, 100.0))
        self._settle(settled, invoice, 810.0)
        self.assertEqual(settled.state, "settled")
        # 1,000 = 0 due + 810 paid + 0 written off + 90 discount (10% of 900) + 100 credited
        self.assertEqual(self._figures(settled), (1000.0, 0.0, 810.0, 0.0, 90.0, 100.0))

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


@tagged("post_install", "-at_install", "dc_compliance")
class TestPlanLeavesDisputesOut(NegotiationCommon):
    """A plan proposed after the debtor disputed an invoice covers only the others (CG-4)."""

    def test_no_warning_box_when_nothing_is_disputed(self):
        """The wizard's yellow box showed "account.move()" when no invoice was disputed."""
        with freeze_time("2026-01-12 10:00:00"):
            case, _invoice = self._open_case(self.debtor, 180.15)
            wizard = (
                self.env["debt.collection.plan.wizard"]
                .with_user(self.consultant)
                .create({"case_id": case.id})
            )
            self.assertEqual(wizard.amount_due, 180.15)
            self.assertFalse(wizard.disputed_warning, "no box: nothing is disputed")

    def test_disputed_invoice_is_left_out_of_the_plan_and_its_settlement(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 180.15)
            disputed = self._create_invoice(
                self.debtor, 336.36, date(2026, 1, 10), date(2025, 12, 10)
            )
            disputed.collection_case_id = case
            self.assertEqual(case.amount_residual, 516.51)
            case._collection_register_dispute("Never ordered", "portal", invoices=disputed)
            wizard = (
                self.env["debt.collection.plan.wizard"]
                .with_user(self.consultant)
                .create({"case_id": case.id, "instalment_count": 2})
            )
            self.assertEqual(wizard.amount_due, 180.15, "516.51 due less 336.36 disputed")
            self.assertEqual(wizard.amount_total, 180.15)
            self.assertIn(disputed.name, wizard.disputed_warning)
            self.assertIn("336.36", wizard.disputed_warning)
            self.assertNotIn("account.move", wizard.disputed_warning)
            # a 10% settlement of what is not disputed: 162.14 for 180.15
            plan = self._plan(
                case, amount_total=162.14, instalment_count=1, date_first=date(2026, 1, 20)
            )
            self.assertEqual((plan.amount_due, plan.amount_discount), (180.15, 18.01))
            plan.action_confirm()
        with freeze_time("2026-01-19 10:00:00"):
            self._pay(invoice, 162.14)
            self._run()
        self.assertEqual(invoice.payment_state, "paid", "18.01 forgiven by the settlement")
        self.assertEqual(disputed.amount_residual, 336.36, "the disputed invoice is not forgiven")
        self.assertEqual(case.amount_discount, 18.01)
        self.assertEqual(case.amount_residual, 336.36)
        self.assertNotIn(case.state, ("settled", "paid"))
