"""What a debtor sends from their page, over HTTP: promise, dispute, plan, contact data and
messages. Each by POST with CSRF (PO-4), reading only its own fields (PO-5), escaped on the
way back (PO-6), refused with nothing written without the case's token or login (PO-1)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import DebtorPageCommon

XSS = "<img src=x onerror=alert(1)>"
# what an attacker adds to a form, hoping the server writes it (PO-5)
EXTRA_FIELDS = {
    "state": "paid",
    "amount_residual": "0",
    "partner_id": "1",
    "company_id": "1",
    "user_id": "1",
}


@tagged("post_install", "-at_install", "dc_security")
class TestDebtorRequests(DebtorPageCommon):
    def setUp(self):
        super().setUp()
        self.today = fields.Date.today()

    def _counts(self):
        case = self.case
        return (
            len(case.promise_ids),
            len(case.action_ids),
            len(case.message_ids),
            len(case.activity_ids),
            self.invoice.collection_disputed,
        )

    def assertRefusedAndNothingWritten(self, before, response):
        self.assertIn(response.status_code, (400, 403, 404))
        if response.status_code == 404:
            self.assertIn("This link is no longer valid", response.text)
        self.assertNotIn("1,234.00", response.text)
        self.case.invalidate_recordset()
        self.invoice.invalidate_recordset()
        self.assertEqual(self._counts(), before)

    def _promise_data(self, days=10, amount="500"):
        return {"amount": amount, "date_promised": str(self.today + timedelta(days=days))}

    # ------------------------------------------------------------------
    # Refusals: no token, wrong token, another case's token, GET, no CSRF
    # ------------------------------------------------------------------

    def test_requests_without_access_write_nothing(self):
        before = self._counts()
        requests = {
            "promise": self._promise_data(),
            "dispute": {"invoice_id": str(self.invoice.id), "reason": "Never delivered"},
            "plan": {"instalments": "3", "reason": "Lost my job"},
            "contact": {"phone": "+34 600 000 000"},
            "message": {"body": "Hello"},
        }
        for route, data in requests.items():
            for token in (False, "not-the-token", self.other_case.access_token):
                with self.subTest(route=route, token=token):
                    response = self._post(self.case, route, data, token=token)
                    self.assertRefusedAndNothingWritten(before, response)

    def test_another_debtor_cannot_post_on_my_case(self):
        before = self._counts()
        self.authenticate(self.portal_user.login, self.portal_user.login)
        # logged in as the first debtor, posting on the second debtor's case: refused
        other_before = len(self.other_case.message_ids)
        response = self._post(self.other_case, "message", {"body": "Hi"}, token=False)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(len(self.other_case.message_ids), other_before)
        self.assertEqual(self._counts(), before)

    def test_get_changes_nothing_and_post_needs_csrf(self):
        before = self._counts()
        url = f"/my/debts/{self.case.id}/promise?access_token={self.case.access_token}"
        response = self.url_open(url + "&amount=10&date_promised=2099-01-01")
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(self._counts(), before)
        data = dict(self._promise_data(), access_token=self.case.access_token)
        response = self.url_open(f"/my/debts/{self.case.id}/promise", data=data)
        self.assertEqual(response.status_code, 400)  # no CSRF token
        self.assertEqual(self._counts(), before)

    # ------------------------------------------------------------------
    # Promise
    # ------------------------------------------------------------------

    def test_promise_within_the_rules_is_accepted_and_the_ladder_pauses(self):
        data = dict(self._promise_data(10, "500"), **EXTRA_FIELDS)
        response = self._post(self.case, "promise", data)
        self.assertEqual(response.status_code, 303)
        self.assertIn("notice=promise_accepted", response.headers["Location"])
        promise = self.case.promise_ids
        self.assertEqual(len(promise), 1)
        self.assertEqual(promise.amount, 500.0)
        self.assertEqual(promise.date_promised, self.today + timedelta(days=10))
        self.assertEqual(promise.channel, "portal")
        self.assertEqual(promise.user_id, self.consultant)
        self.assertEqual(self.case.state, "promise")
        # the extra fields did nothing (PO-5)
        self.assertEqual(self.case.partner_id, self.debtor)
        self.assertEqual(self.case.company_id, self.company)
        self.assertEqual(self.case.user_id, self.consultant)
        self.assertEqual(self.case.amount_residual, 1234.0)
        # in the action log and in the chatter, and listed on the page
        self.assertIn("promise", self.case.action_ids.mapped("result"))
        self.assertIn("I propose to pay", self.case.message_ids[0].body)
        # the date as the reader's language writes it, not ISO (issue 24)
        self.assertIn(promise.date_promised.strftime("%m/%d/%Y"), self.case.message_ids[0].body)
        self.assertNotIn(str(promise.date_promised), self.case.message_ids[0].body)
        page = self.url_open(response.headers["Location"])
        self.assertIn("your promise is recorded", page.text)
        self.assertRegex(page.text, r"(?s)Your promises.*500\.00")

    def test_promise_beyond_the_horizon_goes_to_the_consultant(self):
        horizon = self.company.collection_promise_horizon_days
        response = self._post(self.case, "promise", self._promise_data(horizon + 30, "100"))
        self.assertEqual(response.status_code, 303)
        self.assertIn("notice=promise_sent", response.headers["Location"])
        self.assertFalse(self.case.promise_ids)
        self.assertEqual(self.case.state, "open")
        activity = self.case.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.consultant)
        self.assertIn("outside the rules", activity.summary)

    def test_promise_with_bad_amount_or_date_is_refused_with_the_reason(self):
        before = self._counts()
        for data, message in (
            (self._promise_data(10, "-5"), "must be positive"),
            (self._promise_data(10, "5000"), "more than what is due"),
            (self._promise_data(-1, "10"), "cannot be in the past"),
            ({"amount": "10", "date_promised": "not a date"}, "choose the date"),
        ):
            with self.subTest(data=data):
                response = self._post(self.case, "promise", data)
                self.assertEqual(response.status_code, 422)
                self.assertIn(message, response.text)
                self.assertEqual(self._counts(), before)

    # ------------------------------------------------------------------
    # Dispute
    # ------------------------------------------------------------------

    def test_dispute_with_attachment_pauses_the_invoice_and_tells_the_consultant(self):
        files = {"attachment": ("delivery-note.pdf", b"%PDF-1.4 note", "application/pdf")}
        data = dict(
            {"invoice_id": str(self.invoice.id), "reason": "Never delivered"}, **EXTRA_FIELDS
        )
        response = self._post(self.case, "dispute", data, files=files)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.invoice.collection_disputed)
        self.assertEqual(self.invoice.collection_dispute_reason, "Never delivered")
        self.assertEqual(self.invoice.payment_state, "not_paid")
        self.assertIn("disputes", self.case.action_ids.mapped("result"))
        message = self.case.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertEqual(message.attachment_ids.name, "delivery-note.pdf")
        self.assertEqual(message.attachment_ids.raw, b"%PDF-1.4 note")
        self.assertEqual(self.case.activity_ids.user_id, self.consultant)
        # no longer asked for on the page, shown as disputed
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("Disputed", page)
        self.assertNotIn(f'name="invoice_ids" value="{self.invoice.id}"', page)

    def test_dispute_of_another_debtor_invoice_is_refused(self):
        response = self._post(
            self.case, "dispute", {"invoice_id": str(self.other_invoice.id), "reason": "x"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertFalse(self.other_invoice.collection_disputed)

    def test_dispute_note_is_escaped_in_page_and_chatter(self):
        response = self._post(
            self.case, "dispute", {"invoice_id": str(self.invoice.id), "reason": XSS}
        )
        self.assertEqual(response.status_code, 303)
        page = self.url_open(response.headers["Location"]).text
        self.assertNotIn(XSS, page)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", page)
        for message in self.case.message_ids:
            self.assertNotIn("<img", str(message.body))
        bodies = [str(m["body"]) for m in self._chatter_messages(self.case)]
        self.assertTrue(any("&lt;img src=x onerror=alert(1)&gt;" in b for b in bodies))
        self.assertFalse(any("<img" in b for b in bodies))

    def test_chatter_shows_no_internal_note(self):
        self.case.message_post(body="Internal: debtor lies", subtype_xmlid="mail.mt_note")
        self._post(self.case, "message", {"body": "I will pay on Friday"})
        bodies = " ".join(str(m["body"]) for m in self._chatter_messages(self.case))
        self.assertIn("I will pay on Friday", bodies)
        self.assertNotIn("debtor lies", bodies)

    # ------------------------------------------------------------------
    # Plan, contact data, message
    # ------------------------------------------------------------------

    def test_plan_request_reaches_the_consultant(self):
        response = self._post(self.case, "plan", {"instalments": "4", "reason": "Lost my job"})
        self.assertEqual(response.status_code, 303)
        activity = self.case.activity_ids
        self.assertEqual(activity.user_id, self.consultant)
        self.assertIn("4 instalments", activity.summary)
        self.assertIn("Lost my job", str(activity.note))
        for bad in ("1", "99", "abc"):
            with self.subTest(instalments=bad):
                response = self._post(self.case, "plan", {"instalments": bad, "reason": "x"})
                self.assertEqual(response.status_code, 422)
        self.assertEqual(len(self.case.activity_ids), 1)

    def test_contact_update_never_overwrites_the_partner(self):
        phone, email = self.debtor.phone, self.debtor.email
        data = dict(
            {"phone": "+34 600 111 222", "email": "new@example.com", "name": "X"}, **EXTRA_FIELDS
        )
        response = self._post(self.case, "contact", data)
        self.assertEqual(response.status_code, 303)
        self.assertEqual((self.debtor.phone, self.debtor.email), (phone, email))
        activity = self.case.activity_ids
        self.assertEqual(activity.user_id, self.consultant)
        self.assertIn("+34 600 111 222", str(activity.note))
        self.assertIn("new@example.com", str(activity.note))
        # the new data stays between the debtor and the consultant, out of the chatter
        self.assertNotIn("new@example.com", " ".join(str(m.body) for m in self.case.message_ids))
        response = self._post(self.case, "contact", {"email": "not-an-email"})
        self.assertEqual(response.status_code, 422)

    def test_daily_limit_is_said_on_the_page_when_reached(self):
        self.env["ir.config_parameter"].set_param("debt_collection_portal.daily_limit_message", 2)
        for body in ("one", "two"):
            self.assertEqual(self._post(self.case, "message", {"body": body}).status_code, 303)
        before = self._counts()
        response = self._post(self.case, "message", {"body": "three"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("today", response.text)
        self.assertEqual(self._counts(), before)
        page = self.url_open(self.case.get_portal_url()).text
        self.assertIn("o_debt_collection_limit", page)
        self.assertNotIn("o_debt_collection_message_form", page)
        # other requests are still open
        self.assertIn("o_debt_collection_promise_form", page)

    def test_logged_in_debtor_posts_without_token(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self._post(self.case, "message", {"body": "From my account"}, token=False)
        self.assertEqual(response.status_code, 303)
        message = self.case.message_ids[0]
        self.assertEqual(message.author_id, self.debtor)
        self.assertIn("From my account", message.body)
