"""Tests of contact data checks and disputes."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DebtCollectionCommon


@tagged("post_install", "-at_install", "dc_compliance")
class TestContactData(DebtCollectionCommon):
    def _partner(self, country, **values):
        return self.env["res.partner"].create(
            {"name": "Test", "country_id": self.env.ref(f"base.{country}").id, **values}
        )

    def test_spanish_and_italian_phones_are_normalised(self):
        cases = [
            ("es", "612 34 56 78", "+34612345678", True, "mobile"),
            ("es", "+34 912 345 678", "+34912345678", True, "fixed"),
            ("es", "0034 612345678", "+34612345678", True, "mobile"),
            ("es", "91 234 56 78", "+34912345678", True, "fixed"),
            ("it", "347 123 4567", "+393471234567", True, "mobile"),
            ("it", "+39 06 1234 5678", "+390612345678", True, "fixed"),
            ("it", "02-12345678", "+390212345678", True, "fixed"),
            ("it", "0039 347 1234567", "+393471234567", True, "mobile"),
            ("mx", "55 1234 5678", "+525512345678", True, "mobile"),
            ("es", "12345", False, False, False),
            ("it", "abc", False, False, False),
        ]
        for country, number, e164, valid, kind in cases:
            with self.subTest(number=number):
                partner = self._partner(country, phone=number)
                self.assertEqual(partner.collection_phone_e164, e164)
                self.assertEqual(partner.collection_phone_valid, valid)
                self.assertEqual(partner.collection_phone_type, kind)

    def test_mobile_preferred_over_fixed_line(self):
        partner = self._partner("es", phone="912 345 678", mobile="612 345 678")
        self.assertEqual(partner.collection_phone_e164, "+34612345678")
        self.assertTrue(partner._collection_can_reach("sms"))

    def test_email_syntax_and_address_completeness(self):
        partner = self._partner(
            "it", email="mario.rossi@@example", street="Via Roma 1", city="Milano"
        )
        self.assertFalse(partner.collection_email_valid)
        self.assertFalse(partner.collection_address_complete, "no postcode")
        self.assertFalse(partner._collection_can_reach("letter"))
        partner.write({"email": "mario.rossi@example.it", "zip": "20121"})
        self.assertTrue(partner.collection_email_valid)
        self.assertTrue(partner.collection_address_complete)
        self.assertEqual(partner.collection_contact_state, "incomplete", "no phone")
        partner.phone = "+39 02 1234 5678"
        self.assertEqual(partner.collection_contact_state, "verified")

    def test_bounce_marks_email_unusable_until_it_changes(self):
        partner = self._partner("es", email="lucia@example.com")
        self.assertTrue(partner.collection_email_valid)
        partner._message_receive_bounce("lucia@example.com", partner)
        self.assertFalse(partner.collection_email_valid)
        self.assertFalse(partner._collection_can_reach("email"))
        partner.email = "lucia.fernandez@example.com"
        self.assertTrue(partner.collection_email_valid)

    def test_unreachable_debtor_gets_one_verification_activity(self):
        debtor = self._partner("es", name="Sin Datos")
        self._create_invoice(debtor, 300.0, date(2026, 1, 10), date(2025, 12, 10))
        verify = self.env.ref("debt_collection.mail_activity_type_collection_verify")
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
            self._run()
        case = self._case(debtor)
        self.assertEqual(
            len(case.activity_ids.filtered(lambda a: a.activity_type_id == verify)), 1
        )
        self.assertFalse(
            self.env["mail.mail"].search(
                [("res_id", "=", case.id), ("recipient_ids", "in", debtor.ids)]
            ),
            "nothing is sent to a debtor without a usable address",
        )

    def test_cease_contact_is_stamped(self):
        with freeze_time("2026-03-02"):
            self.debtor.collection_cease_contact = True
        self.assertEqual(self.debtor.collection_cease_contact_date, date(2026, 3, 2))

    def test_contact_hours_must_make_sense(self):
        with self.assertRaises(ValidationError):
            self.company.write({"collection_hour_from": 21.0, "collection_hour_to": 8.0})
        with self.assertRaises(ValidationError):
            self.company.collection_contact_cap = 0


@tagged("post_install", "-at_install", "dc_compliance")
class TestDispute(DebtCollectionCommon):
    def test_dispute_needs_a_reason_and_pauses_collection(self):
        invoice = self._create_invoice(self.debtor, 500.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
            case = self._case(self.debtor)
            wizard = self.env["debt.collection.dispute.wizard"].with_context(
                active_model="account.move", active_ids=invoice.ids
            )
            with self.assertRaises(ValidationError):
                wizard.create({"reason": False})
            with self.assertRaises(UserError):
                invoice._collection_set_dispute("   ")
            wizard.create({"reason": "Goods arrived damaged"}).action_confirm()
            self.assertTrue(invoice.collection_disputed)
            self.assertTrue(case.action_ids.filtered(lambda a: a.result == "disputes"))
            self._run()
            self.assertEqual(case.state, "disputed")
            invoice.action_collection_resolve_dispute()
            self._run()
            self.assertEqual(case.state, "open")
