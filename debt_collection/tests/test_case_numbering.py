"""Tests of case numbering per company."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCaseNumbering(TransactionCase):
    """Each company numbers its cases with a prefix its team reads in its own language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Case = cls.env["debt.collection.case"]
        cls.Sequence = cls.env["ir.sequence"]

    def _company(self, name, country=None, lang=None):
        company = self.env["res.company"].create(
            {"name": name, "country_id": country and self.env.ref(f"base.{country}").id}
        )
        if lang:
            self.env["res.lang"]._activate_lang(lang)
            company.partner_id.lang = lang
        return company

    def _sequences(self, company):
        return self.Sequence.search(
            [("code", "=", "debt.collection.case"), ("company_id", "=", company.id)]
        )

    def test_italian_company_numbers_its_cases_pra(self):
        company = self._company("Forniture Test S.r.l.", "it")
        self.assertFalse(self._sequences(company), "made when first needed")
        debtor = self.env["res.partner"].create({"name": "Mario Bianchi"})
        case = self.Case.create({"partner_id": debtor.id, "company_id": company.id})
        self.assertRegex(case.name, r"^PRA/\d{4}/00001$")
        names = self.Case._next_case_names(company, 2)
        self.assertEqual([name[-5:] for name in names], ["00002", "00003"])
        self.assertEqual(len(self._sequences(company)), 1, "one sequence per company")

    def test_prefix_follows_the_companys_language_then_country(self):
        cases = {
            ("Suministros Test S.L.", "es", None): "COB/",
            ("Cobranzas Test S.A. de C.V.", "mx", None): "COB/",
            ("Recouvrement Test SAS", "fr", None): "COL/",
            ("Test GmbH", None, None): "COL/",
            ("Recupero Crediti Test", "ch", "it_IT"): "PRA/",
        }
        for (name, country, lang), prefix in cases.items():
            with self.subTest(company=name):
                company = self._company(name, country, lang)
                self.assertTrue(self.Case._next_case_names(company, 1)[0].startswith(prefix))

    def test_spanish_company_goes_on_from_the_shared_numbers(self):
        """Cases numbered by the shared COB/ sequence keep their numbers: no clash."""
        shared = self.env.ref("debt_collection.ir_sequence_debt_collection_case")
        taken = shared._next()
        company = self._company("Levante Test S.L.", "es")
        first = self.Case._next_case_names(company, 1)[0]
        self.assertGreater(int(first.rsplit("/", 1)[1]), int(taken.rsplit("/", 1)[1]))
