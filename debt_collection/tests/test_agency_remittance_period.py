"""Tests of the remittance period proposed by New Remittance (issue 24)."""

import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .agency_common import AgencyCommon


@tagged("post_install", "-at_install")
class TestNewRemittancePeriod(AgencyCommon):
    """New Remittance proposed an empty January, then an empty February, each left as an empty
    draft, and refused a month not ended with ISO dates (issue 24)."""

    def _new(self, **values):
        action = self.mandate.with_user(self.manager).action_new_remittance()
        self.assertEqual(action["res_model"], "debt.collection.remittance.wizard")
        Wizard = self.env[action["res_model"]].with_user(self.manager)
        return Wizard.with_context(**action["context"]).create(values)

    def _remittances(self):
        return self.env["debt.collection.remittance"].search(
            [("mandate_id", "=", self.mandate.id)]
        )

    def test_empty_periods_are_part_of_the_next_remittance(self):
        with freeze_time("2026-01-05"):
            placement = self._place(self.mandate, self.debtor, 500.0, "UT-1")
        self._pay_placement(placement, 200.0, date(2026, 3, 10))
        with freeze_time("2026-04-15"):
            wizard = self._new()
            self.assertEqual(
                (wizard.date_from, wizard.date_to),
                (date(2026, 1, 1), date(2026, 3, 31)),
                "every month ended since the mandate started, not January alone",
            )
            action = wizard.action_confirm()
        remittance = self._remittances()
        self.assertEqual(action["res_id"], remittance.id)
        self.assertEqual(
            (remittance.date_from, remittance.date_to), (date(2026, 1, 1), date(2026, 3, 31))
        )
        self.assertEqual(remittance.amount_collected, 200.0)
        # the period the creditor reads on its invoice and statement, not ISO
        self.assertEqual(
            remittance._commission_label(), "Collection commission 01/01/2026 - 03/31/2026"
        )
        Statement = self.env["report.debt_collection.report_remittance_statement"]
        sheet = openpyxl.load_workbook(io.BytesIO(Statement._render_xlsx(remittance))).active
        self.assertEqual(sheet["B3"].value, "01/01/2026 - 03/31/2026")

    def test_a_period_with_nothing_makes_no_remittance_and_says_so(self):
        with freeze_time("2026-02-10"):
            wizard = self._new()
            self.assertEqual(
                (wizard.date_from, wizard.date_to), (date(2026, 1, 1), date(2026, 1, 31))
            )
            with self.assertRaisesRegex(
                UserError,
                r"Nothing was collected or charged for Aguas del Turia S\.A\. from 01/01/2026 to "
                r"01/31/2026: no remittance was made\.",
            ):
                wizard.action_confirm()
        self.assertFalse(self._remittances(), "no empty draft left behind")

    def test_the_manager_chooses_the_period_and_a_period_not_ended_is_refused(self):
        with freeze_time("2026-01-05"):
            placement = self._place(self.mandate, self.debtor, 500.0, "UT-1")
        self._pay_placement(placement, 120.0, date(2026, 2, 10))
        with freeze_time("2026-03-20"):
            wizard = self._new(date_from=date(2026, 2, 1), date_to=date(2026, 3, 31))
            with self.assertRaisesRegex(UserError, r"ends on 03/31/2026, which is not over yet"):
                wizard.action_confirm()
            wizard.date_to = date(2026, 2, 28)
            wizard.action_confirm()
        remittance = self._remittances()
        self.assertEqual(
            (remittance.date_from, remittance.date_to), (date(2026, 2, 1), date(2026, 2, 28))
        )
        self.assertEqual(remittance.amount_collected, 120.0)
