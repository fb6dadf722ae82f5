import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .agency_common import AgencyCommon


@tagged("post_install", "-at_install")
class TestAgencyAccounting(AgencyCommon):
    """Client money in the books: every figure below is worked out by hand."""

    def _placed(self, amount, ref, mandate=None, partner=None, due=date(2026, 1, 10)):
        with freeze_time("2026-01-05"):
            return self._place(mandate or self.mandate, partner or self.debtor, amount, ref, due)

    def _paid(self, placement, amount, day="2026-01-20"):
        with freeze_time(day):
            return self._pay_placement(placement, amount, date.fromisoformat(day))

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
        self.assertEqual(self._balance(self.mandate.placement_account_id), -1000.0)
        self.assertEqual(self._balance(self.mandate.collected_account_id), 0.0)
        self.assertEqual(self.mandate.amount_outstanding, 1000.0)

    def test_placements_are_numbered_one_after_the_other(self):
        """Odoo numbers the first placement invoice; the batch follows it, and Odoo's own
        numbering carries on after the batch in the same transaction."""
        Placement = self.env["debt.collection.placement"]
        debts = [
            {
                "partner_id": self.debtor.id,
                "name": f"SEQ-{index}",
                "amount": 10.0 + index,
                "currency_id": self.currency.id,
                "date_due": date(2026, 1, 10),
            }
            for index in range(5)
        ]
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

    def test_payment_moves_money_to_owed_to_creditor_and_reversal_moves_it_back(self):
        placement = self._placed(1000.0, "F-2")
        payment = self._paid(placement, 300.0)
        self.assertEqual(payment.journal_id, self.mandate.bank_journal_id)
        line = self.Line.search([("placement_id", "=", placement.id)])
        self.assertRecordValues(
            line, [{"kind": "payment", "amount_collected": 300.0, "date": date(2026, 1, 20)}]
        )
        self.assertEqual(self._balance(self.mandate.placement_account_id), -700.0)
        self.assertEqual(self._balance(self.mandate.collected_account_id), -300.0)
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
        self.assertEqual(self._balance(self.mandate.placement_account_id), -1000.0)
        self.assertEqual(self._balance(self.mandate.collected_account_id), 0.0)

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
        case = self.Case.create(
            {
                "partner_id": self.debtor.id,
                "creditor_id": self.utility.id,
                "company_id": self.company.id,
            }
        )
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
        self.assertEqual(self._balance(self.mandate.placement_account_id), -500.0)
        self.assertEqual(self._balance(self.mandate.collected_account_id), 0.0)
        with self.assertRaises(UserError):
            placement._report_direct_payment(600.0, date(2026, 1, 22))
        with freeze_time("2026-02-03"):
            remittance = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31))
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

    def _january(self, mandate):
        """1,000.00 paid in full and 250.55 of 600.00 paid in January."""
        first = self._placed(1000.0, "J-1", mandate=mandate)
        second = self._placed(600.0, "J-2", mandate=mandate, partner=self.debtor2)
        self._paid(first, 1000.0, "2026-01-12")
        self._paid(second, 250.55, "2026-01-28")
        return first, second

    def test_net_remittance_deducts_commission_with_vat(self):
        self._january(self.mandate)
        with freeze_time("2026-02-03"):
            remittance = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31))
        # 1,250.55 collected; 20 % = 250.11; VAT 21 % = 52.5231 -> 52.52; 302.63 deducted
        self.assertRecordValues(
            remittance,
            [
                {
                    "state": "done",
                    "amount_collected": 1250.55,
                    "amount_commission_untaxed": 250.11,
                    "amount_tax": 52.52,
                    "amount_commission": 302.63,
                    "amount_fees": 0.0,
                    "amount_remitted": 947.92,
                }
            ],
        )
        self.assertEqual(
            remittance.amount_collected,
            remittance.amount_remitted + remittance.amount_commission + remittance.amount_fees,
        )
        bill, invoice = remittance.bill_move_id, remittance.commission_move_id
        self.assertEqual((bill.move_type, bill.amount_total), ("in_invoice", 1250.55))
        self.assertEqual(bill.partner_id, self.utility)
        self.assertEqual((invoice.move_type, invoice.amount_total), ("out_invoice", 302.63))
        self.assertEqual(invoice.amount_untaxed, 250.11)
        income = invoice.line_ids.filtered(
            lambda l: l.account_id == self.mandate.commission_account_id
        )
        self.assertEqual(income.balance, -250.11)
        # netted: the invoice is paid out of the bill, 947.92 is left to pay the creditor
        self.assertTrue(remittance.netting_move_id)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(bill.amount_residual, 947.92)
        self.assertEqual(self._balance(self.mandate.collected_account_id), 0.0)
        self.assertEqual(self._balance(self.mandate.placement_account_id), -349.45)
        # a remitted period is locked
        with self.assertRaises(UserError):
            remittance.line_ids[:1].sudo().write({"amount_commission": 0.0})
        with self.assertRaises(UserError):
            remittance.unlink()

    def test_gross_remittance_remits_everything_and_invoices_commission_with_vat(self):
        self.mandate.remittance_mode = "gross"
        self._january(self.mandate)
        with freeze_time("2026-02-03"):
            remittance = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31))
        self.assertRecordValues(
            remittance,
            [
                {
                    "amount_collected": 1250.55,
                    "amount_commission_untaxed": 250.11,
                    "amount_tax": 52.52,
                    "amount_commission": 302.63,
                    "amount_remitted": 1250.55,
                }
            ],
        )
        self.assertFalse(remittance.netting_move_id)
        self.assertEqual(remittance.bill_move_id.amount_residual, 1250.55)
        self.assertEqual(remittance.commission_move_id.amount_residual, 302.63)

    def test_gross_remittance_without_vat_and_payment_from_client_money(self):
        self.mandate2.remittance_method = "payment"
        self._january(self.mandate2)
        with freeze_time("2026-02-03"):
            remittance = self._remit(self.mandate2, date(2026, 1, 1), date(2026, 1, 31))
        # 15 % of 1,250.55 = 187.5825 -> 187.58, no VAT
        self.assertRecordValues(
            remittance,
            [{"amount_commission": 187.58, "amount_tax": 0.0, "amount_remitted": 1250.55}],
        )
        self.assertEqual(remittance.payment_id.journal_id, self.mandate2.bank_journal_id)
        self.assertEqual(remittance.payment_id.amount, 1250.55)
        self.assertIn(remittance.bill_move_id.payment_state, ("in_payment", "paid"))

    def test_commission_bands_by_days_overdue_at_placement(self):
        self.mandate.write(
            {
                "commission_type": "days_overdue",
                "band_ids": [
                    Command.create({"threshold": 0, "rate": 10.0}),
                    Command.create({"threshold": 90, "rate": 20.0}),
                    Command.create({"threshold": 365, "rate": 30.0}),
                ],
            }
        )
        young = self._placed(500.0, "B-1", due=date(2025, 12, 1))  # 35 days
        middle = self._placed(500.0, "B-2", due=date(2025, 9, 1))  # 126 days
        old = self._placed(500.0, "B-3", due=date(2024, 6, 1))  # 583 days
        self.assertEqual((young + middle + old).mapped("days_overdue_placed"), [35, 126, 583])
        for placement in young + middle + old:
            self._paid(placement, 100.0)
        with freeze_time("2026-02-03"):
            remittance = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31))
        self.assertEqual(
            sorted(remittance.line_ids.mapped("amount_commission")), [10.0, 20.0, 30.0]
        )
        self.assertEqual(remittance.amount_commission_untaxed, 60.0)

    def test_commission_bands_by_amount_recovered_apply_slice_by_slice(self):
        self.mandate.write(
            {
                "commission_type": "amount_recovered",
                "commission_tax_ids": [Command.clear()],
                "band_ids": [
                    Command.create({"threshold": 0, "rate": 20.0}),
                    Command.create({"threshold": 1000, "rate": 15.0}),
                    Command.create({"threshold": 5000, "rate": 10.0}),
                ],
            }
        )
        placement = self._placed(8000.0, "B-4")
        self._paid(placement, 1200.0, "2026-01-20")
        with freeze_time("2026-02-03"):
            january = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31))
        # 1,000 at 20 % + 200 at 15 % = 230.00
        self.assertEqual(january.amount_commission_untaxed, 230.0)
        self._paid(placement, 4500.0, "2026-02-10")
        with freeze_time("2026-03-02"):
            february = self._remit(self.mandate, date(2026, 2, 1), date(2026, 2, 28))
        # from 1,200 to 5,700: 3,800 at 15 % + 700 at 10 % = 570 + 70 = 640.00
        self.assertEqual(february.amount_commission_untaxed, 640.0)
        self.assertEqual(february.amount_remitted, 4500.0 - 640.0)

    def test_fees_the_creditor_bears_are_retained(self):
        self.mandate.fee_ids = [
            Command.create({"channel": "letter", "amount": 4.0, "bearer": "creditor"}),
            Command.create({"channel": "visit", "amount": 30.0, "bearer": "agency"}),
        ]
        placement = self._placed(1000.0, "FEE-1")
        case = self.Case.create(
            {
                "partner_id": self.debtor.id,
                "creditor_id": self.utility.id,
                "company_id": self.company.id,
            }
        )
        placement.move_id.collection_case_id = case
        Action = self.env["debt.collection.action"]
        with freeze_time("2026-01-15"):
            Action._log(
                [
                    {"case_id": case.id, "channel": "letter", "result": "sent"},
                    {"case_id": case.id, "channel": "letter", "result": "failed"},
                    {"case_id": case.id, "channel": "visit", "result": "reached"},
                ]
            )
        self._paid(placement, 100.0)
        with freeze_time("2026-02-03"):
            remittance = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31))
        # one letter sent (the failed one and the agency's visit are not charged):
        # fee 4.00 + VAT 0.84; commission 20.00 + VAT 4.20; 100 - 24.20 - 4.84 = 70.96
        self.assertRecordValues(
            remittance,
            [
                {
                    "amount_fees_untaxed": 4.0,
                    "amount_fees": 4.84,
                    "amount_commission": 24.2,
                    "amount_tax": 5.04,
                    "amount_remitted": 70.96,
                }
            ],
        )
        self.assertEqual(
            remittance.amount_collected,
            remittance.amount_remitted + remittance.amount_commission + remittance.amount_fees,
        )
        self.assertEqual(remittance.commission_move_id.amount_total, 29.04)

    def test_fee_the_debtor_bears_is_added_to_the_debt_and_retained(self):
        self.mandate.fee_ids = [
            Command.create({"channel": "letter", "amount": 12.0, "bearer": "debtor"}),
        ]
        placement = self._placed(500.0, "DF-1")
        case = self.Case.create(
            {
                "partner_id": self.debtor.id,
                "creditor_id": self.utility.id,
                "company_id": self.company.id,
            }
        )
        placement.move_id.collection_case_id = case
        Action = self.env["debt.collection.action"]
        with freeze_time("2026-01-15"):
            letter = Action._log([{"case_id": case.id, "channel": "letter", "result": "sent"}])
            Action._log([{"case_id": case.id, "channel": "letter", "result": "failed"}])
            letter._log_update({"result": "delivered"})  # a later update charges nothing more
        fee = self.env["account.move"].search([("collection_fee_action_id", "!=", False)])
        self.assertEqual(len(fee), 1, "one fee for the one letter carried out")
        self.assertRecordValues(
            fee,
            [
                {
                    "collection_fee_action_id": letter.id,
                    "collection_case_id": case.id,
                    "partner_id": self.debtor.id,
                    "state": "posted",
                    "amount_total": 12.0,
                    "amount_tax": 0.0,
                }
            ],
        )
        self.assertEqual(placement.move_id.amount_total, 500.0, "the placed debt is untouched")
        self.assertEqual(case.amount_residual, 512.0)
        self.assertEqual(self._balance(self.mandate.fee_account_id), -12.0)
        self.assertEqual(self._balance(self.mandate.placement_account_id), -500.0)
        with freeze_time("2026-01-20"):
            (
                self.env["account.payment.register"]
                .with_context(
                    active_model="account.move", active_ids=(placement.move_id | fee).ids
                )
                .create(
                    {
                        "payment_date": date(2026, 1, 20),
                        "journal_id": self.mandate.bank_journal_id.id,
                        "group_payment": True,
                    }
                )
                ._create_payments()
            )
        self.assertEqual(case.amount_residual, 0.0)
        # only the creditor's 500.00 moves to "collected, to remit"; the fee is the agency's
        self.assertEqual(self._balance(self.mandate.collected_account_id), -500.0)
        self.mandate.invalidate_recordset(["amount_to_remit"])
        self.assertEqual(self.mandate.amount_to_remit, 500.0)
        with freeze_time("2026-02-03"):
            remittance = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31))
        # collected 512.00; commission 20 % of 500.00 = 100.00 + VAT 21.00 = 121.00 (none on
        # the fee); the debtor's fee 12.00 retained; remitted 512.00 - 121.00 - 12.00 = 379.00
        self.assertRecordValues(
            remittance,
            [
                {
                    "amount_collected": 512.0,
                    "amount_base": 500.0,
                    "amount_commission": 121.0,
                    "amount_fees": 0.0,
                    "amount_debtor_fees": 12.0,
                    "amount_remitted": 379.0,
                }
            ],
        )
        self.assertEqual(
            remittance.amount_collected,
            remittance.amount_remitted
            + remittance.amount_commission
            + remittance.amount_fees
            + remittance.amount_debtor_fees,
        )
        self.assertEqual(sorted(remittance.line_ids.mapped("kind")), ["debtor_fee", "payment"])
        self.assertEqual(remittance.bill_move_id.amount_total, 500.0)
        self.assertEqual(self._balance(self.mandate.collected_account_id), 0.0)
        sheet = openpyxl.load_workbook(io.BytesIO(remittance._render_xlsx())).active
        values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
        self.assertIn("Fees paid by debtors, retained", values)

    def test_step_a_consultant_records_charges_the_debtor_fee(self):
        """The consultant has no right on invoices; the step's fee is charged all the same,
        and a step of an in-house case or of a fee the creditor bears adds nothing."""
        self.mandate.fee_ids = [
            Command.create({"channel": "call", "amount": 2.5, "bearer": "debtor"}),
            Command.create({"channel": "visit", "amount": 30.0, "bearer": "creditor"}),
        ]
        placement = self._placed(100.0, "DF-3")
        case = self.Case.create(
            {
                "partner_id": self.debtor.id,
                "creditor_id": self.utility.id,
                "company_id": self.company.id,
                "user_id": self.consultant.id,
            }
        )
        placement.move_id.collection_case_id = case
        own = self.Case.create(
            {
                "partner_id": self.debtor2.id,
                "company_id": self.company.id,
                "user_id": self.consultant.id,
            }
        )
        Action = self.env["debt.collection.action"].with_user(self.consultant)
        with freeze_time("2026-01-15"):
            Action._log(
                [
                    {"case_id": case.id, "channel": "call", "result": "reached"},
                    {"case_id": case.id, "channel": "visit", "result": "reached"},
                    {"case_id": own.id, "channel": "call", "result": "reached"},
                ]
            )
        fees = self.env["account.move"].search([("collection_fee_action_id", "!=", False)])
        self.assertEqual(fees.mapped("amount_total"), [2.5])
        self.assertEqual(fees.collection_case_id, case)
        self.assertEqual(case.amount_residual, 102.5)
        self.assertIn("2.50", case.message_ids[:1].body)

    def test_debtor_fee_reversed_comes_back_negative(self):
        self.mandate.fee_ids = [
            Command.create({"channel": "visit", "amount": 30.0, "bearer": "debtor"}),
        ]
        placement = self._placed(100.0, "DF-2")
        case = self.Case.create(
            {
                "partner_id": self.debtor.id,
                "creditor_id": self.utility.id,
                "company_id": self.company.id,
            }
        )
        placement.move_id.collection_case_id = case
        with freeze_time("2026-01-15"):
            self.env["debt.collection.action"]._log(
                [{"case_id": case.id, "channel": "visit", "result": "reached"}]
            )
        fee = self.env["account.move"].search([("collection_case_id", "=", case.id)]) - (
            placement.move_id
        )
        with freeze_time("2026-01-20"):
            payment = (
                self.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=fee.ids)
                .create(
                    {
                        "payment_date": date(2026, 1, 20),
                        "journal_id": self.mandate.bank_journal_id.id,
                    }
                )
                ._create_payments()
            )
        line = self.Line.search([("kind", "=", "debtor_fee")])
        self.assertRecordValues(line, [{"amount_collected": 30.0, "amount_debtor_fee": 30.0}])
        self.assertFalse(line.move_id, "no client-money transfer for the agency's fee")
        with freeze_time("2026-01-25"):
            payment.move_id.line_ids.remove_move_reconcile()
        reversal = self.Line.search([("reversed_line_id", "=", line.id)])
        self.assertRecordValues(
            reversal, [{"kind": "reversal", "amount_collected": -30.0, "amount_debtor_fee": -30.0}]
        )
        with freeze_time("2026-02-03"):
            remittance = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31), False)
        self.assertRecordValues(
            remittance,
            [{"amount_collected": 0.0, "amount_debtor_fees": 0.0, "amount_remitted": 0.0}],
        )

    def test_payment_reversed_after_remittance_is_a_negative_line_next_time(self):
        placement = self._placed(1000.0, "REV-1")
        payment = self._paid(placement, 400.0)
        with freeze_time("2026-02-03"):
            january = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31))
        self.assertEqual(january.amount_remitted, 303.2)  # 400 - 80 - 16.80
        with freeze_time("2026-02-10"):
            payment.move_id.line_ids.remove_move_reconcile()
        self.assertRecordValues(
            january, [{"amount_collected": 400.0, "amount_remitted": 303.2, "state": "done"}]
        )
        with freeze_time("2026-03-02"):
            february = self._remit(self.mandate, date(2026, 2, 1), date(2026, 2, 28))
        self.assertRecordValues(
            february,
            [
                {
                    "amount_collected": -400.0,
                    "amount_commission_untaxed": -80.0,
                    "amount_commission": -96.8,
                    "amount_remitted": -303.2,
                }
            ],
        )
        self.assertEqual(february.line_ids.kind, "reversal")
        self.assertEqual(february.bill_move_id.move_type, "in_refund")
        self.assertEqual(february.commission_move_id.move_type, "out_refund")
        self.assertEqual(self._balance(self.mandate.collected_account_id), 0.0)

    def test_thousand_payments_of_odd_amounts_are_remitted_to_the_cent(self):
        with freeze_time("2026-01-05"):
            placements = self.Placement._place(
                self.mandate,
                [
                    {
                        "partner_id": (self.debtor if index % 2 else self.debtor2).id,
                        "name": f"ODD-{index}",
                        "amount": 1000.0,
                        "currency_id": self.currency.id,
                        "date_due": date(2025, 12, 1),
                    }
                    for index in range(100)
                ],
            )
        amounts = [((index * 7919) % 997 + 1) / 100.0 for index in range(1000)]
        with freeze_time("2026-01-20"):
            payments = self.env["account.payment"].create(
                [
                    {
                        "payment_type": "inbound",
                        "partner_type": "customer",
                        "partner_id": placements[index % 100].partner_id.id,
                        "amount": amount,
                        "date": date(2026, 1, 20),
                        "journal_id": self.mandate.bank_journal_id.id,
                        "destination_account_id": self.mandate.receivable_account_id.id,
                    }
                    for index, amount in enumerate(amounts)
                ]
            )
            payments.action_post()
            receivable = self.mandate.receivable_account_id
            plans = []
            for position, placement in enumerate(placements):
                lines = placement.move_id.line_ids.filtered(lambda l: l.account_id == receivable)
                for payment in payments[position::100]:
                    lines |= payment.move_id.line_ids.filtered(
                        lambda l: l.account_id == receivable
                    )
                plans.append(lines)
            self.env["account.move.line"]._reconcile_plan(plans)
        collected = round(sum(amounts), 2)
        lines = self.Line.search([("mandate_id", "=", self.mandate.id)])
        self.assertEqual(len(lines), 1000)
        self.assertAlmostEqual(sum(lines.mapped("amount_collected")), collected, places=2)
        with freeze_time("2026-02-03"):
            remittance = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31))
        commission = self.currency.round(collected * 0.2)
        tax = self.currency.round(commission * 0.21)
        self.assertAlmostEqual(remittance.amount_collected, collected, places=2)
        self.assertAlmostEqual(remittance.amount_commission_untaxed, commission, places=2)
        self.assertAlmostEqual(
            sum(remittance.line_ids.mapped("amount_commission")), commission, places=2
        )
        self.assertAlmostEqual(remittance.amount_tax, tax, places=2)
        self.assertAlmostEqual(remittance.amount_remitted, collected - commission - tax, places=2)
        self.assertTrue(
            self.currency.is_zero(
                remittance.amount_collected
                - remittance.amount_remitted
                - remittance.amount_commission
                - remittance.amount_fees
            )
        )
        self.assertAlmostEqual(
            remittance.bill_move_id.amount_residual, remittance.amount_remitted, places=2
        )
        self.assertEqual(self._balance(self.mandate.collected_account_id), 0.0)

    def test_write_off_at_an_agency_returns_the_debt_to_the_creditor(self):
        placement = self._placed(700.0, "WO-1")
        case = self.Case.create(
            {
                "partner_id": self.debtor.id,
                "creditor_id": self.utility.id,
                "company_id": self.company.id,
            }
        )
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
        case = self.Case.create(
            {
                "partner_id": self.debtor.id,
                "creditor_id": self.utility.id,
                "company_id": self.company.id,
            }
        )
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

    def test_statement_xlsx_lists_the_lines_and_ties_out(self):
        self._january(self.mandate)
        with freeze_time("2026-02-03"):
            remittance = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31))
        attachment = remittance.xlsx_attachment_id
        self.assertTrue(attachment)
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
        refs = [row[2] for row in rows if row[2] in ("J-1", "J-2")]
        self.assertEqual(refs, ["J-1", "J-2"])
        totals = {row[3]: row[4] for row in rows if row[3] and isinstance(row[4], float)}
        self.assertEqual(totals["Remitted to you"], 947.92)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "debt_collection.action_report_remittance_statement", remittance.ids
            )[0]
            .decode()
        )
        self.assertIn("J-2", html)
        self.assertIn("947.92", html)
        # one creditor's data never appears in another's statement
        self.assertNotIn(self.telecom.name, html)


