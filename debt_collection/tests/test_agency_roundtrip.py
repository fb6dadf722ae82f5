"""In-house company → external agency → statement back: placement, ladder hold, recall, booking."""

import base64
import io
import zipfile
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .agreement_common import AgreementCommon


@tagged("post_install", "-at_install")
class TestAgencyRoundtrip(AgreementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agency.email = "ops@recobros.example"

    def _placed_case(self):
        """Three invoices of one debtor (1,000.00, 250.50, 99.99), their case placed."""
        with freeze_time("2026-02-02 09:00:00"):
            self.inv1 = self._create_invoice(self.debtor, 1000.00, date(2026, 1, 10))
            self.inv2 = self._create_invoice(self.debtor, 250.50, date(2026, 1, 10))
            self.inv3 = self._create_invoice(self.debtor, 99.99, date(2026, 1, 10))
            self._run()
            case = self._case(self.debtor)
            self.assertEqual(len(case), 1)
            self.assertEqual(case.invoice_ids, self.inv1 | self.inv2 | self.inv3)
            self.state_before = case.state
            wizard = (
                self.env["debt.collection.agency.place"]
                .with_user(self.manager)
                .with_context(active_model="debt.collection.case", active_ids=case.ids)
                .create({"agreement_id": self.agreement.id})
            )
            wizard.action_place()
        return case, wizard

    def _statement(self, content, file_name="statement.csv", **values):
        return self.env["debt.collection.agency.statement"].create(
            {
                "agreement_id": self.agreement.id,
                "file": base64.b64encode(content),
                "file_name": file_name,
                "date": date(2026, 3, 1),
                **values,
            }
        )

    def _csv(self, *rows):
        lines = ["Invoice Number;Collected;Commission;VAT;Fee"]
        lines += [";".join(row) for row in rows]
        return "\n".join(lines).encode()

    def test_placement_file_holds_the_case_for_the_agency(self):
        case, wizard = self._placed_case()
        self.assertEqual(case.state, "agency")
        self.assertEqual(case.external_agency_id, self.agency)
        self.assertEqual(case.external_date_placed, date(2026, 2, 2))
        self.assertEqual(
            (self.inv1 | self.inv2 | self.inv3).collection_agreement_id, self.agreement
        )
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.file)))
        rows = archive.read("placement.csv").decode().splitlines()
        self.assertEqual(
            rows[0],
            "Debtor;Tax ID;Country;Street;Street 2;Zip;City;Phone;Mobile;Email;Invoice Number;"
            "Invoice Date;Due Date;Amount Due;Currency;Description",
        )
        self.assertEqual(len(rows), 4)
        self.assertIn(f";{self.inv2.name};2026-01-10;2026-01-10;250.50;", rows[2])
        # every header is one our agency-mode import recognises with no mapping
        from ..tools.portfolio_parsing import guess_field

        self.assertTrue(all(guess_field(title) for title in rows[0].split(";")))
        # the ladder no longer acts on it: no step of the run while placed
        steps = len(case.action_ids)
        with freeze_time("2026-02-20 09:00:00"):
            self._run()
        self.assertEqual(len(case.action_ids), steps)
        self.assertEqual(case.state, "agency")

    def test_recall_puts_the_case_back_where_it_was(self):
        case, _wizard = self._placed_case()
        stage = case.stage_id
        recall = (
            self.env["debt.collection.agency.recall"]
            .with_user(self.manager)
            .with_context(active_model="debt.collection.case", active_ids=case.ids)
            .create({"invoice_ids": [Command.set(self.inv2.ids)]})
        )
        recall.action_recall()
        self.assertEqual(case.state, "agency", "two invoices are still placed")
        self.assertFalse(self.inv2.collection_agreement_id)
        self.assertIn(self.inv2.name, base64.b64decode(recall.file).decode())
        recall = (
            self.env["debt.collection.agency.recall"]
            .with_user(self.manager)
            .with_context(active_model="debt.collection.case", active_ids=case.ids)
            .create({})
        )
        recall.action_recall()
        self.assertEqual(case.state, self.state_before)
        self.assertEqual(case.stage_id, stage)
        self.assertFalse(case.external_agency_id)

    def test_net_statement_books_the_hand_worked_figures(self):
        """1,000.00 + 99.99 collected, 15 % + 21 % VAT, net: 1,099.99 settled, bill 165.00 +
        34.65 = 199.65, 900.34 due from the agency, 250.50 still due and placed."""
        case, _wizard = self._placed_case()
        statement = self._statement(
            self._csv(
                (self.inv1.name, "1000.00", "150.00", "31.50", "0"),
                (self.inv3.name, "99.99", "15.00", "3.15", "0"),
            )
        )
        statement.with_user(self.manager).action_import()
        self.assertEqual(statement.state, "booked", statement.line_ids.mapped("error"))
        self.assertEqual(statement.amount_collected, 1099.99)
        self.assertEqual(statement.bill_id.amount_untaxed, 165.00)
        self.assertEqual(statement.bill_id.amount_tax, 34.65)
        self.assertEqual(statement.bill_id.amount_total, 199.65)
        self.assertEqual(statement.bill_id.partner_id, self.agency)
        self.assertEqual(statement.amount_awaited, 900.34)
        self.assertEqual(self.inv1.amount_residual, 0.0)
        self.assertEqual(self.inv3.amount_residual, 0.0)
        self.assertEqual(self.inv2.amount_residual, 250.50)
        self.assertEqual(self.inv2.collection_agreement_id, self.agreement)
        self.assertEqual(case.amount_residual, 250.50)
        self.assertEqual(case.state, "agency")
        transit = self.agreement.transit_account_id
        lines = self.env["account.move.line"].search(
            [("account_id", "=", transit.id), ("parent_state", "=", "posted")]
        )
        self.assertAlmostEqual(sum(lines.mapped("balance")), 900.34, places=2)
        self.assertEqual(statement.bill_id.amount_residual, 0.0, "kept out of the collection")
        # the KPIs by agency: 1,350.49 placed, 1,099.99 recovered (81.45 %) for 165.00 (15.00)
        Kpi = self.env["debt.collection.agency.kpi"]
        [[placed, recovered, rate, cost, ratio]] = Kpi._read_group(
            [("collector", "=", "agency"), ("agency_id", "=", self.agency.id)],
            [],
            [
                "amount_placed:sum",
                "amount_recovered:sum",
                "recovery_rate:sum",
                "cost:sum",
                "cost_ratio:sum",
            ],
        )
        self.assertEqual((placed, recovered, cost), (1350.49, 1099.99, 165.00))
        self.assertEqual((float(rate), float(ratio)), (81.45, 15.00))
        self.assertTrue(
            Kpi.search_count([("collector", "=", "inhouse"), ("case_id", "=", case.id)])
        )
        # re-importing books nothing twice
        moves = self.env["account.move"].search_count([])
        statement.action_import()
        twin = self._statement(
            self._csv(
                (self.inv1.name, "1000.00", "150.00", "31.50", "0"),
                (self.inv3.name, "99.99", "15.00", "3.15", "0"),
            )
        )
        with self.assertRaises(UserError):
            twin.action_import()
        self.assertEqual(self.env["account.move"].search_count([]), moves)

    def test_bad_lines_are_reported_and_nothing_is_booked(self):
        self._placed_case()
        other = self._create_invoice(self.debtor2, 80.0, date(2026, 1, 10))
        statement = self._statement(
            self._csv(
                (self.inv1.name, "1000.00", "150.00", "31.50", "0"),
                (self.inv2.name, "300.00", "45.00", "9.45", "0"),
                (other.name, "80.00", "12.00", "2.52", "0"),
            )
        )
        moves = self.env["account.move"].search_count([])
        statement.action_import()
        self.assertEqual(statement.state, "error")
        self.assertEqual(statement.error_count, 2)
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(self.inv1.amount_residual, 1000.00)
        # or only the good lines, if the user says so
        statement.valid_only = True
        statement.action_import()
        self.assertEqual(statement.state, "booked")
        self.assertEqual(self.inv1.amount_residual, 0.0)
        self.assertEqual(self.inv2.amount_residual, 250.50)
        self.assertEqual(statement.bill_id.amount_total, 181.50)

    def test_direct_payment_is_told_to_the_agency_and_its_commission_booked(self):
        self._placed_case()
        with freeze_time("2026-02-10 10:00:00"):
            self._pay(self.inv2, 250.50, date(2026, 2, 10))
        self.agreement.write(
            {
                "file_format": "profile",
                "column_profile": "Paid to the Creditor = Pagado al acreedor",
            }
        )
        action = self.agreement.with_user(self.manager).action_send_update()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        rows = attachment.raw.decode().splitlines()
        self.assertEqual(rows[0], "Invoice Number;Debtor;Pagado al acreedor;Amount Due")
        self.assertEqual(rows[1].split(";")[0::2], [self.inv2.name, "250.50"])
        self.assertFalse(self.inv2.collection_agreement_id, "paid: no longer placed")
        with self.assertRaises(UserError):
            self.agreement.action_send_update()  # told once
        # the agency's commission on it comes on its statement, as a direct line
        # 15 % of 250.50 = 37.575 → 37.58, + 21 % VAT 7.89 = 45.47, if the agreement says so
        statement = self._statement(self._csv((self.inv2.name, "0", "37.58", "7.89", "0")))
        statement.action_import()
        self.assertEqual(statement.state, "error")
        self.agreement.commission_on_direct = True
        statement.action_import()
        self.assertEqual(statement.state, "booked")
        self.assertEqual(statement.bill_id.amount_total, 45.47)
        self.assertEqual(statement.amount_awaited, 0.0)
        self.assertFalse(statement.collection_move_id)

    def test_only_managers_place_and_companies_stay_apart(self):
        with freeze_time("2026-02-02 09:00:00"):
            self._create_invoice(self.debtor, 100.0, date(2026, 1, 10))
            self._run()
        case = self._case(self.debtor)
        wizard = (
            self.env["debt.collection.agency.place"]
            .with_user(self.consultant)
            .with_context(active_model="debt.collection.case", active_ids=case.ids)
        )
        with self.assertRaises(AccessError):  # no access right on the wizard
            wizard.create({"agreement_id": self.agreement.id}).action_place()
        self.assertNotEqual(case.state, "agency")
        other = self.setup_other_company(name="Other Creditor")["company"]
        self.manager.company_ids |= other
        Agreement = self.env["debt.collection.agency.agreement"].with_user(self.manager)
        self.assertEqual(
            Agreement.with_context(allowed_company_ids=other.ids).search([]),
            Agreement.browse(),
        )
        self.assertEqual(
            self.env["debt.collection.agency.agreement"].with_user(self.consultant).search([]),
            self.agreement,
        )

    def test_a_ladder_step_places_the_case(self):
        """A strategy whose next step is "Place with Agency": the run places the case."""
        with freeze_time("2026-02-02 09:00:00"):
            invoice = self._create_invoice(self.debtor, 500.0, date(2026, 1, 10))
            self._run()
        case = self._case(self.debtor)
        stage = self.env["debt.collection.stage"].create(
            {
                "name": "Hand to the agency",
                "strategy_id": case.strategy_id.id,
                "action_type": "agency",
                "agency_agreement_id": self.agreement.id,
                "sequence": 1000,
                "wait_days": 0,
            }
        )
        case.write({"next_stage_id": stage.id, "next_action_date": date(2026, 2, 3)})
        with freeze_time("2026-02-03 09:00:00"):
            self._run()
        self.assertEqual(case.state, "agency")
        self.assertEqual(invoice.collection_agreement_id, self.agreement)
        step = case.action_ids.filtered(lambda a: a.channel == "agency")
        self.assertEqual(step.result, "sent")
        self.assertTrue(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", self.agreement._name), ("res_id", "=", self.agreement.id)]
            )
        )
