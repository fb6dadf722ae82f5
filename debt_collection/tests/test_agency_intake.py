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
