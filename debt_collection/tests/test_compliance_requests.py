"""The debtor's requests from every channel (CG-4, CG-5), the mandate's regime, consent
records (CG-3), the visit report (CG-9), e-mails a consultant writes by hand (CG-3) and the
regimes' holidays as data the manager keeps."""

import base64
import json
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DebtCollectionCommon
from .test_regime import RegimeCommon


def reply(message, sender, text):
    """A debtor's e-mail answering ``message``, as the mail gateway receives it."""
    return (
        f"From: {sender}\n"
        "To: collections@example.com\n"
        f"Subject: Re: {message.subject or 'Reminder'}\n"
        "Message-ID: <reply-" + str(message.id) + "-" + str(abs(hash(text))) + "@example.net>\n"
        f"In-Reply-To: {message.message_id}\n"
        f"References: {message.message_id}\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "\n"
        f"{text}\n"
        "\n"
        "> To stop receiving these messages: https://example.com/collection/opt-out\n"
    )


@tagged("post_install", "-at_install", "dc_compliance")
class TestMandateRegime(RegimeCommon):
    def test_mandate_regime_overrides_the_debtors_country(self):
        creditor = self.env["res.partner"].create({"name": "Boston Lending Inc.", "is_company": 1})
        us = self.env.ref("debt_collection.debt_collection_regime_us")
        self.env["debt.collection.mandate"].create(
            {
                "name": "BL-2026",
                "creditor_id": creditor.id,
                "company_id": self.company.id,
                "date_start": date(2026, 1, 1),
                "state": "active",
                "regime_id": us.id,
                "user_ids": [Command.set(self.consultant.ids)],
            }
        )
        spanish = self._case_in("es", "Lucas Madrid", "Europe/Madrid")
        theirs = self._new_case(
            self._debtor_in("es", "Sara Madrid", "Europe/Madrid"), creditor_id=creditor.id
        )
        self.assertEqual(spanish._collection_regime().code, "ES")
        self.assertEqual(theirs._collection_regime(), us)
        # Sunday 8 March 2026, 10:00 in Madrid: no contact under the Spanish preset, allowed
        # under the US rules the creditor's mandate names (still in the debtor's local time)
        self.assertFalse(self._at(spanish, "2026-03-08 09:00:00")[0])
        self.assertTrue(self._at(theirs, "2026-03-08 09:00:00")[0])
        self.assertFalse(self._at(theirs, "2026-03-08 20:30:00")[0], "21:30 in Madrid")
        # a consultant asking the gate reads no mandate, and gets the same answer
        theirs.user_id = self.consultant
        self.assertEqual(theirs.with_user(self.consultant)._collection_regime(), us)


