"""The demo gives Lucía a queue that makes sense at a glance (setup/demo_workspace.py)."""

from datetime import date, timedelta

from setup_scripts import load_setup

from odoo.tests import tagged

from odoo.addons.debt_collection.tests.common import DebtCollectionCommon


@tagged("post_install", "-at_install")
class TestDemoWorkspace(DebtCollectionCommon):
    def test_lucia_finds_every_kind_of_work_in_her_queue(self):
        lucia = self._collection_user("lucia", "user")
        today = date.today()
        for index in range(18):
            partner = self._debtor(f"Deudor {index}", f"deudor{index}@example.com")
            invoice = self._create_invoice(
                partner, 300.0 + 100 * index, today - timedelta(days=40 + index)
            )
            case = self.Case.create(
                {
                    "partner_id": partner.id,
                    "strategy_id": self.strategy.id,
                    "stage_id": self.strategy.stage_ids[:1].id,
                    "user_id": lucia.id,
                }
            )
            invoice.collection_case_id = case
        demo = load_setup("demo_workspace")
        demo.setup_workspace_demo(self.env, log=lambda *a: None)
        demo.setup_workspace_demo(self.env, log=lambda *a: None)  # idempotent
        self.env.flush_all()
        Queue = self.env["debt.collection.queue"].with_user(lucia)
        rows = Queue.search(Queue._get_own_domain())
        reasons = " / ".join(rows.mapped("reason"))
        for reason in (
            "Call due",
            "Visit due",
            "Promise due",
            "Broken promise: decide",
            "Promise partly kept: decide",
            "Debtor wrote",
            "Dispute",
            "Verify contact data",
        ):
            self.assertIn(reason, reasons)
        self.assertEqual(len(rows), 15)
        self.assertEqual(rows.mapped("score"), sorted(rows.mapped("score"), reverse=True))
        # a promise's figures come from the books: what it says was paid was paid
        decided = self.env["debt.collection.promise"].search(
            [("case_id", "in", rows.case_id.ids), ("state", "in", ("kept", "partial"))]
        )
        self.assertTrue(decided)
        for promise in decided:
            self.assertTrue(promise.amount_paid)
            self.assertEqual(promise.amount_paid, promise.case_id.amount_recovered)
        visits = rows.filtered("visit_due")._visit_route()
        self.assertEqual([city for city, _zip, _rows in visits], ["Valencia"] * 3)
