"""Tests of the legal notice: preparation, sending, delivery and deadline."""

import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import LegalCaseCommon, d, pdf_text

SCAN = base64.b64encode(b"%PDF-1.4 return receipt scan")


@tagged("post_install", "-at_install", "dc_compliance")
class TestLegalNotice(LegalCaseCommon):
    def _post(self, notice):
        """Send by post as the Legal group does (the PDF really rendered, as in production)."""
        action = notice.with_user(self.lawyer_user).action_send()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.lawyer_user)
            .with_context(**action["context"], force_report_rendering=True)
            .create({"tracking_ref": "RR123456789ES"})
        )
        wizard.action_confirm()
        return wizard

    def _record(self, notice, outcome, day, scan=True):
        wizard = (
            self.env["debt.collection.legal.outcome.wizard"]
            .with_user(self.lawyer_user)
            .create(
                {
                    "notice_id": notice.id,
                    "outcome": outcome,
                    "date": day,
                    "receipt_file": SCAN if scan else False,
                    "receipt_filename": "acuse.pdf",
                }
            )
        )
        wizard.action_confirm()

    # ------------------------------------------------------------------
    # Preparation and review
    # ------------------------------------------------------------------

    @freeze_time("2025-03-31")
    def test_prepared_from_the_case_once(self):
        notice = self.case.with_user(self.consultant)._legal_prepare_notice()
        self.assertEqual(notice.state, "draft")
        self.assertEqual(notice.channel, "burofax", "a Spanish debtor without PEC: burofax")
        self.assertEqual(self.case.state, "legal")
        self.assertEqual(notice.amount_total, 1160.41)
        self.assertEqual(self.case._legal_prepare_notice(), notice, "one open notice per case")
        review = notice.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("debt_collection_legal.mail_activity_type_legal_review")
            )
        )
        self.assertEqual(review.user_id, self.lawyer_user, "queued for the Legal group")

    @freeze_time("2025-03-31")
    def test_only_the_legal_group_sends(self):
        notice = self.case._legal_prepare_notice()
        with self.assertRaises(AccessError):
            notice.with_user(self.consultant).action_send()
        with self.assertRaises(AccessError):
            notice.with_user(self.manager).action_send()
        self.assertEqual(notice.state, "draft")
        self.assertFalse(notice.evidence_ids)

    @freeze_time("2025-03-31")
    def test_a_sent_notice_cannot_be_changed_or_deleted(self):
        notice = self.case._legal_prepare_notice()
        self._post(notice)
        with self.assertRaises(UserError):
            notice.with_user(self.lawyer_user).channel = "registered"
        with self.assertRaises(UserError):
            notice.with_user(self.lawyer_user).unlink()
        with self.assertRaises(UserError):
            notice.line_ids.with_user(self.lawyer_user).unlink()

    # ------------------------------------------------------------------
    # The PDF
    # ------------------------------------------------------------------

    @freeze_time("2025-03-31")
    def test_pdf_states_parties_invoices_amounts_words_deadline_and_accounts(self):
        notice = self.case._legal_prepare_notice()
        self._post(notice)
        self.assertTrue(notice.pdf_attachment_id.raw.startswith(b"%PDF"))
        text = pdf_text(notice.pdf_attachment_id.raw)
        for expected in (
            notice.name,
            "Formal notice of payment",
            "Dear Sir or Madam,",  # a company, not a person
            self.company.name,
            "ESB12345674",
            self.business.name,
            "ESB98765431",
            self.invoice.name,
            "365",
            "120.41",
            "40.00",
            "1,160.41",
            "one thousand, one hundred and sixty",
            "within 15 days of receiving this notice",
            "ES91 2100 0418 4502 0005 1332",  # base_iban prints it in groups of four
            "legal proceedings",
            "How the interest was calculated",
            "12.50",
            "12.25",
            "11.15",
        ):
            self.assertIn(expected.lower(), text.lower())
        evidence = notice.evidence_ids.filtered(lambda e: e.kind == "notice_pdf")
        self.assertEqual(evidence.attachment_id, notice.pdf_attachment_id)
        self.assertEqual(len(evidence.sha256), 64)

    @freeze_time("2025-03-31")
    def test_pdf_in_the_debtors_language_with_the_words(self):
        for code in ("es_ES", "it_IT"):
            self.env["res.lang"]._activate_lang(code)
        expected = {
            "es_ES": ("mil ciento sesenta", "31/03/2025"),
            "it_IT": ("millecentosessanta", "31/03/2025"),
            "en_US": ("one thousand, one hundred and sixty", "03/31/2025"),
        }
        for lang, (words, day) in expected.items():
            with self.subTest(lang=lang):
                self.business.lang = lang
                notice = self._notice(self.case, d("2025-03-31"))
                self.assertEqual(notice._get_report_lang(), lang)
                pdf, _type = (
                    self.env["ir.actions.report"]
                    .with_context(force_report_rendering=True)
                    ._render_qweb_pdf(
                        "debt_collection_legal.action_report_legal_notice", notice.ids
                    )
                )
                text = pdf_text(pdf).lower()
                self.assertIn(words, text)
                self.assertIn(day, text, "dates in the debtor's format")

    @freeze_time("2025-03-31")
    def test_agency_notice_names_creditor_and_agency(self):
        case = self._case_with(
            self.business,
            self._invoice(self.business, 500.0, d("2025-01-31")),
            creditor=self.creditor_it,
        )
        notice = self._notice(case, d("2025-03-31"))
        self.assertEqual(notice._get_creditor(), (self.creditor_it, self.company.partner_id))
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("debt_collection_legal.action_report_legal_notice", notice.ids)
        )
        text = pdf_text(pdf)
        self.assertIn("Forniture Lombarde S.r.l.", text)
        self.assertIn("IT12345670157", text)
        self.assertIn("Acting on the creditor's behalf", text)
        self.assertIn("D.Lgs. 9 ottobre 2002, n. 231", text)

    # ------------------------------------------------------------------
    # Registered letter / burofax lifecycle and the deadline
    # ------------------------------------------------------------------

    @freeze_time("2025-03-31 10:00:00")
    def test_registered_letter_lifecycle_delivered(self):
        notice = self.case._legal_prepare_notice()
        self._post(notice)
        self.assertEqual(notice.state, "sent")
        self.assertEqual(
            (notice.carrier, notice.tracking_ref), ("Correos (Burofax)", "RR123456789ES")
        )
        self.assertFalse(notice.date_deadline, "no proof of delivery, no deadline")
        with freeze_time("2025-04-03"):
            with self.assertRaisesRegex(UserError, "return receipt"):
                self._record(notice, "delivered", d("2025-04-02"), scan=False)
            self._record(notice, "delivered", d("2025-04-02"))
        self.assertEqual(notice.state, "delivered")
        self.assertEqual(notice.date_delivered, d("2025-04-02"))
        self.assertEqual(notice.date_deadline, d("2025-04-17"))
        self.assertEqual(set(notice.evidence_ids.mapped("kind")), {"notice_pdf", "return_receipt"})
        steps = self.case.action_ids.filtered(lambda a: a.channel == "legal")
        self.assertEqual(set(steps.mapped("result")), {"sent", "delivered"})

    @freeze_time("2025-03-31 10:00:00")
    def test_refusal_starts_the_deadline_from_its_date(self):
        notice = self.case._legal_prepare_notice()
        self._post(notice)
        with freeze_time("2025-04-05"):
            self._record(notice, "refused", d("2025-04-04"))
        self.assertEqual(notice.delivery_outcome, "refused")
        self.assertEqual(notice.date_deadline, d("2025-04-19"))

    @freeze_time("2025-03-31 10:00:00")
    def test_not_collected_gives_no_deadline_and_asks_for_another_channel(self):
        notice = self.case._legal_prepare_notice()
        self._post(notice)
        with freeze_time("2025-04-20"):
            self._record(notice, "not_collected", d("2025-04-18"), scan=False)
            self.env["debt.collection.legal.notice"]._cron_check_deadlines()
        self.assertEqual(notice.state, "failed")
        self.assertFalse(notice.date_deadline)
        self.assertFalse(self.case.legal_decision_pending)
        with self.assertRaisesRegex(UserError, "No legal notice"):
            self.case.action_hand_off()
        self.assertTrue(notice.activity_ids, "the Legal group is asked to send it again")

    def test_deadline_passed_unpaid_waits_for_a_manager(self):
        self.company.collection_legal_manager_id = self.manager
        with freeze_time("2025-04-02"):
            notice = self._delivered_notice(self.case, d("2025-03-31"), d("2025-04-02"))
        with freeze_time("2025-04-17"):
            self.env["debt.collection.legal.notice"]._cron_check_deadlines()
        self.assertEqual(notice.state, "delivered", "the last day of the deadline is the 17th")
        with freeze_time("2025-04-18"):
            self.env["debt.collection.legal.notice"]._cron_check_deadlines()
        self.assertEqual(notice.state, "expired")
        self.assertTrue(self.case.legal_decision_pending)
        decision = self._legal_decisions(self.case)
        self.assertEqual(decision.user_id, self.manager)

    def test_payment_before_the_deadline_stops_it(self):
        with freeze_time("2025-04-02"):
            notice = self._delivered_notice(self.case, d("2025-03-31"), d("2025-04-02"))
        self._pay(self.invoice, 300.0, d("2025-04-10"))
        with freeze_time("2025-04-20"):
            self.env["debt.collection.legal.notice"]._cron_check_deadlines()
        self.assertEqual((notice.state, notice.answer), ("answered", "payment"))
        self.assertFalse(self.case.legal_decision_pending)

    def test_promise_before_the_deadline_stops_it(self):
        with freeze_time("2025-04-02"):
            notice = self._delivered_notice(self.case, d("2025-03-31"), d("2025-04-02"))
        with freeze_time("2025-04-08"):
            self.env["debt.collection.promise"].create(
                {
                    "case_id": self.case.id,
                    "amount": 1000.0,
                    "date_promised": d("2025-04-08") + timedelta(days=20),
                }
            )
            self.env["debt.collection.legal.notice"]._cron_check_deadlines()
        self.assertEqual((notice.state, notice.answer), ("answered", "promise"))

    def test_interest_is_invoiced_only_when_a_manager_decides(self):
        with freeze_time("2025-04-02"):
            notice = self._delivered_notice(self.case, d("2025-03-31"), d("2025-04-02"))
        self.assertFalse(notice.interest_move_id, "shown, not posted")
        with self.assertRaises(AccessError):
            notice.with_user(self.consultant).action_invoice_interest()
        notice.with_user(self.manager).action_invoice_interest()
        move = notice.interest_move_id
        self.assertEqual((move.move_type, move.state), ("out_invoice", "draft"))
        self.assertEqual(move.partner_id, self.business)
        self.assertEqual(sorted(move.invoice_line_ids.mapped("price_unit")), [40.0, 120.41])
        self.assertEqual(move.amount_tax, 0.0)
        self.assertEqual(move.amount_total, 160.41)
        with self.assertRaises(UserError):
            notice.with_user(self.manager).action_invoice_interest()

    @freeze_time("2025-03-31")
    def test_agency_notice_asks_payment_into_client_money_only(self):
        """CG-14: a notice sent for a creditor under mandate gives the mandate's client-money
        account (the same method the letters ask), never the agency's own account."""
        mandate = self.env["debt.collection.mandate"].create(
            {
                "name": "FL-2025",
                "creditor_id": self.creditor_it.id,
                "company_id": self.company.id,
                "date_start": d("2025-01-01"),
                "user_ids": [Command.set(self.consultant.ids)],
            }
        )
        mandate.action_activate()
        client_money = self.env["res.partner.bank"].create(
            {"acc_number": "ES7620770024003102575766", "partner_id": self.company.partner_id.id}
        )
        mandate.bank_journal_id.bank_account_id = client_money
        case = self._case_with(
            self.business,
            self._invoice(self.business, 500.0, d("2025-01-31")),
            creditor=self.creditor_it,
        )
        self.assertEqual(case.mandate_id, mandate)
        notice = self._notice(case, d("2025-03-31"))
        self.assertEqual(notice._get_bank_accounts(), case._collection_payment_accounts())
        self.assertEqual(notice._get_bank_accounts(), client_money)
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("debt_collection_legal.action_report_legal_notice", notice.ids)
        )
        text = pdf_text(pdf).replace(" ,", ",")
        self.assertIn(f"{self.company.name}, on behalf of {self.creditor_it.name}", text)
        self.assertIn("ES7620770024003102575766", text.replace(" ", ""))
        self.assertNotIn(self.company_bank.acc_number, text)
