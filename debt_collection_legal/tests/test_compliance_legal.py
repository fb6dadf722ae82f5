"""The legal side of the compliance requirements, end to end: the notice's deadline is never
shorter than the law's 15 days (CG-10), a dispute received by letter stops the notice and the
hand-off (CG-4), and a cease-contact request leaves the legal group's notice (CG-5)."""

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import find_in_path

from odoo.addons.debt_collection.tests.test_compliance_letters import (
    COLLECTION_WORDS,
    window_text,
)

from .common import LegalCaseCommon, d


@tagged("post_install", "-at_install", "dc_compliance")
class TestLegalCompliance(LegalCaseCommon):
    def test_notice_deadline_never_shorter_than_fifteen_days(self):
        with self.assertRaisesRegex(ValidationError, "15"):
            self.company.collection_notice_deadline_days = 10
        self.company.collection_notice_deadline_days = 20
        with freeze_time("2025-04-02"):
            notice = self._delivered_notice(self.case, d("2025-03-31"), d("2025-04-02"))
        self.assertEqual(notice.date_deadline, d("2025-04-22"), "20 days from proven delivery")

    def test_dispute_received_by_letter_stops_the_hand_off(self):
        with freeze_time("2025-04-02"):
            self._delivered_notice(self.case, d("2025-03-31"), d("2025-04-02"))
        with freeze_time("2025-04-25"):
            self.env["debt.collection.request.wizard"].with_user(self.consultant).create(
                {
                    "case_id": self.case.id,
                    "source": "letter",
                    "request": "dispute",
                    "reason": "The works were never finished",
                }
            ).action_confirm()
            self.assertEqual(self.case.state, "disputed")
            with self.assertRaisesRegex(UserError, "disputed"):
                self.case.action_hand_off()
        # a second case of the debtor, disputed before any notice: no notice is prepared
        other = self._case_with(self.consumer, self._invoice(self.consumer, 90.0, d("2024-05-31")))
        with freeze_time("2025-04-25"):
            other._collection_register_dispute("Wrong price", "letter")
            with self.assertRaisesRegex(UserError, "disputed"):
                other._legal_prepare_notice()
        self.assertFalse(other.legal_notice_ids)

    @freeze_time("2025-03-31 10:00:00")
    def test_cease_contact_leaves_the_legal_groups_notice(self):
        self.case.with_user(self.consultant)._collection_register_cease_contact(
            "Only through my lawyer", "letter"
        )
        self.assertFalse(self.case._collection_may_contact("letter")[0])
        self.assertEqual(self.case._collection_may_contact("legal"), (True, ""))
        notice = self.case._legal_prepare_notice()
        self.assertEqual(notice.state, "draft")

    @freeze_time("2025-03-31 10:00:00")
    def test_notice_address_window_says_nothing_of_debts(self):
        if not find_in_path("pdftotext"):
            self.skipTest("poppler-utils (pdftotext) is not installed")
        self.env["res.lang"]._activate_lang("it_IT")
        self.business.write({"lang": "it_IT", "street": "Via Roma 1", "zip": "20121"})
        notice = self._notice(self.case, d("2025-03-31"))
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("debt_collection_legal.action_report_legal_notice", notice.ids)
        )
        text = window_text(pdf, self.business.name)
        self.assertIn("20121", text)
        self.assertNotRegex(text, COLLECTION_WORDS)

    @freeze_time("2025-03-31 10:00:00")
    def test_time_barred_debt_later_letter_makes_no_legal_threat(self):
        old = self._case_with(self.consumer, self._invoice(self.consumer, 300.0, d("2019-06-30")))
        old._legal_update_prescription()
        self.assertTrue(old.collection_time_barred)
        for case in (self.case, old):
            self.env["debt.collection.action"]._log(
                {
                    "case_id": case.id,
                    "channel": "letter",
                    "result": "scheduled",
                    "letter_tone": "second",
                }
            )
        html = {
            case: str(
                self.env["ir.actions.report"]._render_qweb_html(
                    "debt_collection.action_report_collection_letter", case.ids
                )[0]
            )
            for case in (self.case, old)
        }
        self.assertIn("legal route", html[self.case])
        self.assertNotIn("legal route", html[old])
        self.assertIn("still unpaid", html[old], "still asked for, firmly and lawfully")

    @freeze_time("2025-03-31 10:00:00")
    def test_notice_names_no_account_but_the_collectors(self):
        """CG-14: the payment instructions name the company's (creditor's or agency's)
        account, never the debtor's own nor another partner's."""
        self.env["res.partner.bank"].create(
            {"acc_number": "ES7620770024003102575766", "partner_id": self.business.id}
        )
        self.env["res.partner.bank"].create(
            {"acc_number": "IT60X0542811101000000123456", "partner_id": self.creditor_it.id}
        )
        notice = self._notice(self.case, d("2025-03-31"))
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "debt_collection_legal.action_report_legal_notice", notice.ids
            )[0]
        )
        compact = html.replace(" ", "")
        self.assertIn("ES9121000418450200051332", compact)
        self.assertNotIn("ES7620770024003102575766", compact)
        self.assertNotIn("IT60X0542811101000000123456", compact)
