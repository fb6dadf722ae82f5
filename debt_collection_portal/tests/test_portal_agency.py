"""The debtor's page of a case placed with an external agency says who collects it now."""

from odoo.tests import HttpCase, tagged

from .common import DebtCollectionPortalCommon


@tagged("post_install", "-at_install")
class TestPortalAgency(DebtCollectionPortalCommon, HttpCase):
    def test_page_names_the_agency_while_placed(self):
        agency = self.env["res.partner"].create(
            {"name": "Recobros Levante S.L.", "is_company": True, "phone": "+34 961 112 233"}
        )
        agreement = self.env["debt.collection.agency.agreement"].create(
            {"name": "Recobros 2026", "agency_id": agency.id, "commission_rate": 15.0}
        )
        url = f"/my/debts/{self.case.id}?access_token={self.case.access_token}"
        self.assertNotIn("Recobros Levante", self.url_open(url).text)
        self.case._external_place(agreement)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("collected on our behalf by this agency", page.text)
        self.assertIn("Recobros Levante S.L.", page.text)
        self.assertIn("+34 961 112 233", page.text)
