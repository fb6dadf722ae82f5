"""Issue 23: the demo's users hold the rights the README gives them (setup/generate_portfolio.py,
setup/demo_backoffice.py): admin is Collection Manager of every demo company, consultants hold
no Accounting group."""

from setup_scripts import load_setup

from odoo import Command
from odoo.tests import tagged

from odoo.addons.debt_collection.tests.common import DebtCollectionCommon


@tagged("post_install", "-at_install", "dc_security")
class TestDemoUsers(DebtCollectionCommon):
    def test_admin_is_in_every_demo_company(self):
        milan = self.setup_other_company(name="Forniture Lombarde S.r.l.")["company"]
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [Command.set(self.env.ref("base.main_company").ids)]})
        load_setup("generate_portfolio")._admin_in_every_company(self.env, self.company | milan)
        self.assertLessEqual(self.company | milan, admin.company_ids)
        self.assertEqual(admin.company_id, self.company)
        self.assertTrue(admin.has_group("base.group_multi_company"))
        self.assertTrue(admin.has_group("debt_collection.debt_collection_group_manager"))

    def test_demo_consultants_hold_no_accounting_group(self):
        lucia = self._collection_user("lucia_demo", "user")
        lucia.groups_id += self.env.ref("account.group_account_manager")
        load_setup("demo_backoffice").configure_users(self.env)
        self.assertTrue(lucia.has_group("debt_collection.debt_collection_group_user"))
        self.assertTrue(lucia.has_group("base.group_partner_manager"))
        for group in (
            "account.group_account_readonly",
            "account.group_account_invoice",
            "account.group_account_manager",
        ):
            self.assertFalse(lucia.has_group(group), group)
