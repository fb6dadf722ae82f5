"""Tests of the installation and of the menus' readable models."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


def _consultant(env, login, *groups):
    """A collection consultant, with these groups besides."""
    groups = ",".join(("debt_collection.debt_collection_group_user", *groups))
    return new_test_user(env, login=login, groups=groups)


@tagged("post_install", "-at_install", "dc_security")
class TestInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consultant = _consultant(cls.env, "dc_consultant")
        cls.manager = new_test_user(
            cls.env, login="dc_manager", groups="debt_collection.debt_collection_group_manager"
        )

    def test_groups_form_a_chain(self):
        user_group = self.env.ref("debt_collection.debt_collection_group_user")
        manager_group = self.env.ref("debt_collection.debt_collection_group_manager")
        self.assertIn(user_group, manager_group.implied_ids)
        self.assertTrue(self.manager.has_group("debt_collection.debt_collection_group_user"))
        self.assertFalse(
            self.consultant.has_group("debt_collection.debt_collection_group_manager")
        )

    def test_collection_menu_visible_to_consultant(self):
        root = self.env.ref("debt_collection.debt_collection_menu_root")
        menus = self.env["ir.ui.menu"].with_user(self.consultant)._visible_menu_ids()
        self.assertIn(root.id, menus)
        self.assertIn(self.env.ref("debt_collection.debt_collection_case_menu").id, menus)

    def test_consultant_cannot_reach_configuration(self):
        config = self.env.ref("debt_collection.debt_collection_menu_config")
        menus = self.env["ir.ui.menu"].with_user(self.consultant)._visible_menu_ids()
        self.assertNotIn(config.id, menus)
        manager_menus = self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        self.assertIn(config.id, manager_menus)
        with self.assertRaises(AccessError):
            self.env["debt.collection.strategy"].with_user(self.consultant).create(
                {"name": "Mine"}
            )

    def test_default_ladder_shipped(self):
        strategy = self.env.ref("debt_collection.debt_collection_strategy_standard")
        self.assertEqual(
            strategy.stage_ids.mapped("action_type"),
            ["email", "letter", "call", "letter", "visit", "legal", "end"],
        )


@tagged("post_install", "-at_install", "dc_security")
class TestMenusLeadToReadableModels(TransactionCase):
    """Every Collection menu a user sees opens a list they may read (no "Access Error")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consultant = _consultant(cls.env, "dc_menu_consultant", "base.group_partner_manager")
        cls.accountant_consultant = _consultant(
            cls.env, "dc_menu_accountant", "account.group_account_readonly"
        )

    def _collection_menus(self, user):
        root = self.env.ref("debt_collection.debt_collection_menu_root")
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        menus = self.env["ir.ui.menu"].browse(visible)
        return menus.filtered(lambda m: m.parent_path.startswith(f"{root.id}/"))

    def _assert_menus_readable(self, user):
        menus = self._collection_menus(user)
        self.assertTrue(menus)
        for menu in menus.filtered("action"):
            action = menu.action
            if action._name != "ir.actions.act_window":
                continue
            with self.subTest(menu=menu.complete_name, model=action.res_model):
                self.env[action.res_model].with_user(user).check_access("read")

    def test_consultant_menus_open(self):
        self.assertFalse(self.consultant.has_group("account.group_account_readonly"))
        self._assert_menus_readable(self.consultant)
        visible = self._collection_menus(self.consultant)
        for xmlid in (
            "debt_collection.debt_collection_import_batch_menu",
            "debt_collection.debt_collection_remittance_menu",
            "debt_collection.debt_collection_remittance_line_menu",
        ):
            self.assertNotIn(self.env.ref(xmlid), visible)
        # the Agency menu stays, with what a consultant may read (mandates, placed debts)
        self.assertIn(self.env.ref("debt_collection.debt_collection_mandate_menu"), visible)

    def test_accounting_readonly_consultant_sees_remittances(self):
        self._assert_menus_readable(self.accountant_consultant)
        visible = self._collection_menus(self.accountant_consultant)
        self.assertIn(self.env.ref("debt_collection.debt_collection_remittance_menu"), visible)
        self.assertIn(
            self.env.ref("debt_collection.debt_collection_remittance_line_menu"), visible
        )
        self.assertNotIn(
            self.env.ref("debt_collection.debt_collection_import_batch_menu"), visible
        )
