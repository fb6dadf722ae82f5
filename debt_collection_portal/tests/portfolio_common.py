"""Test fixture: the agency's portfolios and a portal user per creditor and one debtor."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command

from odoo.addons.debt_collection.tests.agency_common import AgencyCommon

from .common import new_portal_user


class PortfolioCommon(AgencyCommon):
    """The agency of ``AgencyCommon`` with a portfolio for each creditor, a portal user for
    each creditor (a contact of the creditor company) and one for a debtor.

    The utility (mandate up to 5 % discount and 3 instalments): two cases, 1,000.00 (600.00 of
    it paid in January) and 400.00; January is remitted. A plan of the first case settles the
    400.00 still due for 300.00 in 4 instalments: above the mandate, it waits for the utility.
    The telecom: one case of 700.00, its January (200.00 paid) remitted.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mandate.write({"max_discount": 5.0, "max_instalments": 3})
        with freeze_time("2026-01-05"):
            placed = [
                cls._place(cls.mandate, cls.debtor, 1000.0, "AT-0001"),
                cls._place(cls.mandate, cls.debtor2, 400.0, "AT-0002"),
                cls._place(cls.mandate2, cls.debtor, 700.0, "TL-0001"),
            ]
            cls.case_a, cls.case_b, cls.case_t = (
                cls._agency_case(placement) for placement in placed
            )
        with freeze_time("2026-01-20"):
            cls._pay_placement(placed[0], 600.0, date(2026, 1, 20))
            cls._pay_placement(placed[2], 200.0, date(2026, 1, 20))
        with freeze_time("2026-02-03"):
            cls.remittance, cls.remittance_t = cls.env["debt.collection.remittance"].create(
                [
                    {
                        "mandate_id": mandate.id,
                        "date_from": date(2026, 1, 1),
                        "date_to": date(2026, 1, 31),
                    }
                    for mandate in (cls.mandate, cls.mandate2)
                ]
            )
            (cls.remittance | cls.remittance_t).action_confirm()
        cls.utility_contact = cls.env["res.partner"].create(
            {"name": "Ana Turia", "parent_id": cls.utility.id, "email": "ana@turia.example"}
        )
        cls.telecom_contact = cls.env["res.partner"].create(
            {"name": "Toni Levante", "parent_id": cls.telecom.id, "email": "toni@tl.example"}
        )
        cls.creditor_user = cls._portal_user("dc_creditor", cls.utility_contact)
        cls.creditor2_user = cls._portal_user("dc_creditor2", cls.telecom_contact)
        cls.debtor_user = cls._portal_user("dc_debtor", cls.debtor)
        cls.plan = cls._plan_to_approve(cls.case_a)

    @classmethod
    def _agency_case(cls, placement):
        case = cls.env["debt.collection.case"].create(
            {
                "partner_id": placement.partner_id.id,
                "creditor_id": placement.mandate_id.creditor_id.id,
                "company_id": cls.company.id,
                "strategy_id": cls.strategy.id,
                "stage_id": cls.strategy.stage_ids[:1].id,
                "user_id": placement.mandate_id.user_ids[:1].id,
            }
        )
        placement.move_id.collection_case_id = case
        return case

    @classmethod
    def _portal_user(cls, login, partner):
        return new_portal_user(cls.env, login, partner, cls.company)

    @classmethod
    def _plan_to_approve(cls, case, total=300.0, count=4):
        """A plan of ``case`` above its mandate's authority, confirmed by its consultant."""
        first = date.today() + timedelta(days=10)
        plan = (
            cls.env["debt.collection.plan"]
            .with_user(case.user_id)
            .create(
                {
                    "case_id": case.id,
                    "amount_due": case.amount_residual,
                    "amount_total": total,
                    "line_ids": [
                        Command.create(
                            {"date_due": first + timedelta(days=30 * n), "amount": total / count}
                        )
                        for n in range(count)
                    ],
                }
            )
        )
        plan.action_confirm()
        return plan.sudo()
