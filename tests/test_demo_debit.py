"""The demo's plan paid by direct debit, with one returned debit (setup/demo_debit.py)."""

from datetime import date, timedelta

from setup_scripts import load_setup

from odoo.tests import tagged

from odoo.addons.debt_collection.tests.test_negotiation import NegotiationCommon


@tagged("post_install", "-at_install")
class TestDemoDebit(NegotiationCommon):
    def test_demo_plan_collected_once_then_returned(self):
        self.company.country_id = self.env.ref("base.es")
        case, _invoice = self._open_case(
            self.debtor, 900.0, due=date.today() - timedelta(days=150)
        )
        load_setup("demo_debit").setup_debit_demo(self.env, log=lambda *args: None, commit=False)
        plan = case.plan_ids
        self.assertEqual(plan.payment_method, "debit")
        first, second, third = plan.line_ids.sorted("sequence")
        self.assertEqual(first.debit_state, "collected")
        self.assertEqual(second.debit_state, "returned")
        self.assertIn("AM04", second.debit_return_reason)
        self.assertEqual(plan.state, "breached")
        self.assertEqual(case.amount_recovered, first.amount)
        self.assertIn(third.debit_state, ("scheduled", "notified", "ordered"))
        # running it again changes nothing
        load_setup("demo_debit").setup_debit_demo(self.env, log=lambda *args: None, commit=False)
        self.assertEqual(len(case.plan_ids), 1)