@tagged("post_install", "-at_install")
class TestRemittanceWithFeesScreen(AgencyCommon, HttpCase):
    """A period with a letter fee the creditor bears, computed as New Remittance leaves it,
    then recomputed and remitted from the form."""

    def test_manager_recomputes_and_remits_a_period_with_fees_in_the_browser(self):
        self.mandate.fee_ids = [
            Command.create({"channel": "letter", "amount": 4.0, "bearer": "creditor"}),
        ]
        with freeze_time("2026-01-05"):
            placement = self._place(self.mandate, self.debtor, 1000.0, "FEE-T")
        case = self.Case.create(
            {
                "partner_id": self.debtor.id,
                "creditor_id": self.utility.id,
                "company_id": self.company.id,
            }
        )
        placement.move_id.collection_case_id = case
        with freeze_time("2026-01-15"):
            self.env["debt.collection.action"]._log(
                [{"case_id": case.id, "channel": "letter", "result": "sent"}]
            )
        with freeze_time("2026-01-20"):
            self._pay_placement(placement, 100.0, date(2026, 1, 20))
        with freeze_time("2026-02-03"):
            remittance = self._remit(self.mandate, date(2026, 1, 1), date(2026, 1, 31), False)
        self.assertEqual(remittance.amount_fees_untaxed, 4.0)
        self.start_tour(
            f"/odoo/action-debt_collection.debt_collection_remittance_action/{remittance.id}",
            "debt_collection_remittance_fees",
            login=self.manager.login,
        )
        # fee 4.00 + VAT 0.84; commission 20.00 + VAT 4.20; 100 - 24.20 - 4.84 = 70.96
        self.assertRecordValues(
            remittance,
            [
                {
                    "state": "done",
                    "amount_fees_untaxed": 4.0,
                    "amount_fees": 4.84,
                    "amount_commission": 24.2,
                    "amount_remitted": 70.96,
                }
            ],
        )
        self.assertEqual(len(remittance.line_ids.filtered(lambda line: line.kind == "fee")), 1)
