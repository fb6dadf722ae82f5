"""The demo's creditor logs in to a portfolio with a plan waiting for it (setup/demo_portal.py)."""

from setup_scripts import load_setup

from odoo.tests import tagged

from odoo.addons.debt_collection.tests.agency_common import AgencyCommon


@tagged("post_install", "-at_install")
class TestDemoCreditor(AgencyCommon):
    def test_creditor_login_sees_a_plan_waiting_for_its_approval(self):
        demo = load_setup("demo_portal")
        self.assertEqual(self.utility.name, demo.DEMO_CREDITOR_NAME)
        placement = self._place(self.mandate, self.debtor, 1200.0, "AT-DEMO-1")
        case = self.Case.create(
            {
                "partner_id": self.debtor.id,
                "creditor_id": self.utility.id,
                "company_id": self.company.id,
                "user_id": self.consultant.id,
            }
        )
        placement.move_id.collection_case_id = case
        user = demo.make_demo_creditor(self.env, log=lambda *args: None)
        self.assertEqual(user.login, "creditor")
        self.assertTrue(user.has_group("base.group_portal"))
        self.assertEqual(user.partner_id.commercial_partner_id, self.utility)
        creditor = self.env["res.partner"].with_user(user)._portal_get_creditor()
        self.assertEqual(creditor, self.utility)
        plan = creditor._portal_plans_to_approve()
        self.assertEqual(plan.case_id, case)
        self.assertEqual(len(plan.line_ids), 18)
        self.assertAlmostEqual(plan.amount_total, 960.0)
        # a second call changes nothing
        self.assertEqual(demo.make_demo_creditor(self.env, log=lambda *args: None), user)
        self.assertEqual(len(creditor._portal_plans_to_approve()), 1)
