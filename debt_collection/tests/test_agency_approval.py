"""Who approves a plan above the settlement authority: the one rule of
``debt.collection.plan._collection_approval_route``, the same for the back office and the
portals (in-house: a Collection Manager; agency: the creditor)."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import tagged

from .agency_common import AgencyCommon


@tagged("post_install", "-at_install")
class TestAgencyApproval(AgencyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mandate.write({"max_discount": 5.0, "max_instalments": 3})
        placement = cls._place(cls.mandate, cls.debtor, 1000.0, "AP-1")
        cls.agency_case = cls._case_of(placement.move_id, cls.utility)
        invoice = cls._create_invoice(cls.debtor2, 1000.0, date(2026, 1, 10))
        cls.house_case = cls._case_of(invoice, False)

    @classmethod
    def _case_of(cls, invoice, creditor):
        case = cls.env["debt.collection.case"].create(
            {
                "partner_id": invoice.partner_id.id,
                "creditor_id": creditor and creditor.id,
                "company_id": cls.company.id,
                "user_id": cls.consultant.id,
            }
        )
        invoice.collection_case_id = case
        return case

    def _plan(self, case, total, count=2, user=None):
        first = date.today() + timedelta(days=7)
        return (
            self.env["debt.collection.plan"]
            .with_user(user or self.consultant)
            .create(
                {
                    "case_id": case.id,
                    "amount_due": 1000.0,
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

    def test_within_the_authority_nobody_approves(self):
        plan = self._plan(self.agency_case, 960.0)  # 4 % of the mandate's 5 %
        self.assertFalse(plan._collection_approval_route())
        plan.action_confirm()
        self.assertEqual(plan.state, "running")

    def test_above_the_mandate_the_creditor_approves_even_a_managers_plan(self):
        for user in (self.consultant, self.manager):
            with self.subTest(user=user.login):
                plan = self._plan(self.agency_case, 900.0, user=user)  # 10 % discount
                self.assertEqual(plan.approval_route, "creditor")
                plan.action_confirm()
                self.assertRecordValues(plan, [{"state": "to_approve", "approval_by": "creditor"}])
                # a name ending in a period (S.A.) gets no second one
                creditor = self.agency_case.creditor_id.name
                self.assertIn(
                    f"waits for the approval of the creditor ({creditor}).</p>",
                    " ".join(str(m.body) for m in plan.message_ids),
                )
                self.assertFalse(plan.activity_ids)  # no manager is asked
                plan.with_user(self.manager).action_reject()

    def test_above_the_company_settings_a_manager_approves_in_house(self):
        plan = self._plan(self.house_case, 800.0)  # 20 % above the default 10 %
        self.assertEqual(plan.approval_route, "manager")
        plan.action_confirm()
        self.assertRecordValues(plan, [{"state": "to_approve", "approval_by": "manager"}])
        self.assertTrue(plan.activity_ids)
        manager_plan = self._plan(self.house_case, 800.0, user=self.manager)
        manager_plan.with_user(self.manager).action_confirm()
        self.assertEqual(manager_plan.state, "running")

    def test_manager_records_an_approval_the_creditor_gave_otherwise(self):
        plan = self._plan(self.agency_case, 900.0)
        plan.action_confirm()
        plan.with_user(self.manager).action_approve()
        self.assertEqual(plan.state, "running")
        self.assertTrue(any("approval was recorded by" in m.body for m in plan.message_ids))
