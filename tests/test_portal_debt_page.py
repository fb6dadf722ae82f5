"""The link printed on a letter opens the debtor's page only with the right token (PO-1, PO-7)."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from odoo.addons.debt_collection.tests.common import DebtCollectionCommon


@tagged("post_install", "-at_install", "dc_security")
class TestDebtPage(DebtCollectionCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_invoice(cls.debtor, 1234.0, date(2026, 1, 10), date(2025, 12, 10))
        cls._create_invoice(cls.debtor2, 99.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            cls.env["debt.collection.run"].with_user(cls.env.ref("base.user_root"))._cron_run()
        cls.case = cls.Case.search([("partner_id", "=", cls.debtor.id)])
        cls.other_case = cls.Case.search([("partner_id", "=", cls.debtor2.id)])
        cls.case._portal_ensure_token()
        cls.other_case._portal_ensure_token()

    def _get(self, case_id, token, **params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        url = f"/my/debts/{case_id}?access_token={token or ''}&{query}"
        return self.url_open(url, allow_redirects=False)

    def test_right_token_shows_what_is_due(self):
        response = self._get(self.case.id, self.case.access_token)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.case.name, response.text)
        self.assertIn("1,234.00", response.text)
        self.assertNotIn(self.debtor2.name, response.text)

    def test_no_token_wrong_token_or_other_case_redirect(self):
        for case_id, token in (
            (self.case.id, None),
            (self.case.id, "not-the-token"),
            (self.case.id, self.other_case.access_token),
            (self.case.id + 1, self.case.access_token),
            (self.case.id - 1, self.case.access_token),
        ):
            with self.subTest(case_id=case_id, token=token):
                response = self._get(case_id, token)
                self.assertIn(response.status_code, (302, 303))
                self.assertTrue(response.headers["Location"].endswith("/my"))
                response = self._get(case_id, token, report_type="pdf")
                self.assertIn(response.status_code, (302, 303))

    def test_letter_pdf_with_token(self):
        response = self._get(self.case.id, self.case.access_token, report_type="html")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.case.name, response.text)

    def test_closing_the_case_kills_the_old_link(self):
        token = self.case.access_token
        self.case._close("paid", "paid")
        self.assertNotEqual(self.case.access_token, token)
        response = self._get(self.case.id, token)
        self.assertIn(response.status_code, (302, 303))