@tagged("post_install", "-at_install", "dc_compliance")
class TestRequestsFromLettersAndReplies(RegimeCommon):
    collection_open_regimes = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case_after_first_run()
        cls.reminder = cls.case.message_ids.filtered(lambda m: m.message_type == "comment")[:1]

    def _wizard(self, **values):
        return (
            self.env["debt.collection.request.wizard"]
            .with_user(self.case.user_id)
            .create({"case_id": self.case.id, **values})
        )

    def _letters_after_run(self):
        with freeze_time("2026-01-22 10:00:00"):
            self._run()  # the first letter would be due
        return self.case.action_ids.filtered(lambda a: a.channel == "letter")

    def test_dispute_by_letter_received_pauses_the_engine(self):
        self.assertTrue(self.reminder, "the engine e-mailed the debtor")
        with freeze_time("2026-01-15 10:00:00"):
            self._wizard(
                source="letter",
                request="dispute",
                reason="Goods returned in December",
                document=base64.b64encode(b"%PDF scan"),
                document_name="letter-from-debtor.pdf",
            ).action_confirm()
        self.assertEqual(self.case.state, "disputed")
        invoice = self.case.invoice_ids
        self.assertTrue(invoice.collection_disputed)
        self.assertIn("Goods returned", invoice.collection_dispute_reason)
        step = self.case.action_ids.filtered(lambda a: a.result == "disputes")
        self.assertIn("Letter received", step.note)
        scan = self.case.message_ids.attachment_ids.filtered(
            lambda a: a.name == "letter-from-debtor.pdf"
        )
        self.assertEqual(scan.raw, b"%PDF scan")
        self.assertFalse(self._letters_after_run(), "no letter while the debt is disputed")

    def test_cease_contact_by_letter_stops_every_channel(self):
        with freeze_time("2026-01-15 10:00:00"):
            self._wizard(
                source="letter", request="cease", reason="Write to my lawyer"
            ).action_confirm()
        self.assertTrue(self.debtor.collection_cease_contact)
        self.assertEqual(self.debtor.collection_cease_contact_date, date(2026, 1, 15))
        self.assertFalse(self._letters_after_run())
        self.assertIn("not to be contacted", self.case.hold_reason)
        for channel in ("email", "letter", "sms", "call", "visit"):
            self.assertFalse(self.case._collection_may_contact(channel)[0])

    def test_another_consultant_cannot_record_a_request(self):
        other = (self.consultant | self.consultant2) - self.case.user_id
        with self.assertRaises(AccessError):
            self.env["debt.collection.request.wizard"].with_user(other).create(
                {"case_id": self.case.id, "source": "letter", "request": "cease"}
            ).action_confirm()
        self.assertFalse(self.debtor.collection_cease_contact)
        self.assertEqual(self.case.state, "open")

    def test_request_received_in_the_future_is_refused(self):
        with freeze_time("2026-01-15 10:00:00"), self.assertRaises(ValidationError):
            self._wizard(request="dispute", date_received=date(2026, 2, 1))

    def test_email_reply_starting_with_dispute_pauses_the_engine(self):
        with freeze_time("2026-01-15 10:00:00"):
            self.env["mail.thread"].message_process(
                False, reply(self.reminder, "lucia@example.com", "DISPUTE: I never ordered this.")
            )
        self.assertEqual(self.case.state, "disputed")
        self.assertTrue(self.case.invoice_ids.collection_disputed)
        step = self.case.action_ids.filtered(lambda a: a.result == "disputes")
        self.assertIn("E-mail reply", step.note)
        self.assertIn("I never ordered this", self.case.invoice_ids.collection_dispute_reason)
        self.assertFalse(self._letters_after_run())

    def test_email_reply_cease_and_stop(self):
        with freeze_time("2026-01-15 10:00:00"):
            self.env["mail.thread"].message_process(
                False, reply(self.reminder, "Lucía <LUCIA@example.com>", "Stop")
            )
        point = self.debtor._collection_current_point("email")
        self.assertTrue(point.optout_email, "STOP opts out of e-mail, as the link does")
        self.assertFalse(self.debtor.collection_cease_contact)
        self.assertTrue(self.case._collection_may_contact("letter")[0])
        with freeze_time("2026-01-16 10:00:00"):
            self.env["mail.thread"].message_process(
                False, reply(self.reminder, "lucia@example.com", "Cease all contact, please.")
            )
        self.assertTrue(self.debtor.collection_cease_contact)
        self.assertFalse(self._letters_after_run())

    def test_ordinary_reply_or_a_strangers_changes_nothing(self):
        with freeze_time("2026-01-15 10:00:00"):
            # our own footer is quoted below: the words of the quote are not the debtor's
            self.env["mail.thread"].message_process(
                False, reply(self.reminder, "lucia@example.com", "I will pay next week.")
            )
            self.env["mail.thread"].message_process(
                False, reply(self.reminder, "prankster@example.org", "DISPUTE this")
            )
        self.assertEqual(self.case.state, "open")
        self.assertFalse(self.case.invoice_ids.collection_disputed)
        self.assertFalse(self.debtor.collection_cease_contact)
        self.assertEqual(len(self._letters_after_run()), 1)


