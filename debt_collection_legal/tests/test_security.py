"""Tests of the legal addon's access rules and downloads."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import LegalCaseCommon, LegalCommon, d

LEGAL_MODELS = (
    "debt.collection.interest.rate",
    "debt.collection.prescription.rule",
    "debt.collection.legal.notice",
    "debt.collection.legal.notice.line",
    "debt.collection.legal.evidence",
    "debt.collection.pec.receipt",
    "debt.collection.proceeding",
    "debt.collection.legal.post.wizard",
    "debt.collection.legal.outcome.wizard",
    "debt.collection.handoff.wizard",
)


@tagged("post_install", "-at_install", "dc_security")
class TestLegalSecurity(LegalCaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2025-04-02"):
            cls.notice = cls.Notice.create(
                {"case_id": cls.case.id, "date_notice": d("2025-03-31"), "channel": "registered"}
            )
            cls.notice._mark_sent(d("2025-03-31"), "Correos", "RR9")
            cls.evidence = cls.notice._add_evidence(
                "return_receipt", "acuse.pdf", b"%PDF-scan", d("2025-04-02")
            )
            cls.notice._mark_outcome("delivered", d("2025-04-02"))

    def test_every_legal_model_has_access_rules_and_none_writes_without_a_group(self):
        models = self.env["ir.model"].search([("model", "in", LEGAL_MODELS)])
        self.assertEqual(len(models), len(LEGAL_MODELS))
        for model in models:
            with self.subTest(model=model.model):
                access = self.env["ir.model.access"].search([("model_id", "=", model.id)])
                self.assertTrue(access)
                groupless = access.filtered(lambda a: not a.group_id)
                self.assertFalse(
                    groupless.filtered(lambda a: a.perm_write or a.perm_create or a.perm_unlink)
                )

    def assertRefused(self, call):
        try:
            with self.env.cr.savepoint():
                call()
        except (AccessError, UserError):
            return
        self.fail("the change went through")

    def test_nobody_deletes_evidence_nor_its_file(self):
        for user in (self.consultant, self.lawyer_user, self.manager):
            with self.subTest(user=user.login):
                evidence = self.evidence.with_user(user)
                self.assertRefused(evidence.unlink)
                self.assertRefused(evidence.sudo(False).attachment_id.unlink)
                self.assertRefused(
                    lambda evidence=evidence: evidence.attachment_id.write({"raw": b"forged"})
                )
                self.assertRefused(lambda evidence=evidence: evidence.write({"sha256": "0" * 64}))
        self.assertTrue(self.evidence.exists())
        self.assertEqual(self.evidence.attachment_id.raw, b"%PDF-scan")

    def test_consultant_cannot_send_nor_record_delivery(self):
        draft = self._notice(self.case, d("2025-03-31"))
        with self.assertRaises(AccessError):
            draft.with_user(self.consultant).action_send()
        with self.assertRaises(AccessError):
            self.env["debt.collection.legal.outcome.wizard"].with_user(self.consultant).create(
                {"notice_id": self.notice.id, "outcome": "refused", "date": d("2025-04-03")}
            )
        self.assertEqual(draft.state, "draft")

    def test_consultant_of_another_case_sees_no_notice_nor_evidence(self):
        with self.assertRaises(AccessError):
            self.notice.with_user(self.consultant2).read(["amount_total"])
        with self.assertRaises(AccessError):
            self.evidence.with_user(self.consultant2).read(["sha256"])
        self.assertFalse(
            self.Notice.with_user(self.consultant2).search([("id", "=", self.notice.id)])
        )
        self.assertTrue(self.notice.with_user(self.consultant).read(["amount_total"]))

    def test_consultants_do_not_read_pec_receipts(self):
        receipt = self.env["debt.collection.pec.receipt"].sudo().create({"name": "ACCETTAZIONE"})
        with self.assertRaises(AccessError):
            receipt.with_user(self.consultant).read(["name"])
        with self.assertRaises(UserError):
            receipt.with_user(self.manager).action_dismiss()

    def test_other_company_notices_are_invisible(self):
        other = self.env["res.company"].create({"name": "Other Company S.L."})
        debtor = self.env["res.partner"].create({"name": "Other debtor", "company_id": other.id})
        case = (
            self.env["debt.collection.case"]
            .sudo()
            .create({"partner_id": debtor.id, "company_id": other.id})
        )
        notice = self.Notice.sudo().create({"case_id": case.id})
        user = new_test_user(
            self.env,
            login="dc_legal_a",
            groups="debt_collection_legal.debt_collection_legal_group_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.assertFalse(self.Notice.with_user(user).search([("id", "=", notice.id)]))
        with self.assertRaises(AccessError):
            notice.with_user(user).read(["name"])

    def test_hand_off_refused_to_who_may_not_work_the_case(self):
        """AC-4: the hand-off check refreshes prescription as superuser; a debtor or another
        consultant calling it over RPC is refused first, and the case does not change."""
        self.case.write({"collection_date_prescription": False})
        activities = self.case.activity_ids
        for user in (self._debtor_portal_user(), self.consultant2):
            # no savepoint (assertRaises takes one): what the call wrote before failing shows
            try:
                self.case.with_user(user).action_hand_off()
            except AccessError:
                continue
            self.fail(f"{user.login} opened the hand-off")
        self.assertFalse(self.case.collection_date_prescription)
        self.assertEqual(self.case.activity_ids, activities)
        # the flag was stale: whoever works the case refreshes it
        self.case._legal_update_prescription()
        self.assertTrue(self.case.collection_date_prescription)

    def test_a_sent_notice_keeps_what_it_claimed(self):
        with self.assertRaises(UserError):
            self.notice.with_user(self.lawyer_user).write({"date_notice": d("2025-05-01")})
        with self.assertRaises(UserError):
            self.notice.line_ids.with_user(self.lawyer_user).write({"move_id": self.invoice.id})


@tagged("post_install", "-at_install", "dc_security")
class TestLegalDownloads(LegalCommon, HttpCase):
    def test_no_dossier_for_the_debtor(self):
        """The lawyer's dossier (internal log, evidence) is not for the debtor, even one who
        may read their own case on the portal."""
        invoice = self._invoice(self.business, 100.0, d("2025-01-31"))
        case = self._case_with(self.business, invoice)
        debtor = self._debtor_portal_user()
        with self.assertRaises(AccessError):
            case.with_user(debtor)._legal_dossier_files()
        self.authenticate(debtor.login, debtor.login)
        response = self.url_open(f"/debt_collection_legal/case/{case.id}/dossier.zip")
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(response.content.startswith(b"PK"))

    def test_evidence_pack_only_for_who_may_read_the_notice(self):
        invoice = self._invoice(self.business, 100.0, d("2025-01-31"))
        case = self._case_with(self.business, invoice)
        notice = self._notice(case, d("2025-03-31"), channel="registered")
        notice._mark_sent(d("2025-03-31"), "Correos", "RR10")
        url = f"/debt_collection_legal/notice/{notice.id}/evidence.zip"
        self.authenticate(self.consultant2.login, self.consultant2.login)
        self.assertNotEqual(self.url_open(url).status_code, 200)
        self.authenticate(self.consultant.login, self.consultant.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))

    def test_dossier_and_evidence_check_access_themselves(self):
        """Issue 23: the methods that build them from sudo check the caller's access, not
        their caller: a foreign consultant or a debtor calling them gets nothing."""
        invoice = self._invoice(self.business, 100.0, d("2025-01-31"))
        case = self._case_with(self.business, invoice)
        notice = self._notice(case, d("2025-03-31"), channel="registered")
        notice._mark_sent(d("2025-03-31"), "Correos", "RR10")
        portal = new_test_user(
            self.env,
            login="dc_legal_portal",
            groups="base.group_portal",
            partner_id=self.business.id,
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        for user in (self.consultant2, portal):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    case.with_user(user)._legal_dossier_files()
                with self.assertRaises(AccessError):
                    notice.with_user(user)._evidence_files()
        files = dict(case.with_user(self.consultant)._legal_dossier_files())
        self.assertIn("action_log.csv", files)
        self.assertTrue(notice.with_user(self.consultant)._evidence_files())
