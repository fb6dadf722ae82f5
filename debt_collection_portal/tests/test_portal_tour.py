"""The debtor's day in a browser: the letter's link on a phone, the debt, the letter's PDF."""

from odoo.tests import HttpCase, tagged

from .common import DebtCollectionPortalCommon


@tagged("post_install", "-at_install")
class TestDebtPageTour(DebtCollectionPortalCommon, HttpCase):
    browser_size = "375x667"

    def test_debtor_follows_the_letter_link_and_downloads_the_letter(self):
        link = self.case._get_letter_portal_url()
        path = link.removeprefix(self.case.get_base_url())
        self.start_tour(path, "debt_collection_portal_letter_link", login=None)
        # what the tour clicked: the letter as it was sent
        response = self.url_open(
            self.case.get_portal_url(suffix=f"/letters/{self.letter.id}", download=True)
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertEqual(response.content, self.letter.attachment_id.raw)