@tagged("post_install", "-at_install", "dc_compliance")
class TestConsentRecord(RegimeCommon):
    def test_colombian_gate_needs_a_consent_record(self):
        case = self._case_in("co", "Valentina Cartagena")
        debtor = case.partner_id
        email = debtor._collection_sync_contact_points().filtered(lambda p: p.kind == "email")
        # Wed 10:00 Bogotá
        self.assertContactRefused(case, "2026-03-04 15:00:00", "authorise", "email")
        with self.assertRaises(ValidationError):
            email.consent = True  # a consent without saying how it was given is no record
        with freeze_time("2026-03-02 14:00:00"):
            email.with_user(self.consultant)._collection_record_consent(
                "written", "Autorizo ser contactado por correo para la gestión de cobranza."
            )
        self.assertRecordValues(
            email,
            [
                {
                    "consent": True,
                    "consent_method": "written",
                    "consent_date": datetime(2026, 3, 2, 14, 0),
                    "consent_user_id": self.consultant.id,
                }
            ],
        )
        self.assertIn("gestión de cobranza", email.consent_text)
        self.assertTrue(self._at(case, "2026-03-04 15:00:00", "email")[0])
        # only that channel: SMS to a point without consent is still refused
        debtor.mobile = "300 765 4321"
        self.assertFalse(self._at(case, "2026-03-04 15:00:00", "sms")[0])
        email.consent = False
        self.assertFalse(email.consent_date, "a withdrawn consent keeps no date")
        self.assertFalse(self._at(case, "2026-03-05 15:00:00", "email")[0])


@tagged("post_install", "-at_install", "dc_compliance")
class TestVisitReport(RegimeCommon):
    def test_visit_report_confirms_no_disclosure(self):
        case = self._case_in("it", "Giulia Roma", "Europe/Rome")
        with freeze_time("2026-03-04 09:00:00"):  # 10:00 in Rome
            with self.assertRaisesRegex(UserError, "no one but the debtor"):
                self._outcome_form(case, "visit", "reached").action_confirm()
            self.assertFalse(case.action_ids)
            self._outcome_form(case, "visit", "reached", no_disclosure=True).action_confirm()
        self.assertTrue(case.action_ids.no_disclosure)

    def test_late_italian_visit_refused_whatever_the_reason(self):
        case = self._case_in("it", "Paolo Roma", "Europe/Rome")
        with freeze_time("2026-03-04 21:30:00"):  # 22:30 in Rome
            wizard = self._outcome_form(
                case,
                "visit",
                "reached",
                no_disclosure=True,
                contact_override_reason="The debtor came home late",
            )
            self.assertIn("22:30", wizard.contact_warning)
            with self.assertRaisesRegex(UserError, "22:30"):
                wizard.action_confirm()
        self.assertFalse(case.action_ids)
        self.assertIn("refused", case.message_ids[0].body)

    def test_colombian_visit_refused(self):
        debtor = self._debtor_in("co", "Diego Bogotá")
        debtor._collection_sync_contact_points().write(
            {"consent": True, "consent_method": "written"}
        )
        case = self._open_case(debtor)
        # Wednesday 10:00 in Bogotá
        with freeze_time("2026-03-04 15:00:00"), self.assertRaisesRegex(UserError, "Visits"):
            self._outcome_form(case, "visit", "reached", no_disclosure=True).action_confirm()
        self.assertFalse(case.action_ids)


