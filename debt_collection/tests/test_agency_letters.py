"""Tests of agency letters: in the creditor's name, paid into client money only."""

import io
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import config
from odoo.tools.pdf import PdfFileReader

from .agency_common import AgencyCommon

OPERATING = "ES9121000418450200051332"
CLIENT_MONEY = "ES7620770024003102575766"
CREDITOR_OWN = "ES1000492352082414205416"


def pdf_text(raw):
    reader = PdfFileReader(io.BytesIO(raw))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


@tagged("post_install", "-at_install")
class TestAgencyLetters(AgencyCommon):
    """An agency writes in its creditor's name and asks for payment into client money only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Bank = cls.env["res.partner.bank"]
        cls.operating = Bank.create(
            {"acc_number": OPERATING, "partner_id": cls.company.partner_id.id}
        )
        cls.client_money = Bank.create(
            {"acc_number": CLIENT_MONEY, "partner_id": cls.company.partner_id.id}
        )
        cls.mandate.bank_journal_id.bank_account_id = cls.client_money
        cls.creditor_own = Bank.create({"acc_number": CREDITOR_OWN, "partner_id": cls.utility.id})
        with freeze_time("2026-01-05"):
            cls.placement = cls._place(cls.mandate, cls.debtor, 500.0, "LT-1", date(2025, 12, 1))
        cls.case = cls._new_case(
            cls.debtor,
            cls.placement.move_id,
            creditor_id=cls.utility.id,
            user_id=cls.consultant.id,
        )
        cls.debtor.lang = "en_US"
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )

    def _letter_text(self, case):
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("debt_collection.action_report_collection_letter", case.ids)
        )
        return pdf_text(pdf).replace(" ,", ",")

    def test_payment_accounts_are_the_mandates_client_money_account(self):
        self.assertEqual(self.case.mandate_id, self.mandate)
        self.assertEqual(self.case._collection_payment_accounts(), self.client_money)
        self.mandate.bank_journal_id.bank_account_id = False
        self.assertEqual(
            self.case._collection_payment_accounts(),
            self.creditor_own,
            "without a client-money account, the creditor's own: never the agency's",
        )
        self.creditor_own.unlink()
        self.assertFalse(self.case._collection_payment_accounts())

    def test_in_house_case_gives_the_companys_account(self):
        own = self._create_invoice(self.debtor2, 80.0, date(2025, 12, 1))
        case = self._new_case(self.debtor2, own, user_id=self.consultant.id)
        self.assertFalse(case._collection_letter_creditor())
        self.assertIn(self.operating, case._collection_payment_accounts())

    def test_letter_names_agency_on_behalf_of_creditor_and_client_money_account(self):
        text = self._letter_text(self.case)
        self.assertIn(f"{self.company.name}, on behalf of {self.utility.name}", text)
        self.assertIn(CLIENT_MONEY, text.replace(" ", ""))
        self.assertNotIn(
            OPERATING, text.replace(" ", ""), "never the agency's own account (CG-14)"
        )
        self.assertNotIn(CREDITOR_OWN, text.replace(" ", ""))
        self.mandate.bank_journal_id.bank_account_id = False
        text = self._letter_text(self.case)
        self.assertIn(CREDITOR_OWN, text.replace(" ", ""))
        self.assertNotIn(OPERATING, text.replace(" ", ""))

    def test_letter_lists_the_creditors_invoice_and_its_date(self):
        with freeze_time("2026-01-05"):
            placement = self.env["debt.collection.placement"]._place(
                self.mandate,
                [
                    {
                        "partner_id": self.debtor2.id,
                        "name": "FV-2025-40008",
                        "amount": 300.0,
                        "currency_id": self.currency.id,
                        "date_due": date(2025, 12, 1),
                        "date_original": date(2025, 11, 3),
                        "description": False,
                    }
                ],
            )
        case = self._new_case(
            self.debtor2,
            placement.move_id,
            creditor_id=self.utility.id,
            user_id=self.consultant.id,
        )
        self.debtor2.lang = "en_US"
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "debt_collection.action_report_collection_letter", case.ids
        )
        html = html.decode()
        # the debtor knows the creditor's invoice of 3 November, not the agency's placement
        # entry of 5 January
        self.assertIn("FV-2025-40008", html)
        self.assertIn("11/03/2025", html)
        self.assertNotIn(placement.move_id.name, html)
        self.assertNotIn("01/05/2026", html)
