"""The whole loop across two companies that share no record: the creditor's placement file is
imported by the agency's own import wizard, the agency's remittance XLSX by the creditor."""

import base64
import io
import zipfile
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .agreement_common import AgreementCommon


@tagged("post_install", "-at_install")
class TestAgencyRoundtripLoop(AgreementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the creditor: the test company, in-house, and its agreement (AgreementCommon)
        # the agency: another company with its own partners, taxes and books
        cls.agency_data = cls.setup_other_company(name="Recobros Levante S.L.")
        agency_company = cls.agency_data["company"]
        cls.env.user.company_ids |= agency_company
        cls.agency_env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=agency_company.ids)
        )
        creditor = cls.agency_env["res.partner"].create(
            {"name": "Creditor S.A.", "is_company": True, "company_id": agency_company.id}
        )
        sale21 = cls.agency_data["default_tax_sale"].copy(
            {"name": "VAT 21% (commission)", "amount": 21.0, "amount_type": "percent"}
        )
        cls.mandate = cls.agency_env["debt.collection.mandate"].create(
            {
                "name": "CR-2026",
                "creditor_id": creditor.id,
                "company_id": agency_company.id,
                "date_start": date(2026, 1, 1),
                "debtor_country_id": cls.env.ref("base.es").id,
                "commission_rate": 15.0,
                "commission_tax_ids": [Command.set(sale21.ids)],
                "remittance_mode": "net",
            }
        )
        cls.mandate.action_activate()

    def test_placement_file_and_statement_close_the_loop_to_the_cent(self):
        with freeze_time("2026-02-02 09:00:00"):
            inv1 = self._create_invoice(self.debtor, 1000.00, date(2026, 1, 10))
            inv2 = self._create_invoice(self.debtor, 250.50, date(2026, 1, 10))
            inv3 = self._create_invoice(self.debtor, 99.99, date(2026, 1, 10))
            self._run()
            case = self._case(self.debtor)
            place = (
                self.env["debt.collection.agency.place"]
                .with_context(active_model="debt.collection.case", active_ids=case.ids)
                .create({"agreement_id": self.agreement.id})
            )
            place.action_place()
            placement_csv = zipfile.ZipFile(io.BytesIO(base64.b64decode(place.file))).read(
                "placement.csv"
            )
            # the agency imports the file as it comes, with no mapping
            wizard = self.agency_env["debt.collection.import"].create(
                {
                    "mandate_id": self.mandate.id,
                    "file": base64.b64encode(placement_csv),
                    "file_name": "placement.csv",
                }
            )
            wizard.action_import()
        Placement = self.agency_env["debt.collection.placement"]
        placements = Placement.search([("mandate_id", "=", self.mandate.id)], order="name")
        self.assertEqual(sorted(placements.mapped("amount_placed")), [99.99, 250.50, 1000.00])
        self.assertEqual(set(placements.mapped("name")), {inv1.name, inv2.name, inv3.name})
        # the agency collects 1,000.00 and 99.99 into the client-money bank, then remits
        with freeze_time("2026-02-10 10:00:00"):
            for placement in placements.filtered(lambda p: p.name in (inv1.name, inv3.name)):
                self.agency_env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=placement.move_id.ids
                ).create(
                    {
                        "payment_date": date(2026, 2, 10),
                        "journal_id": self.mandate.bank_journal_id.id,
                    }
                )._create_payments()
        with freeze_time("2026-03-01 10:00:00"):
            remittance = self.agency_env["debt.collection.remittance"].create(
                {
                    "mandate_id": self.mandate.id,
                    "date_from": date(2026, 2, 1),
                    "date_to": date(2026, 2, 28),
                }
            )
            remittance.action_confirm()
            self.assertEqual(remittance.amount_collected, 1099.99)
            self.assertEqual(remittance.amount_commission, 199.65)
            self.assertEqual(remittance.amount_remitted, 900.34)
            xlsx = remittance._make_xlsx_attachment().raw
            # the creditor imports the agency's statement as it comes
            statement = self.env["debt.collection.agency.statement"].create(
                {
                    "agreement_id": self.agreement.id,
                    "file": base64.b64encode(xlsx),
                    "file_name": "statement.xlsx",
                }
            )
            statement.action_import()
        self.assertEqual(statement.state, "booked", statement.line_ids.mapped("error"))
        self.assertEqual(statement.name, remittance.name)
        self.assertEqual(statement.amount_collected, 1099.99)
        self.assertEqual(statement.amount_commission, 165.00)
        self.assertEqual(statement.amount_tax, 34.65)
        self.assertEqual(statement.amount_cost, remittance.amount_commission)
        self.assertEqual(statement.amount_awaited, remittance.amount_remitted)
        self.assertEqual((inv1 | inv3).mapped("amount_residual"), [0.0, 0.0])
        self.assertEqual(inv2.amount_residual, 250.50)
        self.assertEqual(case.state, "agency")

    def test_demo_script_runs_the_loop(self):
        """setup/demo_roundtrip.py, on the test's two companies."""
        import importlib.util
        import sys
        from pathlib import Path

        setup = Path(__file__).resolve().parents[2] / "setup"
        # the setup scripts import each other (demo_jobs)
        if str(setup) not in sys.path:
            sys.path.insert(0, str(setup))
        path = setup / "demo_roundtrip.py"
        spec = importlib.util.spec_from_file_location("demo_roundtrip", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.agreement.unlink()  # the script makes its own
        self.env["res.lang"]._activate_lang("es_ES")  # the demo's creditor is Spanish
        debtors = [self.debtor, self.debtor2, self._debtor("Ana Ruiz", "ana@example.com")]
        with freeze_time("2026-02-02 09:00:00"):
            for index, debtor in enumerate(debtors):
                self._create_invoice(debtor, 100.0 * (index + 1), date(2026, 1, 10))
            self._run()
        with freeze_time("2026-02-20 09:00:00"):
            agreement = module.generate_roundtrip_demo(
                self.env, self.company, self.agency_data["company"], log=lambda *a: None
            )
        statement = agreement.statement_ids
        self.assertEqual(statement.state, "booked", statement.line_ids.mapped("error"))
        self.assertEqual(statement.amount_collected, 100.0)
        self.assertAlmostEqual(statement.amount_awaited, 100.0 - 15.0 - 3.15, places=2)
        self.assertEqual(len(agreement.case_ids), 3)
