"""Issue 23, point 5: the page's chatter (mail's post route) counts against the same daily
message limit as the page's form, logged out with the letter's token or logged in."""

from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import DebtorPageCommon


@tagged("post_install", "-at_install", "dc_security")
class TestPortalChatterLimit(DebtorPageCommon):
    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].set_param("debt_collection_portal.daily_limit_message", 2)

    def _chatter_post(self, body, token=True):
        params = {
            "thread_model": "debt.collection.case",
            "thread_id": self.case.id,
            "post_data": {"body": body, "message_type": "comment"},
        }
        if token:
            params["token"] = self.case.access_token
        return self.make_jsonrpc_request("/mail/message/post", params)

    def _form_post(self, body):
        return self.url_open(
            f"/my/debts/{self.case.id}/message",
            data={
                "body": body,
                "access_token": self.case.access_token,
                "csrf_token": self.csrf_token(),
            },
            allow_redirects=False,
        )

    def _posted(self):
        return self.case.message_ids.filtered(lambda m: m.message_type == "comment").mapped(
            lambda m: str(m.body)
        )

    def test_chatter_posts_by_token_stop_at_the_daily_limit(self):
        self._chatter_post("one")
        self._chatter_post("two")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._chatter_post("three")
        posted = " ".join(self._posted())
        self.assertIn("two", posted)
        self.assertNotIn("three", posted)

    def test_chatter_and_form_share_one_limit(self):
        self.assertEqual(self._form_post("by the form").status_code, 303)
        self._chatter_post("by the chatter")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._chatter_post("one more by the chatter")
        self.assertEqual(self._form_post("one more by the form").status_code, 422)
        self.assertNotIn("one more", " ".join(self._posted()))

    def test_logged_in_debtor_is_counted_too(self):
        # the page's chatter posts with the case's token, logged in or not
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self._chatter_post("one")
        self._chatter_post("two")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._chatter_post("three")
        self.assertNotIn("three", " ".join(self._posted()))

    def test_consultants_post_without_limit(self):
        self.authenticate(self.consultant.login, self.consultant.login)
        for body in ("a", "b", "c"):
            self._chatter_post(body, token=False)
        self.assertLessEqual({"<p>a</p>", "<p>b</p>", "<p>c</p>"}, set(self._posted()))
