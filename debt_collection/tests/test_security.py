from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import DebtCollectionCommon


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
            cls.Case.with_user(cls.env.ref("base.user_root"))._cron_run()
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
