"""Shared helpers of the agency accounting tests: a debt placed and paid on a given day, and a
January of payments to remit."""

from datetime import date

from freezegun import freeze_time

from odoo import Command

from .agency_common import AgencyCommon


class AgencyAccountingCommon(AgencyCommon):
    def _placed(self, amount, ref, mandate=None, partner=None, due=date(2026, 1, 10)):
        with freeze_time("2026-01-05"):
            return self._place(mandate or self.mandate, partner or self.debtor, amount, ref, due)

    def _paid(self, placement, amount, day="2026-01-20"):
        with freeze_time(day):
            return self._pay_placement(placement, amount, date.fromisoformat(day))

    def _january(self, mandate):
        """1,000.00 paid in full and 250.55 of 600.00 paid in January."""
        first = self._placed(1000.0, "J-1", mandate=mandate)
        second = self._placed(600.0, "J-2", mandate=mandate, partner=self.debtor2)
        self._paid(first, 1000.0, "2026-01-12")
        self._paid(second, 250.55, "2026-01-28")
        return first, second

    def _january_remitted(self, mandate):
        """The payments of ``_january`` on ``mandate``, remitted on 3 February."""
        self._january(mandate)
        return self._remit_january(mandate)

    def _case_with_fees(self, fees, amount, ref, **case_values):
        """A debt of ``amount`` placed by the utility for the first debtor, with ``fees`` (the
        values of each fee) on its mandate, and its case; returns (placement, case)."""
        self.mandate.fee_ids = [Command.create(fee) for fee in fees]
        placement = self._placed(amount, ref)
        case = self.Case.create(
            {
                "partner_id": self.debtor.id,
                "creditor_id": self.utility.id,
                "company_id": self.company.id,
                **case_values,
            }
        )
        placement.move_id.collection_case_id = case
        return placement, case
