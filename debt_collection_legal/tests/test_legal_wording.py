"""Tests of the legal addon's Spanish and Italian wording (issue 24)."""

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import find_in_path

from .common import LegalCommon, d, pdf_text


@tagged("post_install", "-at_install")
class TestLegalWording(LegalCommon):
    """What a Spanish or Italian team and company read from the legal addon (issue 24)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("es_ES", "it_IT"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["debt_collection", "debt_collection_legal"], ["es_ES", "it_IT"]
        )
        cls.invoice = cls._invoice(cls.business, 1000.0, d("2024-03-31"))
        cls.case = cls._case_with(cls.business, cls.invoice)

    def test_deadline_activity_in_the_companys_language_with_its_date_format(self):
        """The cron (the cron user writes English) wrote "...passed unpaid on 2025-04-17"."""
        self.company.partner_id.lang = "es_ES"
        self.company.collection_legal_manager_id = self.manager
        with freeze_time("2025-04-02"):
            notice = self._delivered_notice(self.case, d("2025-03-31"), d("2025-04-02"))
        with freeze_time("2025-04-18"):
            self.env["debt.collection.legal.notice"].with_context(
                lang="en_US"
            )._cron_check_deadlines()
        decision = self._legal_decisions(self.case)
        self.assertEqual(
            decision.summary,
            f"El plazo del requerimiento legal {notice.name} venció sin pago el 17/04/2025: "
            "entregue el expediente a juicio o dé la deuda de baja por incobrable.",
        )

    def test_prescription_date_label_fits_a_date_to_come(self):
        """ "Prescrita el 12/11/2031" said a debt to be time-barred in five years."""
        for lang, label in (("es_ES", "Fecha de prescripción"), ("it_IT", "Data di prescrizione")):
            with self.subTest(lang=lang):
                fields = (
                    self.env["debt.collection.case"]
                    .with_context(lang=lang)
                    .fields_get(["collection_date_prescription"], ["string"])
                )
                self.assertEqual(fields["collection_date_prescription"]["string"], label)

    @freeze_time("2025-03-31")
    def test_notice_to_a_company_is_in_the_plural(self):
        if not find_in_path("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed")
        # the creditor holding the account is a company whose name ends in a period
        self.company.partner_id.name = "Suministros Levante S.L."
        expected = {
            "es_ES": (
                "Estimados señores:",
                ("Con esta carta requerimos formalmente su pago", "Les rogamos que paguen"),
                ("Estimado/a", "le requerimos", "Si ya ha pagado"),
            ),
            "it_IT": (
                "Spettabile Società,",
                ("Vi invitiamo a pagare", "Se avete già pagato"),
                ("Gentile", "Se ha già pagato"),
            ),
        }
        for lang, (salutation, plural, singular) in expected.items():
            with self.subTest(lang=lang):
                self.business.lang = lang
                notice = self._notice(self.case, d("2025-03-31"))
                pdf, _type = (
                    self.env["ir.actions.report"]
                    .with_context(force_report_rendering=True)
                    ._render_qweb_pdf(
                        "debt_collection_legal.action_report_legal_notice", notice.ids
                    )
                )
                text = pdf_text(pdf)
                self.assertIn(salutation, text)
                for phrase in plural:
                    self.assertIn(phrase, text)
                for phrase in singular:
                    self.assertNotIn(phrase, text)
                self.assertIn("Suministros Levante S.L.", text)
                self.assertNotIn("S.L..", text)
