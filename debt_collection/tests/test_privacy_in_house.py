"""The data-subject export (PR-2) of a company collecting its own invoices: no agency mode, so
its users hold no agency field (the invoices' creditor), and the export must not need one."""

import base64
import json
from datetime import date

from odoo.tests import tagged

from .common import DebtCollectionCommon


@tagged("post_install", "-at_install", "dc_compliance")
class TestSubjectAccessInHouse(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.collection_agency_mode = False
        cls.invoice = cls._create_invoice(cls.debtor, 180.0, date(2026, 1, 10))
        cls.case = cls._new_case(cls.debtor, cls.invoice)
        cls.case.message_post(body="Debtor asked for a copy of the invoice")
        cls.other = cls._create_invoice(cls.debtor2, 75.0, date(2026, 1, 10))

    def test_manager_without_agency_mode_exports_the_company_own_debts(self):
        manager = self.manager
        self.assertFalse(manager.has_group("debt_collection.group_collection_agency_mode"))
        action = self.debtor.with_user(manager).action_collection_subject_access()
        wizard = (
            self.env[action["res_model"]]
            .with_user(manager)
            .with_context(**action["context"])
            .create({"date_request": date(2026, 3, 31)})
        )
        wizard.action_export()
        data = json.loads(base64.b64decode(wizard.attachment_id.datas))
        self.assertEqual(data["request"]["creditor"], self.company.name)
        self.assertEqual(data["request"]["due"], "2026-04-30")
        self.assertEqual([c["reference"] for c in data["cases"]], [self.case.name])
        self.assertEqual(data["cases"][0]["invoices"][0]["number"], self.invoice.name)
        self.assertEqual(data["cases"][0]["invoices"][0]["amount"], 180.0)
        text = json.dumps(data)
        self.assertIn("copy of the invoice", text)
        self.assertNotIn(self.debtor2.name, text)
        self.assertNotIn("75.0", text)
