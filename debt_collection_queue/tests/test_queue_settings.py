"""The parts of the nightly run in the collection settings."""

from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CollectionQueueCommon


@tagged("post_install", "-at_install", "dc_security")
class TestQueueSettings(CollectionQueueCommon):
    def _form_fields(self, model):
        arch = model.get_views([(False, "form")])["views"]["form"]["arch"]
        return etree.fromstring(arch).xpath("//field/@name")

    def test_parts_between_0_and_64(self):
        self.assertEqual(self.company.collection_run_parts, 0, "the crons by default")
        for value in (-1, 65):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.company.collection_run_parts = value
        self.company.collection_run_parts = 64
        self.assertEqual(self.company.collection_run_parts, 64)

    def test_the_refusal_reads_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["debt_collection_queue"], ["es_ES"])
        with self.assertRaisesRegex(ValidationError, "partes de la ejecución nocturna"):
            self.company.with_context(lang="es_ES").collection_run_parts = 100

    def test_manager_sets_the_parts_in_the_collection_settings(self):
        Settings = self.env["debt.collection.settings"].with_user(self.manager)
        self.assertIn("collection_run_parts", self._form_fields(Settings))
        Settings.create({"company_id": self.company.id, "collection_run_parts": 4}).action_save()
        self.assertEqual(self.company.collection_run_parts, 4)
        with self.assertRaises(ValidationError):
            Settings.create({"company_id": self.company.id, "collection_run_parts": 65})

    def test_consultant_cannot_set_the_parts(self):
        with self.assertRaises(AccessError):
            self.env["debt.collection.settings"].with_user(self.consultant).create(
                {"company_id": self.company.id, "collection_run_parts": 4}
            )
        self.assertEqual(self.company.collection_run_parts, 0)

    def test_administrator_sets_the_parts_in_settings(self):
        admin = self.env.ref("base.user_admin")
        Settings = self.env["res.config.settings"].with_user(admin)
        self.assertIn("collection_run_parts", self._form_fields(Settings))
        Settings.create({"collection_run_parts": 2}).execute()
        self.assertEqual(admin.company_id.collection_run_parts, 2)

    def test_the_setting_reads_in_spanish_and_italian(self):
        for lang, label in (("es_ES", "Partes de la ejecución nocturna"), ("it_IT", "Parti dell")):
            with self.subTest(lang=lang):
                self.env["res.lang"]._activate_lang(lang)
                self.env["ir.module.module"]._load_module_terms(["debt_collection_queue"], [lang])
                admin = self.env.ref("base.user_admin")
                arch = (
                    self.env["res.config.settings"]
                    .with_user(admin)
                    .with_context(lang=lang)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                self.assertIn(label, arch)
                Settings = self.env["debt.collection.settings"].with_context(lang=lang)
                self.assertIn(
                    label,
                    Settings._fields["collection_run_parts"].get_description(Settings.env)[
                        "string"
                    ],
                )
