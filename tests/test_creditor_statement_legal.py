"""The creditor's monthly statement with the legal addon installed: a case in the legal phase
(a state the legal addon adds to the case) is listed with its status (issue 24)."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.debt_collection_legal.tests.common import pdf_text
from odoo.addons.debt_collection_portal.tests.portfolio_common import PortfolioCommon


@tagged("post_install", "-at_install")
class TestCreditorStatementWithLegalCases(PortfolioCommon, HttpCase):
    def test_statement_pdf_lists_a_case_in_the_legal_phase(self):
        self.case_b.state = "legal"
        month = fields.Date.today().replace(day=1) - relativedelta(months=1)
        self.authenticate(self.creditor_user.login, self.creditor_user.login)
        response = self.url_open(
            f"/my/portfolio/statements/{self.company.id}/{month.strftime('%Y-%m')}/pdf",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # the same statement as a real PDF (tests render reports as HTML unless forced)
        content, _name, _mimetype = self.utility.with_context(
            force_report_rendering=True
        )._portal_statement(self.company.id, month, "pdf")
        text = pdf_text(content)
        # the utility's two cases: 1,000.00 (600.00 paid in January) and 400.00, in the legal phase
        for figure in ("1,400.00", "600.00", "42.86 %", "800.00"):
            self.assertIn(figure, text)
        self.assertIn(self.case_b.name, text)
        self.assertIn("Legal Phase", text)
        self.assertNotIn(self.case_t.name, text)
