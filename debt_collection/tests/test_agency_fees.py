"""Fees per action: borne by the creditor (retained) or added to the debtor's debt."""

import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .agency_accounting_common import AgencyAccountingCommon


@tagged("post_install", "-at_install")
class TestAgencyFees(AgencyAccountingCommon):
    """Fees in the books and in remittances: every figure is worked out by hand."""

    def test_fees_the_creditor_bears_are_retained(self):
        placement, case = self._case_with_fees(
            [
                {"channel": "letter", "amount": 4.0, "bearer": "creditor"},
                {"channel": "visit", "amount": 30.0, "bearer": "agency"},
            ],
            1000.0,
            "FEE-1",
        )
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
        remittance = self._remit_january(self.mandate)
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
        placement, case = self._case_with_fees(
            [{"channel": "letter", "amount": 12.0, "bearer": "debtor"}], 500.0, "DF-1"
        )
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
        remittance = self._remit_january(self.mandate)
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
        Statement = self.env["report.debt_collection.report_remittance_statement"]
        sheet = openpyxl.load_workbook(io.BytesIO(Statement._render_xlsx(remittance))).active
        values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
        self.assertIn("Fees paid by debtors, retained", values)

    def test_step_a_consultant_records_charges_the_debtor_fee(self):
        """The consultant has no right on invoices; the step's fee is charged all the same,
        and a step of an in-house case or of a fee the creditor bears adds nothing."""
        _placement, case = self._case_with_fees(
            [
                {"channel": "call", "amount": 2.5, "bearer": "debtor"},
                {"channel": "visit", "amount": 30.0, "bearer": "creditor"},
            ],
            100.0,
            "DF-3",
            user_id=self.consultant.id,
        )
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
        placement, case = self._case_with_fees(
            [{"channel": "visit", "amount": 30.0, "bearer": "debtor"}], 100.0, "DF-2"
        )
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
        remittance = self._remit_january(self.mandate, False)
        self.assertRecordValues(
            remittance,
            [{"amount_collected": 0.0, "amount_debtor_fees": 0.0, "amount_remitted": 0.0}],
        )
