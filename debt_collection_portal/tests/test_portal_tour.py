"""The debtor's journeys in a browser, each on a 375 px phone and on a desk: the letter's link,
a promise, an online payment with Odoo's demo provider, a plan asked for, an invoice disputed
with a document. Plan signing is tested with the signature form's fix."""

from odoo.tests import HttpCase, tagged

from .common import DebtCollectionPortalCommon


class DebtPageTourCommon(DebtCollectionPortalCommon):
    def _letter_path(self):
        link = self.case._get_letter_portal_url()
        return link.removeprefix(self.case.get_base_url())

    def _small_invoice(self):
        small = self._create_invoice(
            self.debtor, 100.0, self.invoice.invoice_date_due, self.invoice.invoice_date
        )
        small.collection_case_id = self.case
        return small


@tagged("post_install", "-at_install")
class TestDebtPageTour(DebtPageTourCommon, HttpCase):
    """On a phone (375 x 667); TestDebtPageTourDesk runs the same journeys on a desk."""

    browser_size = "375x667"

    def test_debtor_proposes_a_promise_and_sees_it_listed(self):
        self.start_tour(self._letter_path(), "debt_collection_portal_promise", login=None)
        promise = self.case.promise_ids
        self.assertEqual(promise.amount, 200.0)
        self.assertEqual(promise.channel, "portal")
        self.assertEqual(self.case.state, "promise")

    def test_debtor_pays_one_invoice_with_the_demo_provider(self):
        self._demo_provider()
        small = self._small_invoice()
        self.start_tour(self._letter_path(), "debt_collection_portal_pay", login=None)
        self.assertIn(small.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.invoice.payment_state, "not_paid")
        self.assertEqual(small.transaction_ids.state, "done")

    def test_debtor_asks_for_an_instalment_plan(self):
        self.start_tour(self._letter_path(), "debt_collection_portal_plan_request", login=None)
        self.assertIn("I ask to pay in 6 instalments.", self.case.message_ids[0].body)
        self.assertIn("I lost a client", self.case.message_ids[0].body)
        activity = self.case.activity_ids.filtered(lambda a: "6 instalments" in a.summary)
        self.assertEqual(activity.user_id, self.consultant)

    def test_debtor_disputes_an_invoice_with_a_document(self):
        small = self._small_invoice()
        self.start_tour(self._letter_path(), "debt_collection_portal_dispute", login=None)
        self.assertTrue(small.collection_disputed)
        self.assertFalse(self.invoice.collection_disputed)
        self.assertEqual(small.collection_dispute_reason, "The goods were returned on delivery")
        message = self.case.message_ids.filtered(lambda m: small.name in (m.body or ""))[:1]
        self.assertEqual(message.attachment_ids.name, "albaran.pdf")
        self.assertTrue(message.attachment_ids.raw.startswith(b"%PDF"))
        # what the letters and the page ask for leaves the disputed invoice out
        self.assertEqual(self.case._get_letter_amount_due(), 1234.0)


@tagged("post_install", "-at_install")
class TestDebtPageTourDesk(TestDebtPageTour):
    browser_size = "1366x768"


@tagged("post_install", "-at_install")
class TestDebtPagePhone(DebtPageTourCommon, HttpCase):
    """What only a phone shows: the page and its links fit a 375 px screen."""

    browser_size = "375x667"

    def test_debtor_follows_the_letter_link_and_downloads_the_letter(self):
        self.start_tour(self._letter_path(), "debt_collection_portal_letter_link", login=None)
        # what the tour clicked: the letter as it was sent
        response = self.url_open(
            self.case.get_portal_url(suffix=f"/letters/{self.letter.id}", download=True)
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertEqual(response.content, self.letter.attachment_id.raw)

    def test_the_page_fits_a_phone_for_a_logged_in_debtor(self):
        """A company's long name in the header beside the debtor's long name (usual for
        companies) made the page 414 px wide on a 375 px phone."""
        self.company.name = "Suministros y Distribuciones Levante S.L."
        self.debtor.name = "Costruzioni Alpina Meridionale S.r.l."
        path = self.case.get_portal_url().split("?")[0]
        self.start_tour(path, "debt_collection_portal_fits_a_phone", login="dc_debtor")

    def test_the_link_no_longer_valid_fits_a_phone(self):
        self.env.ref("base.main_company").name = "Agenzia Recupero Crediti Mediterranea S.p.A."
        path = f"/my/debts/{self.case.id}?access_token=not-the-token"
        self.start_tour(path, "debt_collection_portal_fits_a_phone", login=None)
