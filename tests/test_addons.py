"""The three addons, installed together: their groups form one chain in one category."""

from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install", "dc_security")
class TestSuiteInstalled(TransactionCase):
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
