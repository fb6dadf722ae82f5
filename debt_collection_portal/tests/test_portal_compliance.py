"""The debtor's page goes through the same gate methods as every other channel: an opt-out
sent from it is the opt-out link's (CG-3), "do not contact me" is a cease-contact request
(CG-5), and a dispute is the back office's, so the engine pauses (CG-4)."""

from odoo.tests import tagged

from .common import DebtorPageCommon


@tagged("post_install", "-at_install", "dc_compliance", "dc_security")
class TestPortalCompliance(DebtorPageCommon):
    def test_opt_out_from_the_page_is_the_links_opt_out(self):
        self.assertTrue(self.case._collection_may_contact("email")[0])
        response = self._post(self.case, "optout", {"channel": "email", "note": "Too many"})
        self.assertEqual(response.status_code, 303)
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("we will no longer contact you this way", page)
        point = self.debtor._collection_current_point("email")
        self.assertTrue(point.optout_email)
        self.assertFalse(point.optout_letter, "only the channel chosen")
        allowed, reason = self.case._collection_may_contact("email")
        self.assertFalse(allowed)
        self.assertIn("opted out", reason)
        self.assertTrue(self.case._collection_may_contact("letter")[0])
        self.assertTrue(
            self.case.message_ids.filtered(lambda m: "opted out of" in str(m.body)),
            "the consultant reads it in the chatter, as for the link",
        )

    def test_do_not_contact_me_from_the_page_stops_all_contact(self):
        response = self._post(self.case, "optout", {"channel": "cease"})
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.debtor.collection_cease_contact)
        step = self.case.action_ids.filtered(
            lambda a: "asks not to be contacted" in (a.note or "")
        )
        self.assertIn("Debtor's page", step.note)
        for channel in ("email", "letter", "sms", "call", "visit"):
            self.assertFalse(self.case._collection_may_contact(channel)[0])

    def test_opt_out_refused_without_the_cases_token_or_for_a_made_up_channel(self):
        for token in (False, "wrong", self.other_case.access_token):
            with self.subTest(token=token):
                response = self._post(self.case, "optout", {"channel": "cease"}, token=token)
                self.assertEqual(response.status_code, 404)
                self.assertIn("This link is no longer valid", response.text)
        response = self._post(self.case, "optout", {"channel": "legal"})
        self.assertEqual(response.status_code, 422)
        self.debtor.invalidate_recordset()
        self.assertFalse(self.debtor.collection_cease_contact)
        self.assertFalse(self.debtor.collection_contact_point_ids.filtered("optout_email"))

    def test_dispute_from_the_page_pauses_the_case_like_the_back_office(self):
        response = self._post(
            self.case, "dispute", {"invoice_id": str(self.invoice.id), "reason": "Never came"}
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.invoice.collection_disputed)
        self.assertEqual(self.invoice.collection_dispute_reason, "Never came")
        # its only open invoice is disputed: the case waits, as after a disputed call
        self.assertEqual(self.case.state, "disputed")
        step = self.case.action_ids.filtered(lambda a: a.result == "disputes")
        self.assertIn("Debtor's page", step.note)
