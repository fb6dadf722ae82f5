"""The legal addon's write() override of the case is not skipped by a bulk write."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.debt_collection.models import debt_collection_case_bulk

from .common import LegalCommon, d


@tagged("post_install", "-at_install", "dc_compliance")
class TestCaseBulkWriteLegal(LegalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case_with(
            cls.business, cls._invoice(cls.business, 1000.0, d("2020-01-31"))
        )

    def test_acknowledgment_written_in_bulk_restarts_the_limitation_period(self):
        """A signed acknowledgment of 2024-05-20 restarts the Spanish five years: the debt is
        time-barred on 2029-05-20, not on 2025-01-31 (five years from the due date)."""
        with freeze_time("2024-06-01"):
            self.case._legal_update_prescription()
            self.assertEqual(self.case.collection_date_prescription, d("2025-01-31"))
            with patch.object(
                debt_collection_case_bulk,
                "bulk_update",
                wraps=debt_collection_case_bulk.bulk_update,
            ) as bulk:
                self.case._collection_bulk_write(
                    {self.case.id: {"collection_date_acknowledged": d("2024-05-20")}}
                )
        self.assertFalse(bulk.called, "through write(), where the legal override reacts")
        self.assertEqual(self.case.collection_date_prescription, d("2029-05-20"))
