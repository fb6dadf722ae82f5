from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install", "dc_security")
class TestInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consultant = new_test_user(
            cls.env, login="dc_consultant", groups="debt_collection.debt_collection_group_user"
        )
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
