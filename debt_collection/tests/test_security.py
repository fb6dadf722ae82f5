"""Tests of access: groups, the action log over RPC, a consultant's buttons."""

from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DebtCollectionCommon
from .rpc import JsonRpcMixin


@tagged("post_install", "-at_install", "dc_security")
class TestCollectionAccess(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor.collection_user_id = cls.consultant
        cls.debtor2.collection_user_id = cls.consultant2
        cls._create_invoice(cls.debtor, 400.0, date(2026, 1, 10), date(2025, 12, 10))
        cls._create_invoice(cls.debtor2, 600.0, date(2026, 1, 10), date(2025, 12, 10))
        # a second company with its own debtor and case
        cls.other = cls.setup_other_company(name="Forniture Lombarde S.r.l.")["company"]
        cls.other_debtor = cls.env["res.partner"].create(
            {"name": "Giuseppe Verdi", "company_id": cls.other.id}
        )
        with freeze_time("2026-01-12 10:00:00"):
            cls._cron_run()
            cls.other_case = cls.Case.create(
                {"partner_id": cls.other_debtor.id, "company_id": cls.other.id}
            )
        cls.case1 = cls.Case.search([("partner_id", "=", cls.debtor.id)])
        cls.case2 = cls.Case.search([("partner_id", "=", cls.debtor2.id)])

    def test_consultant_sees_only_own_cases(self):
        visible = self.Case.with_user(self.consultant).search([])
        self.assertIn(self.case1, visible)
        self.assertNotIn(self.case2, visible)
        with self.assertRaises(AccessError):
            self.case2.with_user(self.consultant).read(["amount_residual"])
        with self.assertRaises(AccessError):
            self.case2.with_user(self.consultant).write({"priority": "3"})

    def test_consultant_sees_only_own_cases_steps(self):
        Action = self.env["debt.collection.action"].with_user(self.consultant)
        self.assertEqual(Action.search([]).case_id, self.case1)

    def test_consultant_cannot_create_or_delete_cases(self):
        with self.assertRaises(AccessError):
            self.Case.with_user(self.consultant).create({"partner_id": self.debtor.id})
        with self.assertRaises(AccessError):
            self.case1.with_user(self.consultant).unlink()

    def test_manager_sees_every_case_of_their_companies_only(self):
        visible = self.Case.with_user(self.manager).search([])
        self.assertTrue((self.case1 | self.case2) <= visible)
        self.assertNotIn(self.other_case, visible)
        with self.assertRaises(AccessError):
            self.other_case.with_user(self.manager).read(["name"])
        # given the second company, the same manager sees it when it is active
        self.manager.company_ids = [Command.link(self.other.id)]
        visible = (
            self.Case.with_user(self.manager)
            .with_context(allowed_company_ids=[self.company.id, self.other.id])
            .search([])
        )
        self.assertIn(self.other_case, visible)

    def test_steps_are_an_audit_trail(self):
        action = self.case1.action_ids[:1]
        self.assertTrue(action)
        # AccessError is a UserError: either way, refused
        for user in (self.consultant, self.manager):
            with self.assertRaises(UserError):
                action.with_user(user).write({"note": "changed"})
            with self.assertRaises(UserError):
                action.with_user(user).unlink()

    def test_consultant_cannot_change_strategies(self):
        stage = self.strategy.stage_ids[:1]
        with self.assertRaises(AccessError):
            stage.with_user(self.consultant).write({"wait_days": 0})
        stage.with_user(self.manager).write({"wait_days": 2})
        self.assertEqual(stage.wait_days, 2)

    def test_outsider_sees_nothing(self):
        employee = new_test_user(self.env, login="dc_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.Case.with_user(employee).search([])


@tagged("post_install", "-at_install", "dc_security")
class TestActionLogOverRpc(JsonRpcMixin, HttpCase):
    """The action log is the engine's memory (a step key makes it skip a step): no client
    may write it, not even a consultant on their own case."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consultant = new_test_user(
            cls.env,
            login="dc_rpc_consultant",
            password="dc_rpc_consultant",
            groups="debt_collection.debt_collection_group_user",
        )
        debtor = cls.env["res.partner"].create({"name": "Deudor RPC"})
        cls.case = cls.env["debt.collection.case"].create(
            {"partner_id": debtor.id, "user_id": cls.consultant.id}
        )
        cls.stage = cls.env.ref("debt_collection.debt_collection_strategy_standard").stage_ids[0]

    def test_consultant_cannot_forge_a_step_over_json_rpc(self):
        self.authenticate("dc_rpc_consultant", "dc_rpc_consultant")
        forged = {
            "case_id": self.case.id,
            "stage_id": self.stage.id,
            "channel": "email",
            "result": "sent",
            "step_key": f"{self.case.id}:{self.stage.id}:email:",
        }
        answer = self._call("debt.collection.action", "create", [forged])
        self.assertIn("error", answer)
        # not even with the context key the engine used to trust
        answer = self._call(
            "debt.collection.action",
            "create",
            [forged],
            {"context": {"debt_collection_log": True, "debt_collection_engine": True}},
        )
        self.assertIn("error", answer)
        self.assertFalse(
            self.env["debt.collection.action"].search([("case_id", "=", self.case.id)])
        )
        # a real step, then an attempt to rewrite it
        action = self.env["debt.collection.action"]._log(dict(forged, step_key=False))
        answer = self._call("debt.collection.action", "write", [action.ids, {"result": "failed"}])
        self.assertIn("error", answer)
        self.assertEqual(action.result, "sent")
        # the log's one entry point is private: not callable over RPC
        answer = self._call("debt.collection.action", "_log", [forged])
        self.assertIn("error", answer)

    def test_consultant_opens_the_invoices_of_their_case(self):
        self.authenticate("dc_rpc_consultant", "dc_rpc_consultant")
        answer = self._call("debt.collection.case", "action_view_invoices", [self.case.ids])
        self.assertNotIn("error", answer, answer)
        self.assertEqual(answer["result"]["res_model"], "account.move")


@tagged("post_install", "-at_install", "dc_security")
class TestConsultantButtons(DebtCollectionCommon):
    """Every button a consultant sees on their open case works for them."""

    def test_every_visible_case_button_works_for_its_consultant(self):
        self.debtor.collection_user_id = self.consultant
        self._create_invoice(self.debtor, 400.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        case = self._case(self.debtor).with_user(self.consultant)
        self.assertEqual(case.user_id, self.consultant)
        arch = case.get_views([(False, "form")])["views"]["form"]["arch"]
        buttons = {
            node.get("name")
            for node in etree.fromstring(arch).iter("button")
            if node.get("type") == "object"
        }
        self.assertIn("action_view_invoices", buttons, "the view is the consultant's")
        self.assertNotIn("action_writeoff", buttons, "managers' buttons are not shown")
        for name in sorted(buttons):
            with self.subTest(button=name), self.env.cr.savepoint() as savepoint:
                result = getattr(case, name)()
                if isinstance(result, dict) and result.get("res_model"):
                    # the window the button opens can be read by the consultant
                    Model = self.env[result["res_model"]].with_user(self.consultant)
                    Model.search(result.get("domain") or [], limit=5).read(["display_name"])
                savepoint.rollback()
