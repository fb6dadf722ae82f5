"""Tests of the collection settings and their page."""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import DebtCollectionCommon, company_user


@tagged("post_install", "-at_install", "dc_security")
class TestCollectionSettings(DebtCollectionCommon):
    """Collection Managers set their companies' collection settings, and only those."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Collections S.L."})
        cls.Settings = cls.env["debt.collection.settings"]

    def test_manager_opens_and_saves_the_collection_settings(self):
        settings = self.Settings.with_user(self.manager)
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.manager)
            ._for_xml_id("debt_collection.debt_collection_settings_action")
        )
        self.assertEqual(action["res_model"], "debt.collection.settings")
        settings.get_views([(False, "form")])
        values = settings.default_get(list(settings._fields))
        self.assertEqual(values["company_id"], self.company.id)
        journal = self.company_data["default_journal_misc"]
        wizard = settings.create(
            {
                "company_id": self.company.id,
                "collection_contact_cap": 5,
                "collection_promise_horizon_days": 45,
                "collection_writeoff_account_id": self.company_data["default_account_expense"].id,
                "collection_journal_id": journal.id,
            }
        )
        self.assertEqual(wizard.collection_contact_cap, 5)
        result = wizard.action_save()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(self.company.collection_contact_cap, 5)
        self.assertEqual(self.company.collection_promise_horizon_days, 45)
        self.assertEqual(self.company.collection_journal_id, journal)
        wizard.write({"collection_plan_max_instalments": 18})
        self.assertEqual(self.company.collection_plan_max_instalments, 18)

    def test_manager_cannot_change_another_companys_settings(self):
        with self.assertRaises(AccessError):
            self.Settings.with_user(self.manager).create(
                {"company_id": self.other_company.id, "collection_contact_cap": 9}
            )
        wizard = self.Settings.with_user(self.manager).create({"company_id": self.company.id})
        with self.assertRaises(AccessError):
            wizard.write({"company_id": self.other_company.id, "collection_contact_cap": 9})
        self.assertEqual(self.other_company.collection_contact_cap, 3, "unchanged")

    def test_consultant_cannot_change_settings(self):
        with self.assertRaises(AccessError):
            self.Settings.with_user(self.consultant).create(
                {"company_id": self.company.id, "collection_contact_cap": 9}
            )
        self.assertEqual(self.company.collection_contact_cap, 10, "unchanged")

    def test_manager_gets_no_other_setting(self):
        """Odoo's own settings stay an administrator's: only the collection ones open up."""
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.manager).create({})
        self.assertFalse(self.manager.has_group("base.group_system"))
        self.assertFalse(self.manager.has_group("base.group_erp_manager"))

    def test_every_collection_setting_reaches_managers(self):
        """A setting added to Settings > Collection must be in the managers' form too, but
        agency mode: it changes the users' groups, an administrator's decision."""
        admin_fields = {
            name
            for name in self.env["res.config.settings"]._fields
            if name.startswith("collection_") and name != "collection_agency_mode"
        }
        self.assertTrue(admin_fields)
        self.assertLessEqual(admin_fields, set(self.Settings._fields))


@tagged("post_install", "-at_install", "dc_security")
class TestCollectionSettingsPage(HttpCase):
    def test_manager_saves_settings_in_the_browser(self):
        company = self.env.company
        company_user(
            self.env, "carmen_test", "debt_collection.debt_collection_group_manager", company
        )
        self.start_tour(
            "/odoo/action-debt_collection.debt_collection_settings_action",
            "debt_collection_manager_settings",
            login="carmen_test",
        )
        self.assertEqual(company.collection_contact_cap, 4)
