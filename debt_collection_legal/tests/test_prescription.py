"""Tests of prescription: limitation dates, warnings, no threat once time-barred (CG-7)."""

import base64

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LegalCaseCommon, d


@tagged("post_install", "-at_install", "dc_compliance")
class TestPrescription(LegalCaseCommon):
    """Limitation dates from the due date or the last interrupting act; warnings 90 days
    before; no legal threat and no court for a time-barred debt (CG-7)."""

    case_due = "2020-01-31"

    def test_spanish_default_is_five_years_from_the_due_date(self):
        rule = self.case.collection_prescription_rule_id
        self.assertEqual((rule.country_id, rule.years), (self.es, 5))
        with freeze_time("2024-06-01"):
            self.case._legal_update_prescription()
        self.assertEqual(self.case.collection_date_prescription, d("2025-01-31"))
        self.assertFalse(self.case.collection_prescription_soon)
        self.assertFalse(self.case.collection_time_barred)

    def test_italian_creditor_ten_years(self):
        case = self._case_with(
            self.business,
            self._invoice(self.business, 100.0, d("2020-01-31")),
            creditor=self.creditor_it,
        )
        case._legal_update_prescription()
        self.assertEqual(case.collection_date_prescription, d("2030-01-31"))

    def test_flagged_within_ninety_days_for_the_manager(self):
        self.company.collection_legal_manager_id = self.manager
        with freeze_time("2024-12-01"):
            self.env["debt.collection.case"]._cron_legal()
        self.assertTrue(self.case.collection_prescription_soon)
        activity = self._legal_decisions(self.case)
        self.assertEqual(activity.user_id, self.manager)
        with freeze_time("2024-12-02"):
            self.env["debt.collection.case"]._cron_legal()
        self.assertEqual(len(self.case.activity_ids), len(activity), "flagged once")

    def test_part_payment_interrupts(self):
        self._pay(self.invoice, 100.0, d("2023-06-15"))
        with freeze_time("2025-03-01"):
            self.env["debt.collection.case"]._cron_legal()
        self.assertEqual(self.case.collection_date_prescription, d("2028-06-15"))
        self.assertFalse(self.case.collection_time_barred)

    def test_signed_acknowledgment_interrupts(self):
        with freeze_time("2024-06-01"):
            self.case.collection_date_acknowledged = d("2024-05-20")
        self.assertEqual(self.case.collection_date_prescription, d("2029-05-20"))

    def test_acknowledgment_uploaded_at_a_visit_interrupts(self):
        """The consultant reports the visit with the signed acknowledgment: the case's date of
        acknowledgment is the visit's day, and the five years start again from it."""
        with freeze_time("2024-06-01 10:00:00"):
            self.case._legal_update_prescription()
            self.assertEqual(self.case.collection_date_prescription, d("2025-01-31"))
            self.case.partner_id.collection_cease_contact = False
            wizard = (
                self.env["debt.collection.outcome.wizard"]
                .with_user(self.consultant)
                .create(
                    {
                        "case_id": self.case.id,
                        "channel": "visit",
                        "met_debtor": True,
                        "result": "reached",
                        "acknowledgment": base64.b64encode(b"%PDF signed"),
                        "acknowledgment_name": "reconocimiento.pdf",
                        "no_disclosure": True,
                        "contact_override_reason": "the debtor asked us to come",
                    }
                )
            )
            wizard.action_confirm()
        self.assertEqual(self.case.collection_date_acknowledged, d("2024-06-01"))
        self.assertEqual(self.case.collection_date_prescription, d("2029-06-01"))

    def test_delivered_notice_interrupts_an_undelivered_one_does_not(self):
        with freeze_time("2024-10-01"):
            notice = self._notice(self.case, d("2024-10-01"), channel="registered")
            notice._mark_sent(d("2024-10-01"), "Correos", "RR2")
            notice._mark_outcome("not_collected", d("2024-10-20"))
            self.case._legal_update_prescription()
        self.assertEqual(self.case.collection_date_prescription, d("2025-01-31"))
        with freeze_time("2024-11-01"):
            self._delivered_notice(self.case, d("2024-11-01"), d("2024-11-04"))
        self.assertEqual(self.case.collection_date_prescription, d("2029-11-04"))

    def test_filed_claim_stops_prescription_while_pending(self):
        with freeze_time("2024-06-01"):
            proceeding = self.env["debt.collection.proceeding"].create(
                {
                    "case_id": self.case.id,
                    "lawyer_id": self.creditor_it.id,
                    "procedure": "monitorio",
                    "date_filed": d("2024-06-01"),
                }
            )
            proceeding.action_file()
        self.assertFalse(self.case.collection_date_prescription, "not running while in court")
        with freeze_time("2026-02-01"):
            proceeding.outcome = "abandoned"
            proceeding.action_close()
        self.assertEqual(self.case.collection_date_prescription, d("2031-02-01"))

    def test_time_barred_debt_gets_no_notice_and_no_court(self):
        with freeze_time("2025-02-01"):
            with self.assertRaisesRegex(UserError, "time-barred"):
                self.case._legal_prepare_notice()
            self.assertTrue(self.case.collection_time_barred)
            self.assertFalse(self.case.legal_notice_ids)
            with self.assertRaisesRegex(UserError, "time-barred"):
                self.case.action_hand_off()

    def test_a_draft_notice_cannot_be_sent_once_time_barred(self):
        with freeze_time("2025-01-20"):
            notice = self.case._legal_prepare_notice()
        with freeze_time("2025-02-01"):
            self.env["debt.collection.case"]._cron_legal()
            with self.assertRaisesRegex(UserError, "time-barred"):
                notice.with_user(self.lawyer_user).action_send()
        self.assertEqual(notice.state, "draft")

    def test_daily_check_dates_every_case_in_one_read(self):
        paid = self._case_with(self.consumer, self._invoice(self.consumer, 500.0, d("2021-03-31")))
        self._pay(paid.invoice_ids, 50.0, d("2022-09-30"))
        self.assertEqual(
            (self.case | paid)._legal_prescription_dates(),
            {self.case.id: d("2025-01-31"), paid.id: d("2027-09-30")},
        )
        with freeze_time("2024-12-01"):
            self.env["debt.collection.case"]._cron_legal()
        self.assertEqual(
            [
                (c.collection_date_prescription, c.collection_prescription_soon)
                for c in (self.case, paid)
            ],
            [(d("2025-01-31"), True), (d("2027-09-30"), False)],
        )
        with freeze_time("2025-02-01"):
            self.env["debt.collection.case"]._cron_legal()
        self.assertEqual(
            [
                (c.collection_time_barred, c.collection_prescription_soon)
                for c in (self.case, paid)
            ],
            [(True, False), (False, False)],
        )
