"""WhatsApp steps end to end against the local Cloud API stand-in: send, receipts, replies,
opt-out, failures and their fallback, the consultant's messages (CG-16, AR-3, AR-5)."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .whatsapp_common import DEBTOR_WA_ID, WhatsappCommon

OCA_LOGGER = "odoo.addons.mail_gateway_whatsapp.models.mail_gateway_whatsapp"


@tagged("post_install", "-at_install", "dc_compliance")
class TestWhatsappStep(WhatsappCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls.env.ref("debt_collection.debt_collection_stage_standard_reminder")
        cls.stage.write(
            {
                "action_type": "whatsapp",
                "whatsapp_template_ids": [(6, 0, (cls.template_es | cls.template_it).ids)],
                "whatsapp_fallback": "email",
            }
        )
        cls.invoice = cls._create_invoice(cls.debtor, 250.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            cls.env["debt.collection.run"].with_user(cls.env.ref("base.user_root"))._cron_run()
        cls.case = cls.Case.search([("partner_id", "=", cls.debtor.id)])

    def setUp(self):
        super().setUp()
        self.standin.sent.clear()
        self.standin.rejected_templates.clear()

    def _step(self):
        return self.case.action_ids.filtered(lambda a: a.channel == "whatsapp")

    def _send_queue(self):
        count = self.env["debt.collection.whatsapp.message"]._cron_send()
        self.env.invalidate_all()
        return count

    def test_step_is_queued_then_sent_with_the_template_in_the_debtors_language(self):
        step = self._step()
        self.assertEqual(step.result, "scheduled", "nothing leaves before the run's commit")
        self.assertTrue(step.outbound)
        message = self.case.collection_whatsapp_ids
        self.assertEqual(message.state, "queued")
        self.assertEqual(message.template_id, self.template_es)
        self.assertFalse(self.standin.sent)
        self.assertEqual(self._send_queue(), 1)
        self.assertEqual(len(self.standin.sent), 1)
        sent = self.standin.sent[0]
        self.assertEqual(sent["to"], DEBTOR_WA_ID)
        self.assertEqual(sent["type"], "template")
        self.assertEqual(sent["template"]["name"], self.template_es.template_name)
        self.assertEqual(sent["template"]["language"]["code"], "es")
        values = [p["text"] for p in sent["template"]["components"][0]["parameters"]]
        self.assertEqual(values[0], "Lucía Fernández García")
        self.assertIn("250", values[1])
        self.assertIn("2026", values[2])
        self.assertEqual(values[1:3], [message.amount_text, message.date_due_text])
        self.assertIn(f"/my/debts/{self.case.id}", values[3])
        self.assertIn("access_token=", values[3])
        self.assertEqual(message.state, "sent")
        self.assertEqual(message.wamid, sent["_wamid"])
        self.assertEqual(step.result, "sent")
        # the message is in the case's chatter
        self.assertIn("Lucía Fernández García", str(message.mail_message_id.body))
        self.assertEqual(message.mail_message_id.res_id, self.case.id)
        # a second pass of the sender sends nothing again
        self.assertEqual(self._send_queue(), 0)
        self.assertEqual(len(self.standin.sent), 1)

    def test_delivery_and_read_receipts_are_recorded_on_the_step(self):
        self._send_queue()
        message = self.case.collection_whatsapp_ids
        self._post_webhook(self.standin.status(message.wamid, "delivered", DEBTOR_WA_ID))
        self.assertEqual(message.state, "delivered")
        self.assertTrue(message.date_delivered)
        self.assertEqual(self._step().result, "delivered")
        self._post_webhook(self.standin.status(message.wamid, "read", DEBTOR_WA_ID))
        self.assertEqual(message.state, "read")
        self.assertTrue(message.date_read)
        # a late or repeated receipt changes nothing
        self._post_webhook(self.standin.status(message.wamid, "delivered", DEBTOR_WA_ID))
        self.assertEqual(message.state, "read")

    def test_unsigned_webhook_is_ignored(self):
        self._send_queue()
        message = self.case.collection_whatsapp_ids
        body, headers = self.standin.signed(
            self.standin.status(message.wamid, "read", DEBTOR_WA_ID)
        )
        headers["X-Hub-Signature-256"] = "sha256=" + "0" * 64
        self.url_open(
            f"/gateway/whatsapp/{self.gateway.webhook_key}/update", data=body, headers=headers
        )
        self.env.invalidate_all()
        self.assertEqual(message.state, "sent")

    def test_reply_lands_on_the_case_and_opens_the_window(self):
        self._send_queue()
        wamid = self.case.collection_whatsapp_ids.wamid
        self.assertFalse(self.debtor._collection_whatsapp_window_open())
        self._post_webhook(
            self.standin.incoming(
                DEBTOR_WA_ID, "Lucía", "Pago el viernes, gracias", context_wamid=wamid
            )
        )
        replies = self.case.message_ids.filtered(
            lambda m: m.author_id == self.debtor and "viernes" in str(m.body)
        )
        self.assertEqual(len(replies), 1, "once on the case, even when it quotes our message")
        self.assertEqual(replies.message_type, "comment")
        self.assertIn("viernes", str(self.case.collection_whatsapp_thread))
        # the consultant's queue reads "debtor wrote" from such messages
        self.assertTrue(self.debtor._collection_whatsapp_window_open())
        # inside the window, the consultant may write freely from the call screen
        self.case.user_id = self.consultant
        composer = (
            self.env["debt.collection.whatsapp.composer"]
            .with_user(self.consultant)
            .create({"case_id": self.case.id, "body": "Gracias, Lucía. Queda anotado."})
        )
        self.assertTrue(composer.window_open)
        composer.action_send()
        self._send_queue()
        self.assertEqual(self.standin.sent[-1]["type"], "text")
        self.assertIn("Queda anotado", self.standin.sent[-1]["text"]["body"])
        manual = self.case.action_ids.filtered(
            lambda a: a.channel == "whatsapp" and not a.stage_id
        )
        self.assertEqual(manual.result, "sent")

    def test_free_text_outside_the_window_is_refused(self):
        composer = self.env["debt.collection.whatsapp.composer"].create(
            {"case_id": self.case.id, "body": "Hola"}
        )
        self.assertFalse(composer.window_open)
        with self.assertRaises(UserError):
            composer.action_send()
        # a template may go
        composer.write({"template_id": self.template_es.id, "body": False})
        composer.action_send()
        self.assertEqual(
            self.case.collection_whatsapp_ids.filtered("template_id")[:1].kind, "manual"
        )

    def test_stop_reply_opts_out_of_whatsapp_only(self):
        self._send_queue()
        for word in ("BAJA",):
            self._post_webhook(self.standin.incoming(DEBTOR_WA_ID, "Lucía", f"{word} por favor"))
        point = self.debtor._collection_current_point("whatsapp")
        self.assertTrue(point.optout_whatsapp)
        self.assertFalse(point.optout_sms)
        allowed, reason = self.case._collection_may_contact("whatsapp")
        self.assertFalse(allowed)
        self.assertIn("opted out", reason)
        self.assertTrue(self.case._collection_may_contact("email")[0])
        with self.assertRaises(UserError):
            self.case._collection_send_whatsapp(template=self.template_es)

    def test_opt_out_words(self):
        Service = self.env["mail.gateway.whatsapp"]
        for text in ("STOP", "stop.", "Baja", "BASTA ya", "  basta"):
            self.assertTrue(Service._collection_is_optout(text), text)
        for text in ("No puedo parar de pagar", "Pago mañana", "bastante bien"):
            self.assertFalse(Service._collection_is_optout(text), text)

    @mute_logger(OCA_LOGGER)
    def test_number_not_on_whatsapp_falls_back_to_email_and_marks_the_point(self):
        self._send_queue()
        message = self.case.collection_whatsapp_ids
        self._post_webhook(
            self.standin.status(
                message.wamid,
                "failed",
                DEBTOR_WA_ID,
                error_code=131026,
                error_details="Message undeliverable",
            )
        )
        self.assertEqual(message.state, "failed")
        self.assertIn("131026", message.error)
        step = self._step()
        self.assertEqual(step.result, "failed")
        self.assertFalse(step.outbound, "a failure is not a contact (AR-5)")
        point = self.debtor._collection_current_point("whatsapp")
        self.assertTrue(point.whatsapp_unreachable)
        email = self.case.action_ids.filtered(lambda a: a.channel == "email")
        self.assertEqual(len(email), 1)
        self.assertTrue(email.mail_message_id)
        self.assertFalse(self.case._collection_may_contact("whatsapp")[0])
        # the same failure posted again does not fall back twice
        self._post_webhook(
            self.standin.status(message.wamid, "failed", DEBTOR_WA_ID, error_code=131026)
        )
        self.assertEqual(len(self.case.action_ids.filtered(lambda a: a.channel == "email")), 1)

    @mute_logger(OCA_LOGGER)
    def test_rejected_template_falls_back_without_marking_the_number(self):
        self.standin.rejected_templates.add(self.template_es.template_name)
        self._send_queue()
        message = self.case.collection_whatsapp_ids
        self.assertEqual(message.state, "failed")
        self.assertFalse(self.standin.sent)
        self.assertFalse(self.debtor._collection_current_point("whatsapp").whatsapp_unreachable)
        email = self.case.action_ids.filtered(lambda a: a.channel == "email")
        self.assertEqual(len(email), 1)
