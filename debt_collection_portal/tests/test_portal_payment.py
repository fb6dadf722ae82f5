"""Paying from the debtor's page with Odoo's payment engine: the transaction carries the
chosen invoices, its amount is theirs, and account_payment reconciles the payment with them."""

from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import DebtCollectionPortalCommon


@tagged("post_install", "-at_install", "dc_security")
class TestDebtorPayment(DebtCollectionPortalCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls._demo_provider()
        cls.method = cls.env.ref("payment_demo.payment_method_demo")
        cls.invoice2 = cls._create_invoice(
            cls.debtor, 100.0, cls.invoice.invoice_date_due, cls.invoice.invoice_date
        )
        cls.invoice2.collection_case_id = cls.case

    def _pay_page(self, case, token, invoice_ids=()):
        query = "".join(f"&invoice_ids={i}" for i in invoice_ids)
        return self.url_open(
            f"/my/debts/{case.id}/pay?access_token={token or ''}{query}", allow_redirects=False
        )

    def _transaction(self, case, invoices, token, amount=1.0):
        return self.make_jsonrpc_request(
            f"/my/debts/{case.id}/transaction/{invoices}",
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.method.id,
                "token_id": None,
                "amount": amount,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": case.get_portal_url(),
                "access_token": token,
            },
        )

    def test_letters_offer_payment_now_that_the_page_takes_it(self):
        self.assertLessEqual(
            {"view", "pay", "promise", "dispute"}, self.case._get_portal_services()
        )

    def test_pay_page_totals_the_chosen_invoices(self):
        response = self._pay_page(self.case, self.case.access_token, [self.invoice2.id])
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_payment_form", response.text)
        self.assertIn("100.00", response.text)
        self.assertNotIn(self.invoice.name, response.text)
        self.assertIn(f"/my/debts/{self.case.id}/transaction/{self.invoice2.id}", response.text)
        # none chosen: all of them
        response = self._pay_page(self.case, self.case.access_token)
        self.assertIn("1,334.00", response.text)
        # another debtor's invoice is not offered, whatever the query says
        response = self._pay_page(self.case, self.case.access_token, [self.other_invoice.id])
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn(self.other_invoice.name, response.text)

    def _paid(self, state):
        with mute_logger("odoo.addons.payment.models.payment_transaction"):
            values = self._transaction(self.case, self.invoice2.id, self.case.access_token)
        tx = self.env["payment.transaction"].search([("reference", "=", values["reference"])])
        notification = {"reference": tx.reference, "payment_details": "4242"}
        tx._handle_notification_data("demo", dict(notification, simulated_state=state))
        tx._post_process()
        return tx

    def test_the_page_confirms_a_payment_received(self):
        tx = self._paid("done")
        page = self.url_open(self.case.get_portal_url()).text
        self.assertIn("o_debt_collection_payment_status", page)
        self.assertRegex(page, r"your payment of\s*<strong[^>]*>[^<]*<span[^>]*>100\.00")
        self.assertIn("was received on", page)
        self.assertIn(tx.reference, page)
        # the total first says what is still due
        total = r"o_debt_collection_amount_due[^>]*>\s*<span[^>]*>[^<]*<span[^>]*>1,234\.00"
        self.assertRegex(page, total)

    def test_the_page_says_a_pending_payment_is_being_processed(self):
        tx = self._paid("pending")
        self.assertEqual(tx.state, "pending")
        page = self.url_open(self.case.get_portal_url()).text
        self.assertIn("is being processed", page)
        self.assertNotIn("was received on", page)
        # another debtor's page says nothing of it
        page = self.url_open(self.other_case.get_portal_url()).text
        self.assertNotIn("o_debt_collection_payment_status", page)

    def test_paying_the_last_invoice_closes_the_case_and_the_debtor_is_thanked(self):
        """The landing page after paying: the case the payment settled is closed (its link
        rotated), yet the browser that paid is thanked, not told its link is invalid."""
        url = self.case.get_portal_url()
        self._paid("done")
        self.case._close("paid", "paid")
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you for your payment", response.text)
        self.assertIn("was received on", response.text)
        self.assertNotIn("This link is no longer valid", response.text)
        # another browser with the same old link is told it is no longer valid
        self.opener.cookies.clear()
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        self.assertIn("This link is no longer valid", response.text)

    def test_pay_page_refused_without_the_case_token(self):
        for token in (None, "wrong", self.other_case.access_token):
            with self.subTest(token=token):
                response = self._pay_page(self.case, token, [self.invoice.id])
                self.assertEqual(response.status_code, 404)
                self.assertIn("This link is no longer valid", response.text)
                self.assertNotIn("1,234.00", response.text)

    def test_transaction_refused_without_the_case_token_or_for_foreign_invoices(self):
        for token in ("", "wrong", self.other_case.access_token):
            with (
                self.subTest(token=token),
                self.assertRaises(JsonRpcException),
                mute_logger("odoo.http"),
            ):
                self._transaction(self.case, self.invoice.id, token)
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self._transaction(self.case, self.other_invoice.id, self.case.access_token)
        self.assertFalse(self.env["payment.transaction"].search([("invoice_ids", "!=", False)]))

    def test_online_payment_reconciles_the_invoice_and_is_logged_on_the_case(self):
        with mute_logger("odoo.addons.payment.models.payment_transaction"):
            values = self._transaction(self.case, self.invoice2.id, self.case.access_token)
        tx = self.env["payment.transaction"].search([("reference", "=", values["reference"])])
        # the amount is the invoice's, not the 1.00 the browser sent
        self.assertEqual(tx.amount, 100.0)
        self.assertEqual(tx.invoice_ids, self.invoice2)
        self.assertEqual(tx.partner_id, self.debtor)
        tx._handle_notification_data(
            "demo",
            {"reference": tx.reference, "payment_details": "4242", "simulated_state": "done"},
        )
        tx._post_process()
        self.assertIn(self.invoice2.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.invoice2.amount_residual, 0.0)
        self.assertEqual(self.invoice.amount_residual, 1234.0)
        self.assertEqual(self.case.amount_residual, 1234.0)
        self.assertIn("Payment received online", self.case.message_ids[0].body)
        self.assertIn("Payment received online", self.case.action_ids[0].note)
        # the page no longer asks for it
        page = self.url_open(self.case.get_portal_url()).text
        self.assertNotIn(f'name="invoice_ids" value="{self.invoice2.id}"', page)
