"""Tests of what the case screens show a consultant."""

from lxml import etree

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DebtCollectionCommon


@tagged("post_install", "-at_install")
class TestCaseViews(DebtCollectionCommon):
    """What a consultant reads on the screens: names, labels, the company of a card."""

    def _case(self, partner):
        return self.Case.create(
            {
                "partner_id": partner.id,
                "company_id": self.company.id,
                "user_id": self.consultant.id,
            }
        )

    def _arch(self, model, view_type, user):
        views = self.env[model].with_user(user).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_case_is_named_with_its_debtor(self):
        case = self._case(self.debtor)
        self.assertEqual(case.display_name, f"{case.name} - Lucía Fernández García")
        found = self.Case.name_search("Fernández")
        self.assertIn(case.id, [case_id for case_id, _name in found])
        activity = case.activity_schedule(
            "debt_collection.mail_activity_type_collection_call", user_id=self.consultant.id
        )
        self.assertIn("Lucía Fernández García", activity.res_name, "the activity list names him")

    def test_credit_notes_label_in_the_users_language(self):
        """The Italian case form read "Credit Notes": the label was missing from the .pot, so
        its translations were never loaded."""
        for code, label in (("it_IT", "Note di credito"), ("es_ES", "Notas de crédito")):
            self.env["res.lang"]._activate_lang(code)
            self.env["ir.module.module"]._load_module_terms(["debt_collection"], [code])
            described = self.Case.with_context(lang=code).fields_get(
                ["amount_credited"], ["string", "help"]
            )["amount_credited"]
            self.assertEqual(described["string"], label)
            self.assertNotIn("Credit notes (and other entries", described["help"])

    def test_kanban_card_shows_the_company_to_who_sees_two(self):
        other = self.env["res.company"].create({"name": "Forniture Test S.r.l."})
        self.manager.company_ids = [Command.link(other.id)]
        self.assertTrue(self.manager.has_group("base.group_multi_company"))
        arch = self._arch("debt.collection.case", "kanban", self.manager)
        self.assertTrue(arch.xpath("//templates//field[@name='company_id']"))
        arch = self._arch("debt.collection.case", "kanban", self.consultant)
        self.assertFalse(
            arch.xpath("//templates//field[@name='company_id']"), "one company: no noise"
        )

    def test_invoice_amounts_are_labelled_plainly(self):
        arch = self._arch("debt.collection.case", "form", self.consultant)
        # in the list and in the read-only form a consultant opens (issue 23)
        for view in ("list", "form"):
            (field,) = arch.xpath(
                f"//field[@name='invoice_ids']/{view}//field[@name='amount_residual_signed']"
            )
            self.assertEqual(field.get("string"), "Amount Due")
            (field,) = arch.xpath(
                f"//field[@name='invoice_ids']/{view}//field[@name='amount_total_signed']"
            )
            self.assertEqual(field.get("string"), "Total")


@tagged("post_install", "-at_install")
class TestStrategyBrokenPromises(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rules = cls.env["debt.collection.strategy"].create({"name": "Rules"})

    def _accepts(self, broken):
        return self.rules._matches(100.0, False, broken, self.env["res.partner"])

    def test_no_limit_by_default(self):
        self.assertFalse(self.rules.limit_broken_promises)
        self.assertTrue(self._accepts(0))
        self.assertTrue(self._accepts(7), "no limit: any number of broken promises")

    def test_limit_of_zero_means_never_broken(self):
        self.rules.write({"limit_broken_promises": True, "max_broken_promises": 0})
        self.assertTrue(self._accepts(0))
        self.assertFalse(self._accepts(1))

    def test_negative_number_refused(self):
        with self.assertRaises(ValidationError):
            self.rules.write({"limit_broken_promises": True, "max_broken_promises": -1})
