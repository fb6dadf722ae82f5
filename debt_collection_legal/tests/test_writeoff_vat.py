"""Tests of the VAT-only credit note on a write-off (Spain, Italy)."""

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import LegalCommon, d


@tagged("post_install", "-at_install", "dc_compliance")
class TestWriteoffVat(LegalCommon):
    """The write-off issues a VAT-only credit note, reconciled, only where the conditions
    hold (Spain art. 80 LIVA, Italy art. 26 DPR 633/72); the rest goes to bad debt."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.collection_writeoff_account_id = cls.company_data["default_account_expense"]
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "IVA 21%",
                "amount": 21.0,
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.business.id,
                "invoice_date": d("2024-01-31"),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Supplies", "price_unit": 1000.0, "tax_ids": cls.tax.ids}
                    )
                ],
            }
        )
        cls.invoice.invoice_payment_term_id = False
        cls.invoice.invoice_date_due = d("2024-01-31")
        cls.invoice.action_post()
        cls.case = cls._case_with(cls.business, cls.invoice)

    def _wizard(self, **context):
        return (
            self.env["debt.collection.writeoff.wizard"]
            .with_user(self.manager)
            .with_context(**context)
            .create({"case_id": self.case.id, "reason": "insolvency"})
        )

    def _file_claim(self, procedure="monitorio", **values):
        proceeding = self.env["debt.collection.proceeding"].create(
            {
                "case_id": self.case.id,
                "lawyer_id": self.creditor_it.id,
                "procedure": procedure,
                "date_filed": d("2024-05-02"),
                **values,
            }
        )
        proceeding.action_file()
        return proceeding

    @freeze_time("2024-09-02")
    def test_spain_without_a_claim_no_credit_note(self):
        wizard = self._wizard()
        self.assertEqual(wizard.vat_relief_country, "ES")
        self.assertFalse(wizard.vat_relief_possible)
        self.assertFalse(wizard.issue_vat_credit_note)
        self.assertIn("&#10008;", wizard.vat_relief_conditions, "says what is missing")
        wizard.action_confirm()
        self.assertEqual(self.case.state, "written_off")
        self.assertFalse(
            self.env["account.move"].search([("reversed_entry_id", "=", self.invoice.id)])
        )
        self.assertEqual(self.case.writeoff_move_id.amount_total, 1210.0)

    @freeze_time("2024-07-15")
    def test_spain_claim_filed_but_too_early(self):
        self._file_claim()
        wizard = self._wizard()
        self.assertFalse(wizard.vat_relief_possible, "six months unpaid not reached")

    @freeze_time("2024-09-02")
    def test_spain_after_a_court_claim_the_vat_is_credited(self):
        self._file_claim()
        wizard = self._wizard()
        self.assertTrue(wizard.vat_relief_possible)
        self.assertEqual(wizard.vat_relief_amount, 210.0)
        self.assertTrue(wizard.issue_vat_credit_note)
        wizard.action_confirm()
        refund = self.env["account.move"].search([("reversed_entry_id", "=", self.invoice.id)])
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "posted")
        self.assertEqual((refund.amount_untaxed, refund.amount_tax), (0.0, 210.0))
        self.assertEqual(refund.amount_total, 210.0)
        self.assertEqual(refund.payment_state, "paid", "reconciled with the invoice")
        self.assertEqual(self.case.writeoff_move_id.amount_total, 1000.0, "the rest: bad debt")
        self.assertTrue(self.invoice.currency_id.is_zero(self.invoice.amount_residual))
        self.assertEqual(self.case.state, "written_off")

    @freeze_time("2025-09-02")
    def test_spain_window_closed(self):
        self._file_claim()
        self.assertFalse(self._wizard().vat_relief_possible)

    @freeze_time("2024-09-02")
    def test_italy_after_a_failed_enforcement(self):
        self.change_company_country(self.company, self.it)
        wizard = self._wizard()
        self.assertEqual(wizard.vat_relief_country, "IT")
        self.assertFalse(wizard.vat_relief_possible)
        self._file_claim("enforcement", outcome="lost").action_close()
        wizard = self._wizard()
        self.assertTrue(wizard.vat_relief_possible)
        wizard.action_confirm()
        refund = self.env["account.move"].search([("reversed_entry_id", "=", self.invoice.id)])
        self.assertEqual(refund.amount_total, 210.0)
        self.assertEqual(self.case.state, "written_off")
