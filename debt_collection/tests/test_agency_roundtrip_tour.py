"""Browser tours of both sides: place with agency, import its file, book its statement."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from ..models.debt_collection_case_external import PLACEMENT_COLUMNS
from .agreement_common import AgreementCommon


@tagged("post_install", "-at_install")
class TestAgencyRoundtripTour(AgreementCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.groups_id += cls.env.ref("base.group_partner_manager")

    def _case(self, partner=None):
        with freeze_time("2026-02-02 09:00:00"):
            self.inv1 = self._create_invoice(self.debtor, 1000.00, date(2026, 1, 10))
            self.inv2 = self._create_invoice(self.debtor, 250.50, date(2026, 1, 10))
            self.inv3 = self._create_invoice(self.debtor, 99.99, date(2026, 1, 10))
            self._run()
        return super()._case(self.debtor)

    def test_creditor_places_and_books_in_the_browser(self):
        case = self._case()
        self.start_tour(
            f"/odoo/action-debt_collection.debt_collection_case_action/{case.id}",
            "debt_collection_agency_place",
            login=self.manager.login,
        )
        self.assertEqual(case.state, "agency")
        self.assertEqual(case.external_agency_id, self.agency)
        rows = [
            "Invoice Number;Collected;Commission;VAT;Fee",
            f"{self.inv1.name};1000.00;150.00;31.50;0",
            f"{self.inv3.name};99.99;15.00;3.15;0",
        ]
        self.env["ir.attachment"].create(
            {"name": "tour_statement.csv", "raw": "\n".join(rows).encode(), "public": True}
        )
        statement = self.env["debt.collection.agency.statement"].create(
            {"agreement_id": self.agreement.id, "date": date(2026, 3, 1)}
        )
        self.start_tour(
            f"/odoo/action-debt_collection.debt_collection_agency_statement_action/{statement.id}",
            "debt_collection_agency_statement",
            login=self.manager.login,
        )
        self.assertEqual(statement.state, "booked")
        self.assertEqual(statement.amount_awaited, 900.34)
        self.assertEqual(self.inv2.amount_residual, 250.50)

    def test_agency_imports_the_placement_file_in_the_browser(self):
        case = self._case()
        case._external_place(self.agreement)
        content = case._external_csv(
            PLACEMENT_COLUMNS, case._external_placement_rows(case.invoice_ids)
        )
        self.env["ir.attachment"].create(
            {"name": "tour_placement.csv", "raw": content, "public": True}
        )
        # the agency: the same company plays it here (agency mode and in-house in one company)
        creditor = self.env["res.partner"].create({"name": "Creditor S.A.", "is_company": True})
        mandate = self.env["debt.collection.mandate"].create(
            {
                "name": "CR-2026",
                "creditor_id": creditor.id,
                "date_start": date(2026, 1, 1),
                "commission_rate": 15.0,
                "debtor_country_id": self.env.ref("base.es").id,
            }
        )
        mandate.action_activate()
        with freeze_time("2026-02-02 09:00:00"):
            self.start_tour(
                f"/odoo/action-debt_collection.debt_collection_mandate_action/{mandate.id}",
                "debt_collection_agency_import_placement",
                login=self.manager.login,
            )
        placements = self.env["debt.collection.placement"].search(
            [("mandate_id", "=", mandate.id)]
        )
        self.assertEqual(sorted(placements.mapped("amount_placed")), [99.99, 250.50, 1000.00])
