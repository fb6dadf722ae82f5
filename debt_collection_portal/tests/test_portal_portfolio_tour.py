"""The creditor's day in a browser (a desk): the portfolio from the portal's home, a plan above
the agency's authority approved, each statement downloaded."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .portfolio_common import PortfolioCommon


@tagged("post_install", "-at_install")
class TestPortfolioTour(PortfolioCommon, HttpCase):
    def test_creditor_opens_the_portfolio_and_approves_a_plan(self):
        self.start_tour("/my", "debt_collection_portal_portfolio_approve", login="dc_creditor")
        self.assertEqual(self.plan.state, "running")
        self.assertEqual(self.plan.creditor_decision, "approved")
        self.assertEqual(self.plan.creditor_decision_note, "Fine for this customer")
        self.assertEqual(self.case_a.state, "plan")

    def test_creditor_downloads_each_statement(self):
        self.start_tour("/my", "debt_collection_portal_portfolio_statements", login="dc_creditor")
        # what the tour fetched, once more from here: each kind answers its file
        self.authenticate("dc_creditor", "dc_creditor")
        last_month = fields.Date.today().replace(day=1) - relativedelta(months=1)
        month = last_month.strftime("%Y-%m")
        pdf, xlsx = (
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        for path, content_type in (
            (f"/my/portfolio/remittances/{self.remittance.id}/pdf", pdf),
            (f"/my/portfolio/remittances/{self.remittance.id}/xlsx", xlsx),
            (f"/my/portfolio/statements/{self.company.id}/{month}/pdf", pdf),
            (f"/my/portfolio/statements/{self.company.id}/{month}/xlsx", xlsx),
        ):
            with self.subTest(path=path):
                response = self.url_open(path, allow_redirects=False)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.headers["Content-Type"].startswith(content_type))
                # under test Odoo renders a report's HTML in place of its PDF: the creditor's
                # name is in either
                if content_type == xlsx:
                    self.assertTrue(response.content.startswith(b"PK\x03\x04"))
                else:
                    self.assertIn(self.utility.name.encode(), response.content)
