"""The run's bulk write of cases: one statement where no write() override is concerned."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.debt_collection.models import debt_collection_case_bulk

from .common import DebtCollectionCommon


@tagged("post_install", "-at_install", "dc_reliability")
class TestCaseBulkWrite(DebtCollectionCommon):
    """``_collection_bulk_write`` writes the run's step fields in one UPDATE and sends fields
    that a ``write()`` override watches through ``write()``, so that none is skipped."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_invoice(cls.debtor, 500.0, date(2026, 1, 5))
        cls._create_invoice(cls.debtor2, 300.0, date(2026, 1, 5))
        with freeze_time("2026-01-12 10:00:00"):
            cls.env["debt.collection.intake"]._open_cases(cls.company, date(2026, 1, 12))
        cls.cases = cls.Case.search([("partner_id", "in", (cls.debtor | cls.debtor2).ids)])
        cls.stages = cls.strategy.stage_ids.sorted("sequence")

    def _bulk_write(self, vals_by_id):
        with patch.object(
            debt_collection_case_bulk, "bulk_update", wraps=debt_collection_case_bulk.bulk_update
        ) as bulk:
            self.Case._collection_bulk_write(vals_by_id)
        return bulk.call_count

    def test_run_step_fields_go_in_one_statement(self):
        self.assertEqual(len(self.cases), 2)
        vals = {
            "stage_id": self.stages[0].id,
            "next_stage_id": self.stages[1].id,
            "next_action_date": date(2026, 1, 20),
            "hold_reason": False,
            "hold_until": False,
        }
        self.assertEqual(self._bulk_write({case.id: dict(vals) for case in self.cases}), 1)
        self.assertEqual(self.cases.mapped("next_stage_id"), self.stages[1])
        self.assertEqual(set(self.cases.mapped("next_action_date")), {date(2026, 1, 20)})

    def test_closing_cases_in_bulk_renews_the_debtors_links(self):
        """Closing goes through write(): the debtor's old link stops working (PO-7)."""
        tokens = {case.id: case.access_token for case in self.cases}
        self.assertEqual(self._bulk_write({case.id: {"state": "paid"} for case in self.cases}), 0)
        self.assertEqual(set(self.cases.mapped("state")), {"paid"})
        for case in self.cases:
            self.assertNotEqual(case.access_token, tokens[case.id])

    def test_a_new_step_without_its_hold_releases_the_hold(self):
        """Moving the next step without writing the hold goes through write(), which ends
        the wait for the debtor's hours."""
        self.cases.write({"hold_until": "2026-01-13 08:00:00"})
        self.assertEqual(
            self._bulk_write(
                {case.id: {"next_action_date": date(2026, 1, 25)} for case in self.cases}
            ),
            0,
        )
        self.assertFalse(any(self.cases.mapped("hold_until")))
