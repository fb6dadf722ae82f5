"""Privacy: the data-subject export (PR-2), retention and anonymisation (PR-3), logs (PR-5)."""

import base64
import json
import logging
import re
from datetime import date
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..tools import mask_tokens
from ..tools.log_filter import TokenMaskFilter
from .common import DebtCollectionCommon


@tagged("post_install", "-at_install", "dc_compliance")
class TestSubjectAccess(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # debts collected for creditors: the agency's case (the creditor of an invoice is a
        # field of agency mode; the in-house export is in test_privacy_in_house.py)
        cls.company.collection_agency_mode = True
        Partner = cls.env["res.partner"]
        cls.creditor_x = Partner.create({"name": "Creditor X Ltd", "is_company": True})
        cls.creditor_y = Partner.create({"name": "Creditor Y Ltd", "is_company": True})
        cls.case_ax = cls._make_case(cls.debtor, cls.creditor_x, 111.0)
        cls.case_ay = cls._make_case(cls.debtor, cls.creditor_y, 222.0)
        cls.case_bx = cls._make_case(cls.debtor2, cls.creditor_x, 333.0)
        cls.case_ax.message_post(body="Debtor A says the invoice 1 arrived late")
        cls.case_ay.message_post(body="Note about creditor Y only")
        cls.debtor._collection_sync_contact_points()

    @classmethod
    def _make_case(cls, debtor, creditor, amount):
        invoice = cls._create_invoice(debtor, amount, date(2026, 1, 10), post=False)
        invoice.collection_creditor_id = creditor
        invoice.action_post()
        return cls._new_case(debtor, invoice, creditor_id=creditor.id)

    def _export(self, debtor, creditor):
        action = debtor.with_user(self.manager).action_collection_subject_access()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"creditor_id": creditor.id, "date_request": date(2026, 3, 31)})
        )
        wizard.action_export()
        return wizard, json.loads(base64.b64decode(wizard.attachment_id.datas))

    def test_export_holds_all_of_a_debtors_data_for_one_creditor_only(self):
        wizard, data = self._export(self.debtor, self.creditor_x)
        self.assertEqual(wizard.date_due, date(2026, 4, 30), "one month after the request")
        self.assertEqual(data["request"]["due"], "2026-04-30")
        self.assertEqual(data["debtor"]["name"], self.debtor.name)
        self.assertEqual(data["debtor"]["email"], self.debtor.email)
        self.assertEqual([c["reference"] for c in data["cases"]], [self.case_ax.name])
        self.assertEqual(data["cases"][0]["invoices"][0]["amount"], 111.0)
        self.assertEqual(sorted(p["kind"] for p in data["contact_points"]), ["address", "email"])
        text = json.dumps(data)
        self.assertIn("arrived late", text)
        for foreign in (
            self.case_ay.name,
            self.case_bx.name,
            self.debtor2.name,
            self.debtor2.email,
            "creditor Y only",
            "222.0",
            "333.0",
        ):
            self.assertNotIn(foreign, text)

    def test_consultant_cannot_export(self):
        with self.assertRaises(AccessError):
            self.env["debt.collection.subject.access.wizard"].with_user(self.consultant).create(
                {"partner_id": self.debtor.id}
            )


@tagged("post_install", "-at_install", "dc_compliance")
class TestRetention(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor._collection_sync_contact_points()
        cls.invoice = cls._create_invoice(cls.debtor, 100.0, date(2020, 1, 10), date(2019, 12, 1))
        cls.disputed = cls._create_invoice(cls.debtor2, 80.0, date(2020, 1, 10), date(2019, 12, 1))
        with freeze_time("2020-01-12 10:00:00"):
            cls._cron_run()
        cls.paid = cls.Case.search([("partner_id", "=", cls.debtor.id)])
        cls.kept = cls.Case.search([("partner_id", "=", cls.debtor2.id)])
        cls.paid.message_post(body="Debtor phoned from +34 612 345 678")
        cls.paid.note = "<p>Works at the bakery</p>"
        cls.disputed.collection_disputed = True
        with freeze_time("2020-02-01"):
            (cls.paid | cls.kept)._close("paid", "paid")
        other = cls._debtor("Held Debtor", "held@example.com")
        cls.held = cls.paid.copy(
            {"name": "HOLD", "partner_id": other.id, "collection_legal_hold": True}
        )
        with freeze_time("2020-02-01"):
            cls.held._close("paid", "paid")

    def _snapshot(self):
        self.env.invalidate_all()
        cases = self.paid | self.kept | self.held
        return (
            [(c.note, c.collection_anonymised_date) for c in cases],
            cases.sudo().message_ids.mapped("body"),
            cases.action_ids.mapped("contact_point"),
            self.debtor.collection_contact_point_ids.ids,
        )

    def test_retention_cron_anonymises_once_and_skips_holds_and_disputes(self):
        Regime = self.env["debt.collection.regime"]
        with freeze_time("2024-06-01"):  # ES keeps 1825 days: not yet
            self.assertFalse(Regime._cron_anonymise())
        with freeze_time("2025-03-01"):
            done = Regime._cron_anonymise()
            self.assertEqual(done, self.paid)
            self.assertEqual(self.paid.collection_anonymised_date, date(2025, 3, 1))
            self.assertFalse(self.paid.note)
            self.assertFalse(self.debtor.collection_contact_point_ids)
            bodies = " ".join(str(b) for b in self.paid.sudo().message_ids.mapped("body"))
            self.assertNotIn("612", bodies)
            self.assertFalse(any(self.paid.action_ids.mapped("contact_point")))
            # a legal hold and an invoice in dispute keep their cases as they are
            self.assertFalse(self.held.collection_anonymised_date)
            self.assertFalse(self.kept.collection_anonymised_date)
            before = self._snapshot()
            self.assertFalse(Regime._cron_anonymise(), "the second run finds nothing")
            self.assertEqual(self._snapshot(), before)


@tagged("post_install", "-at_install", "dc_compliance")
class TestLogsCarryNoPersonalData(DebtCollectionCommon):
    def test_logger_calls_name_no_email_phone_or_token(self):
        """PR-5: the server log never gets an e-mail, a phone number or a token."""
        forbidden = re.compile(r"email|phone|mobile|token|street|vat", re.IGNORECASE)
        root = Path(__file__).resolve().parents[2]
        calls = []
        for path in root.glob("debt_collection*/**/*.py"):
            if "tests" in path.parts:
                continue
            source = path.read_text()
            for match in re.finditer(r"_logger\.\w+\((.*?)\)\n", source, re.DOTALL):
                calls.append((path.name, match.group(1)))
        self.assertTrue(calls)
        for name, call in calls:
            with self.subTest(file=name, call=call[:60]):
                self.assertNotRegex(call, forbidden)

    def test_request_log_masks_tokens(self):
        line = (
            '"GET /collection/opt-out/7/email/abc123def HTTP/1.1" 200 - '
            "/my/debts/3?access_token=s3cr3t"
        )
        masked = mask_tokens(line)
        self.assertNotIn("abc123def", masked)
        self.assertNotIn("s3cr3t", masked)
        self.assertIn("/collection/opt-out/7/email/***", masked)
        self.assertTrue(
            any(isinstance(f, TokenMaskFilter) for f in logging.getLogger("werkzeug").filters)
        )
