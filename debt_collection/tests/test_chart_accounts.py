"""Tests of the accounts found in the chart: bad debt, services income, VAT."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .test_negotiation import NegotiationCommon


@tagged("post_install", "-at_install")
class TestChartAccounts(NegotiationCommon):
    """Write-offs book to the chart's bad-debt account, an agency's commission to services
    income with the VAT on services: found by the chart's xml ids (l10n_es's here, made by
    hand as the chart would, since the tests run on Odoo's generic chart)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"].with_company(cls.company)
        cls.bad_debt = Account.create(
            {
                "name": "Pérdidas de créditos comerciales incobrables",
                "code": "650000",
                "account_type": "expense",
            }
        )
        cls.services = Account.create(
            {"name": "Prestaciones de servicios", "code": "705000", "account_type": "income"}
        )
        cls.services_vat = cls.company_data["default_tax_sale"].copy(
            {"name": "IVA 21% (Servicios)", "amount": 21.0, "amount_type": "percent"}
        )
        for name, record in (
            ("account_pymes_650", cls.bad_debt),
            ("account_common_7050", cls.services),
            ("account_tax_template_s_iva21s", cls.services_vat),
        ):
            cls.env["ir.model.data"].create(
                {
                    "module": "account",
                    "name": f"{cls.company.id}_{name}",
                    "model": record._name,
                    "res_id": record.id,
                }
            )

    def test_write_off_and_settlement_book_to_the_bad_debt_account(self):
        self.company.write(
            {"collection_writeoff_account_id": False, "collection_discount_account_id": False}
        )
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 400.0)
            self._pay(invoice, 100.0)
            case.with_user(self.manager)._collection_write_off("cost_benefit")
        loss = case.writeoff_move_id.line_ids.filtered(lambda line: line.debit)
        self.assertEqual(loss.account_id.code, "650000")
        self.assertEqual(loss.debit, 300.0)
        with freeze_time("2026-01-12 10:00:00"):
            case2, invoice2 = self._open_case(self.debtor2, 1000.0)
        plan = self._settle(case2, invoice2, 900.0)
        forgiven = plan.settlement_move_id.line_ids.filtered(lambda line: line.debit)
        self.assertEqual((forgiven.account_id.code, forgiven.debit), ("650000", 100.0))

    def test_mandate_books_commission_to_services_with_services_vat(self):
        creditor = self.env["res.partner"].create({"name": "Aguas del Turia", "is_company": True})
        mandate = self.env["debt.collection.mandate"].create(
            {
                "name": "AT-2026",
                "creditor_id": creditor.id,
                "company_id": self.company.id,
                "date_start": date(2026, 1, 1),
                "user_ids": [Command.set(self.consultant.ids)],
                "debtor_country_id": self.env.ref("base.es").id,
            }
        )
        self.assertEqual(mandate.commission_tax_ids, self.services_vat)
        mandate.action_activate()
        self.assertEqual(mandate.commission_account_id, self.services)
        self.assertEqual(mandate.fee_account_id, self.services)
