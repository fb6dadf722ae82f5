"""The friendly reminder before the due date: one statement per debtor, in the nightly run,
through the contact gate, no case and no step, punctual payers left out, never twice."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DebtCollectionCommon

TODAY = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class TestPrereminder(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.env["debt.collection.strategy"].search([]) - cls.strategy).active = False
        cls.strategy.write({"prereminder_days": 5, "prereminder_channel": "email"})
        cls.inv1 = cls._create_invoice(cls.debtor, 100.0, date(2026, 3, 4), date(2026, 2, 2))
        cls.inv2 = cls._create_invoice(cls.debtor, 250.5, date(2026, 3, 7), date(2026, 2, 5))
        cls.later = cls._create_invoice(cls.debtor, 80.0, date(2026, 3, 25), date(2026, 2, 25))

    def _reminders(self, partner):
        return self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", partner.id)]
        )

    def _run_on(self, day):
        with freeze_time(f"{day} 10:00:00"):
            self._run()

    def test_one_statement_per_debtor_listing_the_invoices_of_the_window(self):
        self._run_on(TODAY)
        mails = self._reminders(self.debtor)
        self.assertEqual(len(mails), 1)
        body = str(mails.body_html)
        self.assertIn(self.inv1.name, body)
        self.assertIn(self.inv2.name, body)
        self.assertNotIn(self.later.name, body, "due after the window")
        self.assertIn("350.50", body, "the statement's total")
        self.assertIn("/collection/opt-out/", body, "every e-mail carries the opt-out (CG-3)")
        self.assertIn(self.debtor, mails.recipient_ids)
        # logged on the debtor's chatter; no case, no step
        self.assertIn(mails.mail_message_id, self.debtor.message_ids)
        self.assertFalse(self.Case.search([("partner_id", "=", self.debtor.id)]))
        self.assertFalse(
            self.env["debt.collection.action"].search([("partner_id", "=", self.debtor.id)])
        )
        self.assertEqual(
            (self.inv1 | self.inv2).mapped("collection_prereminder_date"), [TODAY] * 2
        )
        self.assertFalse(self.later.collection_prereminder_date)
        run = self.env["debt.collection.run"].search([], limit=1)
        self.assertEqual(run.prereminder_count, 1)

    def test_never_twice_for_the_same_invoices(self):
        self._run_on(TODAY)
        self._run_on(TODAY)
        self._run_on(date(2026, 3, 3))
        self.assertEqual(len(self._reminders(self.debtor)), 1)

    def test_a_new_invoice_in_the_window_brings_a_new_statement(self):
        self._run_on(TODAY)
        new = self._create_invoice(self.debtor, 40.0, date(2026, 3, 8), date(2026, 2, 8))
        self._run_on(date(2026, 3, 3))
        mails = self._reminders(self.debtor).sorted("id")
        self.assertEqual(len(mails), 2)
        self.assertIn(new.name, str(mails[-1].body_html))

    def test_off_by_default(self):
        self.strategy.prereminder_days = 0
        self._run_on(TODAY)
        self.assertFalse(self._reminders(self.debtor))
        self.assertFalse(self.inv1.collection_prereminder_date)

    def test_punctual_payers_are_left_out(self):
        for month in (1, 2):
            old = self._create_invoice(
                self.debtor2, 50.0, date(2026, month, 20), date(2026, month, 1)
            )
            self._pay(old, pay_date=date(2026, month, 15))
        self._create_invoice(self.debtor2, 60.0, date(2026, 3, 5), date(2026, 2, 5))
        self._run_on(TODAY)
        self.assertFalse(self._reminders(self.debtor2), "none of the last invoices paid late")
        self.assertTrue(self._reminders(self.debtor), "no history: not a known punctual payer")

    def test_a_late_payment_in_the_history_brings_the_reminder(self):
        old = self._create_invoice(self.debtor2, 50.0, date(2026, 1, 20), date(2026, 1, 1))
        self._pay(old, pay_date=date(2026, 2, 10))
        self._create_invoice(self.debtor2, 60.0, date(2026, 3, 5), date(2026, 2, 5))
        self._run_on(TODAY)
        self.assertEqual(len(self._reminders(self.debtor2)), 1)

    def test_the_gate_decides(self):
        self.debtor.collection_cease_contact = True
        self._run_on(TODAY)
        self.assertFalse(self._reminders(self.debtor))
        self.assertFalse(self.inv1.collection_prereminder_date, "left for a later run")
        self.debtor.collection_cease_contact = False
        self.debtor._collection_register_optout("email")
        self._run_on(TODAY)
        self.assertFalse(self._reminders(self.debtor))

    def test_by_whatsapp(self):
        gateway = self.env["mail.gateway"].create(
            {"name": "WA", "gateway_type": "whatsapp", "token": "t", "webhook_key": "k-pre"}
        )
        template = self.env["mail.whatsapp.template"].create(
            {
                "name": "Aviso previo",
                "language": "en",
                "category": "utility",
                "state": "approved",
                "gateway_id": gateway.id,
                "model_id": self.env["ir.model"]._get_id("debt.collection.whatsapp.message"),
                "body": "Hello",
            }
        )
        self.debtor.mobile = "+34 612 345 678"
        self.strategy.write(
            {
                "prereminder_channel": "whatsapp",
                "prereminder_whatsapp_template_ids": [(6, 0, template.ids)],
            }
        )
        self._run_on(TODAY)
        message = self.env["debt.collection.whatsapp.message"].search(
            [("partner_id", "=", self.debtor.id)]
        )
        self.assertEqual(message.kind, "reminder")
        self.assertEqual(message.state, "queued")
        self.assertFalse(message.case_id)
        self.assertIn("350.50", message.amount_text)
        self.assertIn(f"/my/invoices/{self.inv1.id}", message.page_url)
        self.assertFalse(self._reminders(self.debtor))