@tagged("post_install", "-at_install", "dc_compliance")
class TestConsultantEmail(RegimeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case_in("es", "Irene Madrid", "Europe/Madrid")
        cls.debtor_es = cls.case.partner_id
        cls.case.user_id = cls.consultant

    def _compose(self, **values):
        return (
            self.env["mail.compose.message"]
            .with_user(self.consultant)
            .with_context(
                default_model="debt.collection.case",
                default_res_ids=self.case.ids,
                default_composition_mode="comment",
                default_subtype_id=self.env.ref("mail.mt_comment").id,
            )
            .create(
                {
                    "subject": "Your statement",
                    "body": "<p>Please find your statement.</p>",
                    "partner_ids": [Command.set(self.debtor_es.ids)],
                    **values,
                }
            )
        )

    def test_email_from_the_case_carries_the_opt_out_link(self):
        with freeze_time("2026-03-02 10:00:00"):  # Monday 11:00 in Madrid
            composer = self._compose()
            self.assertFalse(composer.collection_contact_warning)
            composer.action_send_mail()
        message = self.case.message_ids.filtered(lambda m: m.subject == "Your statement")
        self.assertIn(f"/collection/opt-out/{self.debtor_es.id}/email/", str(message.body))
        self.assertIn("Please find your statement", str(message.body))

    def test_email_to_a_debtor_who_opted_out_is_refused(self):
        self.debtor_es._collection_register_optout("email")
        with freeze_time("2026-03-02 10:00:00"):
            composer = self._compose(collection_override_reason="They asked for it")
            self.assertIn("opted out", composer.collection_contact_warning)
            with self.assertRaisesRegex(UserError, "opted out"):
                composer.action_send_mail()
        self.assertFalse(self.case.message_ids.filtered(lambda m: m.subject == "Your statement"))

    def test_email_outside_the_hours_needs_a_reason(self):
        with freeze_time("2026-03-02 21:30:00"):  # 22:30 in Madrid
            composer = self._compose()
            self.assertIn("contact hours", composer.collection_contact_warning)
            with self.assertRaises(UserError):
                composer.action_send_mail()
            composer.collection_override_reason = "The debtor asked for it on the phone"
            composer.action_send_mail()
        self.assertTrue(self.case.message_ids.filtered(lambda m: m.subject == "Your statement"))
        self.assertTrue(
            self.case.message_ids.filtered(lambda m: "asked for it on the phone" in str(m.body))
        )

    def test_internal_note_is_no_contact(self):
        self.debtor_es.collection_cease_contact = True
        composer = self._compose(subtype_id=self.env.ref("mail.mt_note").id, partner_ids=[])
        self.assertFalse(composer.collection_contact_warning)
        composer.action_send_mail()
        note = self.case.message_ids.filtered(lambda m: m.subject == "Your statement")
        self.assertNotIn("opt-out", str(note.body))


@tagged("post_install", "-at_install", "dc_compliance")
class TestHolidaysAsData(RegimeCommon):
    def test_regime_without_next_years_holidays_says_so(self):
        colombia = self.env.ref("debt_collection.debt_collection_regime_co")
        with freeze_time("2026-06-01"):
            colombia.invalidate_recordset(["holidays_missing"])
            self.assertFalse(colombia.holidays_missing, "the preset carries 2026 and 2027")
        with freeze_time("2027-06-01"):
            colombia.invalidate_recordset(["holidays_missing"])
            self.assertIn("2028", colombia.holidays_missing)
            self.assertIn(colombia, self.env["debt.collection.regime"]._cron_check_holidays())
            self.env["debt.collection.regime.holiday"].create(
                {"regime_id": colombia.id, "date": date(2028, 1, 1), "name": "Año Nuevo"}
            )
            colombia.invalidate_recordset(["holidays_missing"])
            self.assertFalse(colombia.holidays_missing)
        # the US preset contacts on holidays: it lists none, and needs none
        us = self.env.ref("debt_collection.debt_collection_regime_us")
        with freeze_time("2027-06-01"):
            self.assertFalse(us.holidays_missing)


@tagged("post_install", "-at_install", "dc_compliance")
class TestChatterEmail(DebtCollectionCommon, HttpCase):
    """The chatter's "Send message" (not the full composer) goes through the gate too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._new_case(cls.debtor, user_id=cls.consultant.id)

    def _send(self, body):
        """The chatter's JSON-RPC call; returns its answer (result or error)."""
        self.authenticate("dc_consultant", "dc_consultant")
        params = {
            "thread_model": "debt.collection.case",
            "thread_id": self.case.id,
            "post_data": {
                "body": body,
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
                "partner_ids": self.debtor.ids,
            },
        }
        response = self.url_open(
            "/mail/message/post",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_chatter_email_to_the_debtor_carries_the_opt_out_link(self):
        self._send("Here is the statement you asked for.")
        message = self.case.message_ids.filtered(lambda m: "statement you asked" in str(m.body))
        self.assertIn(f"/collection/opt-out/{self.debtor.id}/email/", str(message.body))

    def test_chatter_email_to_a_debtor_who_opted_out_is_refused(self):
        self.debtor._collection_register_optout("email")
        with mute_logger("odoo.http"):
            answer = self._send("Here is the statement you asked for.")
        self.assertIn("UserError", answer["error"]["data"]["name"])
        self.assertIn("opted out", answer["error"]["data"]["message"])
        self.assertFalse(
            self.case.message_ids.filtered(lambda m: "statement you asked" in str(m.body))
        )
