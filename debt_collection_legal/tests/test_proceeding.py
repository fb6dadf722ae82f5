"""Tests of the hand-off to court, the proceeding, the dossier and the evidence pack."""

import hashlib
import io
import json
import zipfile
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import LegalCaseCommon, d


def unzip(raw):
    archive = zipfile.ZipFile(io.BytesIO(raw))
    return {name: archive.read(name) for name in archive.namelist()}


@tagged("post_install", "-at_install", "dc_compliance")
class TestProceeding(LegalCaseCommon):
    """Hand-off to court after a delivered notice whose deadline passed, the proceeding, its
    hearings and costs, the lawyer's dossier and the notice's evidence pack."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.law_firm = cls.env["res.partner"].create(
            {"name": "Bufete Ruiz Abogados", "is_company": True, "email": "ruiz@bufete.example"}
        )

    def _expired_notice(self):
        with freeze_time("2025-04-02"):
            notice = self._delivered_notice(self.case, d("2025-03-31"), d("2025-04-02"))
        with freeze_time("2025-04-18"):
            self.env["debt.collection.legal.notice"]._cron_check_deadlines()
        return notice

    def _hand_off(self, **values):
        wizard = (
            self.env["debt.collection.handoff.wizard"]
            .with_user(self.lawyer_user)
            .create({"case_id": self.case.id, "lawyer_id": self.law_firm.id, **values})
        )
        action = wizard.action_confirm()
        return self.env["debt.collection.proceeding"].browse(action["res_id"]), wizard

    def test_no_hand_off_before_the_deadline_passed(self):
        with freeze_time("2025-04-02"):
            self._delivered_notice(self.case, d("2025-03-31"), d("2025-04-02"))
        with freeze_time("2025-04-10"), self.assertRaisesRegex(UserError, "No legal notice"):
            self.case.with_user(self.lawyer_user).action_hand_off()

    def test_cost_benefit_panel_and_hand_off(self):
        self._expired_notice()
        self.assertTrue(self.case.legal_decision_pending)
        with freeze_time("2025-04-20"):
            wizard = self.env["debt.collection.handoff.wizard"].create(
                {"case_id": self.case.id, "lawyer_id": self.law_firm.id, "cost_estimate": 2000.0}
            )
            self.assertEqual(wizard.amount_claim, 1160.41)
            self.assertEqual(wizard.procedure, "monitorio")
            self.assertIn("legal costs exceed", wizard.recommendation)
            wizard.cost_estimate = 300.0
            self.assertIn("solvency", wizard.recommendation)
            wizard.solvency_note = "Owns the warehouse in Paterna; two vans."
            self.assertTrue(wizard.go_to_court)
            proceeding, _wizard = self._hand_off(cost_estimate=300.0, court="Juzgado de Valencia")
        self.assertEqual(self.case.state, "court")
        self.assertFalse(self.case.legal_decision_pending)
        self.assertFalse(self._legal_decisions(self.case))
        self.assertEqual(proceeding.amount_claimed, 1160.41)
        self.assertEqual(proceeding.lawyer_id, self.law_firm)
        self.assertIn(self.law_firm, proceeding.message_partner_ids)

    def test_cost_benefit_weighs_the_typed_costs(self):
        """The claim of 1,160.41 (1,000 due, interest and compensation) less the costs typed."""
        self._expired_notice()
        with freeze_time("2025-04-20"):
            form = Form(
                self.env["debt.collection.handoff.wizard"]
                .with_user(self.lawyer_user)
                .with_context(default_case_id=self.case.id)
            )
            self.assertEqual(form.amount_claim, 1160.41)
            self.assertIn("Estimate the legal costs", form.recommendation)
            form.cost_estimate = 700.0
            self.assertEqual(form.amount_net, 460.41)
            # 700 / 1,160.41 = 60 %
            self.assertIn("take 60% of the claim", form.recommendation)
            self.assertIn("460.41", form.recommendation)
            self.assertFalse(form.go_to_court)
            form.cost_estimate = 300.0
            form.solvency_note = "Owns the warehouse in Paterna; two vans."
            self.assertEqual(form.amount_net, 860.41)
            self.assertIn("860.41", form.recommendation)
            self.assertIn("expected after legal costs", form.recommendation)
            self.assertTrue(form.go_to_court)

    def test_hearings_in_the_calendar_and_costs_as_vendor_bills(self):
        self._expired_notice()
        with freeze_time("2025-04-20"):
            proceeding, _wizard = self._hand_off()
        hearing = proceeding._add_hearing(datetime(2025, 6, 10, 9, 30))
        self.assertEqual(proceeding.hearing_count, 1)
        self.assertEqual(hearing.partner_ids, self.law_firm | self.consultant.partner_id)
        self.assertEqual((hearing.res_model, hearing.res_id), (proceeding._name, proceeding.id))
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.law_firm.id,
                "invoice_date": d("2025-05-01"),
                "collection_proceeding_id": proceeding.id,
                "collection_cost_rechargeable": True,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Demanda monitorio", "price_unit": 350.0, "tax_ids": []}
                    )
                ],
            }
        )
        bill.action_post()
        self.assertEqual(proceeding.amount_costs, 350.0)
        self.assertEqual(proceeding.amount_costs_rechargeable, 350.0)

    def test_evidence_pack_holds_every_file_and_their_hashes(self):
        notice = self._expired_notice()
        files = unzip(notice._evidence_zip())
        manifest = files.pop("SHA256SUMS").decode().splitlines()
        record = json.loads(files["evidence.json"])
        self.assertEqual(record["notice"], notice.name)
        self.assertEqual(record["date_delivered"], "2025-04-02")
        self.assertEqual(record["date_deadline"], "2025-04-17")
        self.assertEqual(len(record["evidence"]), 1)
        self.assertEqual(len(manifest), len(files))
        for line in manifest:
            digest, name = line.split("  ", 1)
            self.assertEqual(hashlib.sha256(files[name]).hexdigest(), digest)
        receipt = [name for name in files if "return_receipt" in name]
        self.assertEqual(files[receipt[0]], b"%PDF-scan")

    def test_dossier_for_the_lawyer(self):
        self._expired_notice()
        with freeze_time("2025-04-19"):
            self.env["debt.collection.promise"].create(
                {"case_id": self.case.id, "amount": 200.0, "date_promised": d("2025-04-25")}
            )
        files = unzip(self.case._legal_dossier_zip())
        names = set(files)
        self.assertIn("statement_of_account.csv", names)
        self.assertIn("action_log.csv", names)
        self.assertIn("promises.csv", names)
        self.assertTrue(any(name.startswith("invoices/") for name in names))
        notice = self.case.legal_notice_ids
        folder = f"legal_notices/{notice.name.replace('/', '_')}/"
        self.assertIn(folder + "evidence.json", names)
        self.assertIn(self.invoice.name.encode(), files["statement_of_account.csv"])
        self.assertIn(b"Legal Notice", files["action_log.csv"])
        self.assertIn(b"200.0", files["promises.csv"])
        manifest = files["SHA256SUMS"].decode()
        self.assertIn("statement_of_account.csv", manifest)

    def test_written_off_after_a_failed_claim(self):
        self.company.collection_writeoff_account_id = self.company_data["default_account_expense"]
        self._expired_notice()
        with freeze_time("2025-04-20"):
            proceeding, _wizard = self._hand_off()
        proceeding.write({"date_filed": d("2025-05-01"), "outcome": "lost"})
        proceeding.action_file()
        proceeding.action_close()
        action = proceeding.with_user(self.manager).action_writeoff()
        wizard = (
            self.env["debt.collection.writeoff.wizard"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"reason": "cost_benefit", "issue_vat_credit_note": False})
        )
        wizard.action_confirm()
        self.assertEqual(self.case.state, "written_off")
        self.assertEqual(self.invoice.payment_state, "paid")
