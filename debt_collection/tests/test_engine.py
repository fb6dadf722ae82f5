"""Tests of the engine's ladder and guardrails."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DebtCollectionCommon


@tagged("post_install", "-at_install", "dc_reliability")
class TestEngineLadder(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a report that renders fast: the ladder test is about the engine, not the layout
        cls.invoice = cls._create_invoice(
            cls.debtor, 1234.50, date(2026, 1, 10), date(2025, 12, 10)
        )

    def _actions(self, case, **domain):
        return case.action_ids.filtered(
            lambda a: all(a[key] == value for key, value in domain.items())
        )

    def test_ladder_end_to_end(self):
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
            case = self._case(self.debtor)
            self.assertEqual(len(case), 1)
            self.assertEqual(case.invoice_ids, self.invoice)
            self.assertEqual(case.amount_residual, 1234.50)
            self.assertEqual(case.stage_id.action_type, "email", "reminder sent on day 2")
            reminder = self._actions(case, channel="email")
            self.assertEqual(len(reminder), 1)
            self.assertIn(self.debtor, reminder.mail_message_id.partner_ids)
            mail = self.env["mail.mail"].search(
                [("mail_message_id", "=", reminder.mail_message_id.id)]
            )
            self.assertTrue(mail, "the reminder e-mail is queued for the debtor")
            self.assertEqual(case.next_stage_id.action_type, "letter")
            self.assertEqual(case.next_action_date, date(2026, 1, 22))
            # same day again: nothing new
            self._run()
            self.assertEqual(len(case.action_ids), 1)
        with freeze_time("2026-01-21 10:00:00"):
            self._run()
            self.assertEqual(len(case.action_ids), 1, "the first letter waits ten days")
        with freeze_time("2026-01-22 10:00:00"):
            self._run()
            letter = self._actions(case, channel="letter")
            self.assertEqual(len(letter), 1)
            self.assertEqual(letter.result, "sent")
            self.assertTrue(letter.attachment_id.raw.startswith(b"%PDF"))
            self.assertEqual(letter.attachment_id.res_id, case.id)
        with freeze_time("2026-01-29 10:00:00"):
            self._run()
            call = case.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("debt_collection.mail_activity_type_collection_call")
                )
            )
            self.assertEqual(len(call), 1)
            self.assertEqual(call.user_id, case.user_id)
            wizard = (
                self.env["debt.collection.outcome.wizard"]
                .with_user(case.user_id)
                .with_context(active_model="debt.collection.case", active_id=case.id)
                .create({"result": "no_answer", "note": "Rang twice"})
            )
            wizard.action_confirm()
            self.assertFalse(case.activity_ids.filtered(lambda a: a.id == call.id).exists())
            outcome = self._actions(case, channel="call", result="no_answer")
            self.assertEqual(len(outcome), 1)
        with freeze_time("2026-02-08 10:00:00"):
            self._run()
            self.assertEqual(len(self._actions(case, channel="letter", result="sent")), 2)
            self.assertEqual(case._get_letter_tone(), "second")
        with freeze_time("2026-02-18 10:00:00"):
            self._run()
            self.assertEqual(case.stage_id.action_type, "visit")
            self.assertTrue(case.activity_ids.filtered(lambda a: a.summary == "Home Visit"))
        with freeze_time("2026-03-05 10:00:00"):
            self._run()
            self.assertEqual(case.stage_id.action_type, "legal")
        with freeze_time("2026-03-25 10:00:00"):
            self._run()
            self.assertEqual(case.stage_id.action_type, "end")
            self.assertFalse(case.next_stage_id, "the ladder is exhausted")
            count = len(case.action_ids)
            self._run()
            self.assertEqual(len(case.action_ids), count)

    def test_paid_case_closes_and_stops(self):
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
            case = self._case(self.debtor)
            self._pay(self.invoice)
            self._run()
            self.assertEqual(case.state, "paid")
            self.assertEqual(case.amount_residual, 0)
        with freeze_time("2026-01-22 10:00:00"):
            self._run()
            self.assertFalse(case.action_ids.filtered(lambda a: a.channel == "letter"))

    def test_partly_paid_case_keeps_going(self):
        with freeze_time("2026-01-12 10:00:00"):
            self._pay(self.invoice, 234.50)
            self._run()
            case = self._case(self.debtor)
            self.assertEqual(case.amount_residual, 1000.0)
            self.assertEqual(case.amount_recovered, 234.50)
            self.assertEqual(case.state, "open")

    def test_old_debt_joins_the_ladder_at_its_stage(self):
        # due 10 January: letter 1 is due on the 21st, the call on the 28th
        with freeze_time("2026-01-25 10:00:00"):
            self._run()
            case = self._case(self.debtor)
            self.assertEqual(case.stage_id.action_type, "letter", "no reminder e-mail first")
            self.assertEqual(case.action_ids.channel, "letter")
            self.assertTrue(case.action_ids.attachment_id, "the letter is attached at once")
            self.assertEqual(case._get_letter_tone(), "first", "first contact stays courteous")
            self.assertEqual(case.next_stage_id.action_type, "call")
            self.assertEqual(case.next_action_date, date(2026, 2, 1))

    def test_very_old_debt_starts_with_the_first_letter_not_a_visit(self):
        with freeze_time("2026-09-01 10:00:00"):
            self._run()
            case = self._case(self.debtor)
            self.assertEqual(case.stage_id.action_type, "letter")
            self.assertEqual(
                case.stage_id,
                self.strategy.stage_ids.filtered(lambda s: s.action_type == "letter")[:1],
            )
            self.assertEqual(case._get_letter_tone(), "first")
            self.assertEqual(case.next_stage_id.action_type, "call")
            self.assertFalse(
                case.activity_ids.filtered(
                    lambda a: (
                        a.activity_type_id
                        == self.env.ref("debt_collection.mail_activity_type_collection_visit")
                    )
                )
            )

    def test_one_open_case_per_debtor(self):
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
            second = self._create_invoice(
                self.debtor, 100.0, date(2026, 1, 10), date(2025, 12, 11)
            )
            self._run()
            case = self._case(self.debtor)
            self.assertEqual(len(case), 1)
            self.assertEqual(case.invoice_ids, self.invoice | second)
            self.assertEqual(case.amount_residual, 1334.50)

    def test_not_yet_due_invoice_opens_no_case(self):
        self._create_invoice(self.debtor2, 50.0, date(2026, 2, 1))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        self.assertFalse(self._case(self.debtor2))


@tagged("post_install", "-at_install", "dc_compliance")
class TestEngineGuardrails(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._create_invoice(cls.debtor, 500.0, date(2026, 1, 10), date(2025, 12, 10))

    def test_disputed_invoice_pauses_the_case(self):
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
            case = self._case(self.debtor)
            self.invoice.collection_disputed = True
            self._run()
            self.assertEqual(case.state, "disputed")
        with freeze_time("2026-01-22 10:00:00"):
            self._run()
            self.assertFalse(case.action_ids.filtered(lambda a: a.channel == "letter"))
            self.invoice.collection_disputed = False
            self._run()
            self.assertEqual(case.state, "open")
            self.assertTrue(case.action_ids.filtered(lambda a: a.channel == "letter"))

    def test_cease_contact_stops_every_contact(self):
        self.debtor.collection_cease_contact = True
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
            case = self._case(self.debtor)
            self.assertFalse(case.action_ids)
            self.assertIn("not to be contacted", case.hold_reason)
            self.assertFalse(
                self.env["mail.mail"].search(
                    [("model", "=", case._name), ("res_id", "=", case.id)]
                )
            )

    def test_contact_cap_holds_outbound_steps(self):
        self.company.collection_contact_cap = 1
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
            case = self._case(self.debtor)
            self.assertEqual(len(case.action_ids), 1)
        with freeze_time("2026-01-22 10:00:00"):
            # the letter is due, but one contact was made less than 7 days ago? no: 10 days ago
            self._run()
            self.assertEqual(len(case.action_ids.filtered("outbound")), 2)
        with freeze_time("2026-01-25 10:00:00"):
            case.write({"next_action_date": date(2026, 1, 25), "next_stage_id": case.stage_id.id})
            self._run()
            self.assertEqual(len(case.action_ids.filtered("outbound")), 2, "cap of 1 per 7 days")
            self.assertIn("Contact limit", case.hold_reason)

    def test_contact_hours_in_debtor_timezone(self):
        self.company.write({"collection_hour_from": 8.0, "collection_hour_to": 21.0})
        self.debtor.tz = "Europe/Madrid"
        with freeze_time("2026-01-12 06:30:00"):  # 07:30 in Madrid
            self._run()
            case = self._case(self.debtor)
            self.assertFalse(case.action_ids)
            self.assertIn("contact hours", case.hold_reason)
        with freeze_time("2026-01-12 07:30:00"):  # 08:30 in Madrid
            self._run()
            self.assertEqual(len(case.action_ids), 1)

    def test_no_outbound_on_sunday_by_default(self):
        self.company.collection_contact_sunday = False
        with freeze_time("2026-01-11 10:00:00"):  # a Sunday
            self._create_invoice(self.debtor2, 80.0, date(2026, 1, 5), date(2025, 12, 5))
            self._run()
            self.assertFalse(self._case(self.debtor2).action_ids)

    def test_unreachable_channel_is_skipped_not_sent(self):
        self.debtor.collection_email_valid = False
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
            case = self._case(self.debtor)
            skipped = case.action_ids
            self.assertEqual(skipped.result, "skipped")
            self.assertFalse(skipped.outbound)
            self.assertEqual(case.next_stage_id.action_type, "letter")
