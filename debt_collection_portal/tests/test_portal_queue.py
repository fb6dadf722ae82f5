"""What a debtor sends from their page reaches the consultant's queue the same day (issue 16):
proposals outside the rules, plan requests, disputes, contact data and messages."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import DebtCollectionPortalCommon


@tagged("post_install", "-at_install")
class TestPortalRequestsInQueue(DebtCollectionPortalCommon):
    def _row(self):
        self.env.flush_all()
        return (
            self.env["debt.collection.queue"]
            .with_user(self.consultant)
            .search([("case_id", "=", self.case.id)])
        )

    def _page(self):
        """The case as the debtor's page hands it over (the visitor by the letter's link)."""
        public = self.env.ref("base.public_user")
        return self.case.with_user(public).sudo()

    def test_nothing_waits_before_the_debtor_writes(self):
        self.assertFalse(self._row())

    def test_plan_request_is_a_decision_waiting_today(self):
        self._page()._portal_request_plan(4, "Lost my job")
        row = self._row()
        self.assertTrue(row.review_due)
        self.assertEqual(row.date_deadline, fields.Date.today())
        self.assertIn("Decision waiting", row.reason)

    def test_promise_outside_the_rules_is_a_decision_waiting(self):
        far = fields.Date.today() + timedelta(days=400)
        self.assertFalse(self._page()._portal_register_promise(100, far))
        self.assertTrue(self._row().review_due)

    def test_dispute_is_in_the_queue(self):
        self._page()._portal_register_dispute(self.invoice.id, "Never delivered")
        row = self._row()
        self.assertTrue(row.review_due)
        self.assertIn("Decision waiting", row.reason)

    def test_message_of_the_debtor_is_in_the_queue(self):
        # later than the letter the consultant sent (the portal's own step is not work done)
        with freeze_time(fields.Datetime.now() + timedelta(minutes=5)):
            self._page()._portal_post_message("I will call you on Monday")
        row = self._row()
        self.assertTrue(row.message_new)
        self.assertIn("Debtor wrote", row.reason)
