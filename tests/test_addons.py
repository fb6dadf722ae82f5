"""The three addons, installed together: groups, menus and the legal hook are in place."""

from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install", "dc_security")
class TestSuiteInstalled(TransactionCase):
    def test_all_three_addons_installed(self):
        modules = self.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ["debt_collection", "debt_collection_portal", "debt_collection_legal"],
                )
            ]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 3)

    def test_legal_group_is_a_collection_user(self):
        lawyer = new_test_user(
            self.env,
            login="dc_lawyer",
            groups="debt_collection_legal.debt_collection_legal_group_user",
        )
        self.assertTrue(lawyer.has_group("debt_collection.debt_collection_group_user"))
        self.assertFalse(lawyer.has_group("debt_collection.debt_collection_group_manager"))

    def test_collection_groups_share_one_category(self):
        category = self.env.ref("debt_collection.module_category_debt_collection")
        groups = self.env["res.groups"].search([("category_id", "=", category.id)])
        self.assertTrue(
            {
                "debt_collection.debt_collection_group_user",
                "debt_collection.debt_collection_group_manager",
                "debt_collection_legal.debt_collection_legal_group_user",
            }
            <= set(groups.get_external_id().values())
        )

    def test_top_menu_collection(self):
        root = self.env.ref("debt_collection.debt_collection_menu_root")
        self.assertEqual(root.with_context(lang="en_US").name, "Collection")
        self.assertFalse(root.parent_id)
