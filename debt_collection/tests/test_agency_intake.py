"""Tests of intake in agency mode: the mandate's ladder and consultants."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .agency_common import AgencyCommon


@tagged("post_install", "-at_install")
class TestAgencyIntake(AgencyCommon):
    def test_placed_debts_open_one_case_per_creditor_with_the_mandates_choices(self):
        business = self.env.ref("debt_collection.debt_collection_strategy_standard").copy(
            {"name": "Utility ladder", "sequence": 99}
        )
        self.mandate.strategy_id = business
        with freeze_time("2026-01-05"):
            own = self._create_invoice(self.debtor, 90.0, date(2025, 12, 1))
            utility = self._place(self.mandate, self.debtor, 500.0, "IN-1", date(2025, 12, 1))
            telecom = self._place(self.mandate2, self.debtor, 300.0, "IN-2", date(2025, 12, 1))
        self.assertEqual(utility.move_id.collection_creditor_id, self.utility)
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        cases = self.Case.search([("partner_id", "=", self.debtor.id)])
        by_creditor = {case.creditor_id: case for case in cases}
        self.assertEqual(len(cases), 3)
        self.assertEqual(by_creditor[self.utility].invoice_ids, utility.move_id)
        self.assertEqual(by_creditor[self.telecom].invoice_ids, telecom.move_id)
        in_house = cases.filtered(lambda c: not c.mandate_id)
        self.assertEqual(in_house.invoice_ids, own)
        self.assertEqual(by_creditor[self.utility].mandate_id, self.mandate)
        self.assertEqual(by_creditor[self.utility].strategy_id, business)
        self.assertEqual(by_creditor[self.utility].user_id, self.consultant)
        self.assertEqual(by_creditor[self.telecom].user_id, self.consultant2)

    def _placed_debtors(self, count):
        debtors = self.env["res.partner"]
        with freeze_time("2026-01-05"):
            for index in range(count):
                debtor = self._debtor(f"Placed Debtor {index}", f"placed{index}@example.com")
                self._place(self.mandate, debtor, 100.0 + index, f"WL-{index}", date(2025, 12, 1))
                debtors |= debtor
        return debtors

    def test_mandate_cases_go_to_its_least_loaded_consultant(self):
        """Two consultants on a mandate: new cases by workload, not by debtor id."""
        self.mandate.user_ids = self.consultant | self.consultant2
        for index in range(2):
            self.Case.create(
                {
                    "partner_id": self._debtor(f"Busy {index}", f"busy{index}@example.com").id,
                    "company_id": self.company.id,
                    "user_id": self.consultant.id,
                    "date_open": date(2026, 1, 2),
                }
            )
        debtors = self._placed_debtors(4)
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        new = self.Case.search([("partner_id", "in", debtors.ids)])
        self.assertEqual(len(new), 4)
        self.assertEqual(set(new.user_id), {self.consultant, self.consultant2})
        self.assertEqual(len(new.filtered(lambda c: c.user_id == self.consultant2)), 3)
        self.assertEqual(
            len(new.filtered(lambda c: c.user_id == self.consultant)),
            1,
            "2 open cases this morning + 1 new = 3 each",
        )

    def test_debtors_own_consultant_keeps_them_if_on_the_mandate(self):
        self.mandate.user_ids = self.consultant | self.consultant2
        debtors = self._placed_debtors(3)
        debtors.collection_user_id = self.consultant
        outsider = self.env["res.users"].search(
            [("id", "not in", (self.consultant | self.consultant2).ids), ("share", "=", False)],
            limit=1,
        )
        debtors[2].collection_user_id = outsider
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        cases = {c.partner_id: c for c in self.Case.search([("partner_id", "in", debtors.ids)])}
        self.assertEqual(cases[debtors[0]].user_id, self.consultant)
        self.assertEqual(cases[debtors[1]].user_id, self.consultant)
        self.assertIn(
            cases[debtors[2]].user_id,
            self.consultant | self.consultant2,
            "a consultant not on the mandate never gets its cases",
        )

    def test_two_workers_assign_the_mandates_cases_as_one(self):
        self.mandate.user_ids = self.consultant | self.consultant2
        debtors = self._placed_debtors(7)
        Run = self.env["debt.collection.run"].with_user(self.env.ref("base.user_root"))

        def assignments(parts):
            with freeze_time("2026-01-12 10:00:00"):
                for part in range(parts):
                    Run._cron_run(part=part, parts=parts)
            return {
                case.partner_id.id: case.user_id.id
                for case in self.Case.search([("partner_id", "in", debtors.ids)])
            }

        savepoint = self.env.cr.savepoint()
        one = assignments(1)
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        two = assignments(2)
        self.assertEqual(len(one), 7)
        self.assertEqual(one, two)
        counts = sorted(list(one.values()).count(uid) for uid in set(one.values()))
        self.assertEqual(counts, [3, 4])
