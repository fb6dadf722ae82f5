"""A letter the engine sends prints the debtor's link, and that link serves that very letter."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tools import find_in_path

from odoo.addons.debt_collection.tests.common import DebtCollectionCommon
from odoo.addons.debt_collection.tests.test_letters import pdf_text


@tagged("post_install", "-at_install")
class TestLetterLink(DebtCollectionCommon, HttpCase):
    def test_engine_letter_prints_the_link_that_serves_it(self):
        self._create_invoice(self.debtor, 1234.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()  # reminder e-mail
        with freeze_time("2026-01-22 10:00:00"):
            self._run()  # first letter
        case = self._case(self.debtor)
        letter = case._portal_get_letters()
        self.assertEqual(len(letter), 1)
        self.assertEqual(letter.channel, "letter")
        if find_in_path("pdftotext"):
            text = pdf_text(letter.attachment_id.raw)
            self.assertIn(f"/my/debts/{case.id}", text)
            self.assertIn(case.access_token, text.replace(" ", ""))
            self.assertIn("the letters we sent you", text)
            # the page takes payments: the letter says so
            self.assertIn("pay online", " ".join(text.split()))
        link = case._get_letter_portal_url().removeprefix(case.get_base_url())
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        download = case.get_portal_url(suffix=f"/letters/{letter.id}", download=True)
        self.assertIn(download.replace("&", "&amp;"), response.text)
        response = self.url_open(download)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, letter.attachment_id.raw)
