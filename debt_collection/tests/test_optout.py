"""Every collection e-mail and SMS carries a working opt-out link (CG-3), end to end."""

import re

from odoo.tests import HttpCase, tagged

from .common import DebtCollectionCommon


@tagged("post_install", "-at_install", "dc_compliance")
class TestOptOutLink(DebtCollectionCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case_after_first_run()

    def _link(self):
        email = self.case.action_ids.filtered(lambda a: a.channel == "email")
        self.assertEqual(len(email), 1)
        body = str(email.mail_message_id.body)
        found = re.search(r'href="([^"]*/collection/opt-out/[^"]*)"', body)
        self.assertTrue(found, "the reminder e-mail carries an opt-out link")
        return found.group(1).replace("&amp;", "&")

    def test_email_opt_out_link_end_to_end(self):
        url = self._link()
        path = url[url.index("/collection/") :]
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Stop these messages", page.text)
        # a GET (a mail scanner following the link) records nothing
        self.assertFalse(self.debtor.collection_contact_point_ids.filtered("optout_email"))
        # a POST without the page's CSRF token is refused
        refused = self.url_open(path, data={"x": "1"})
        self.assertNotEqual(refused.status_code, 200)
        self.assertFalse(self.debtor.collection_contact_point_ids.filtered("optout_email"))
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        done = self.url_open(path, data={"csrf_token": token})
        self.assertEqual(done.status_code, 200)
        self.assertIn("We will not contact you", done.text)
        point = self.debtor._collection_current_point("email")
        self.assertTrue(point.optout_email)
        self.assertFalse(point.optout_sms, "only the channel of the link")
        allowed, reason = self.case._collection_may_contact("email")
        self.assertFalse(allowed)
        self.assertIn("opted out", reason)

    def test_wrong_token_or_other_debtor_is_not_found(self):
        path = self._link()
        path = path[path.index("/collection/") :]
        base, token = path.rsplit("/", 1)
        for bad in (
            f"{base}/{token[:-2]}xx",
            base.replace(f"/{self.debtor.id}/", f"/{self.debtor2.id}/") + f"/{token}",
            f"{base.rsplit('/', 1)[0]}/sms/{token}",
        ):
            with self.subTest(path=bad):
                self.assertEqual(self.url_open(bad).status_code, 404)

    def test_sms_carries_the_opt_out_link(self):
        self.debtor.mobile = "+34 612 345 678"
        self.case._message_sms("Your account is overdue.", partner_ids=self.debtor.ids)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.debtor.id)], limit=1)
        self.assertIn(f"/collection/opt-out/{self.debtor.id}/sms/", sms.body)
