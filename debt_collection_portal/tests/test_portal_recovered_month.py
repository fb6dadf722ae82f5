"""Tests of one definition of recovered in the month for the creditor's pages."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .portfolio_common import PortfolioCommon


@tagged("post_install", "-at_install")
class TestRecoveredInTheMonth(PortfolioCommon):
    """One definition of "recovered in the month" for the creditor's page, its remittance and
    its monthly statement: what the month's remittance accounts for."""

    def _pay_january_and_february(self):
        placement = self.env["debt.collection.placement"].search(
            [("move_id", "=", self.case_b.invoice_ids.id)]
        )
        with freeze_time("2026-02-05"):
            # a transfer of 30 January, reconciled after January was remitted: February's
            self._pay_placement(placement, 40.0, date(2026, 1, 30))
        with freeze_time("2026-02-10"):
            self._pay_placement(placement, 50.0, date(2026, 2, 10))
        with freeze_time("2026-02-12"):
            placement._report_direct_payment(30.0, date(2026, 2, 12))
        with freeze_time("2026-03-03"):
            february = self._remit(self.mandate, date(2026, 2, 1), date(2026, 2, 28))
        return february

    def test_page_remittance_and_monthly_statement_agree(self):
        february = self._pay_january_and_february()
        # by hand: January 600.00 paid; February 40.00 + 50.00 collected + 30.00 direct
        self.assertEqual(february.amount_collected + february.amount_direct, 120.0)
        self.assertEqual(self.remittance.amount_collected + self.remittance.amount_direct, 600.0)
        page = {
            row["month"]: row["amount"]
            for row in self.utility.with_user(self.creditor_user)._portal_recovered_by_month(
                months=3, today=date(2026, 3, 5)
            )
        }
        self.assertEqual(page[date(2026, 2, 1)], 120.0)
        self.assertEqual(page[date(2026, 1, 1)], 600.0)
        Statement = self.env["debt.collection.creditor.statement"]
        for month, amount in ((date(2026, 2, 1), 120.0), (date(2026, 1, 1), 600.0)):
            values = Statement._statement_values(self.company, self.utility, month)
            self.assertEqual(values["recovered_month"], amount)

    def test_statement_total_recovered_adds_up_the_months(self):
        """The statement's Recovered (up to the month's end) is the months' recovered added
        up, direct payments included: never below the month's."""
        self._pay_january_and_february()
        Statement = self.env["debt.collection.creditor.statement"]
        january = Statement._statement_values(self.company, self.utility, date(2026, 1, 1))
        february = Statement._statement_values(self.company, self.utility, date(2026, 2, 1))
        # by hand: January 600.00; February 40.00 + 50.00 collected + 30.00 direct = 120.00
        self.assertEqual(january["recovered"], 600.0)
        self.assertEqual(february["recovered_month"], 120.0)
        self.assertEqual(february["recovered"], 720.0)
