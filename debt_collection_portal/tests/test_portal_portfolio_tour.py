"""The creditor's day in a browser: the portfolio from the portal's home, and a plan above
the agency's authority approved."""

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
