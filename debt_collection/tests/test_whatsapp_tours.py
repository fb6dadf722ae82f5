"""Browser tours: the debtor's WhatsApp thread on the case and the call screen; the pre-due
statement in the debtor's chatter."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .whatsapp_common import DEBTOR_WA_ID, WhatsappCommon


@tagged("post_install", "-at_install")
class TestWhatsappTours(WhatsappCommon, HttpCase):
    def test_whatsapp_thread_and_call_screen(self):
        stage = self.env.ref("debt_collection.debt_collection_stage_standard_reminder")
        stage.write(
            {"action_type": "whatsapp", "whatsapp_template_ids": [(6, 0, self.template_es.ids)]}
        )
        self._create_invoice(self.debtor, 250.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        case = self._case(self.debtor)
        case.user_id = self.consultant
        self.env["debt.collection.whatsapp.message"]._cron_send()
        message = case.collection_whatsapp_ids
        self._post_webhook(self.standin.status(message.wamid, "read", DEBTOR_WA_ID))
        self._post_webhook(self.standin.incoming(DEBTOR_WA_ID, "Lucía", "Pago el viernes"))
        self.start_tour(
            f"/odoo/action-debt_collection.debt_collection_case_action/{case.id}",
            "debt_collection_whatsapp_thread",
            login="dc_consultant",
        )
        self.env["debt.collection.whatsapp.message"]._cron_send()
        self.assertEqual(self.standin.sent[-1]["type"], "text")
        self.assertIn("lo dejamos anotado", self.standin.sent[-1]["text"]["body"])

    def test_prereminder_statement_in_the_chatter(self):
        self.strategy.prereminder_days = 5
        (self.env["debt.collection.strategy"].search([]) - self.strategy).active = False
        self._create_invoice(self.debtor2, 100.0, date(2026, 3, 4), date(2026, 2, 2))
        self._create_invoice(self.debtor2, 250.5, date(2026, 3, 7), date(2026, 2, 5))
        with freeze_time("2026-03-02 10:00:00"):
            self._run()
        self.start_tour(
            f"/odoo/res.partner/{self.debtor2.id}",
            "debt_collection_prereminder_chatter",
            login="dc_manager",
        )
