"""Tests of the letters' Spanish and Italian wording (issue 24)."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import config, find_in_path

from .common import DebtCollectionCommon
from .test_letters import pdf_text

IBAN = "ES9121000418450200051332"
# as printed: base_iban (an OCA banking dependency) writes it in groups of four
IBAN_SHOWN = "ES91 2100 0418 4502 0005 1332"


@tagged("post_install", "-at_install")
class TestLetterWording(DebtCollectionCommon):
    """What a Spanish or Italian company reads in its letters (issue 24): addressed as a
    company, in the plural, the deadline said once, no stray periods, the words right."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_languages("es_ES", "it_IT")
        # the holder of the account the letters give is a company whose name ends in a period
        cls.company.partner_id.name = "Suministros Levante S.L."
        cls.env["res.partner.bank"].create(
            {"acc_number": IBAN, "partner_id": cls.company.partner_id.id}
        )
        cls.talleres = cls._debtor(
            "Talleres Ibérica S.L.U.", "pagos@talleres.example", is_company=True, lang="es_ES"
        )
        cls.alpina = cls._debtor(
            "Costruzioni Alpina S.r.l.",
            "amministrazione@alpina.example",
            is_company=True,
            lang="it_IT",
        )
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )

    def setUp(self):
        super().setUp()
        if not find_in_path("pdftotext"):
            self.skipTest("poppler-utils (pdftotext) is not installed")

    def _pdf(self, report, records):
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        return pdf_text(pdf)

    def _letters(self, partner, amount):
        """The first and the second letter's text, as the debtor reads them."""
        self._create_invoice(partner, amount, date(2026, 1, 10), date(2025, 12, 10))
        # a company's ladder: reminder, call, formal demand, final demand (standard: the
        # reminder, the first letter, a call, the second letter); a day that has nothing
        # due changes nothing
        days = ["2026-01-12", "2026-01-17", "2026-01-22", "2026-01-27"]
        for day in days:
            with freeze_time(f"{day} 10:00:00"):
                self._run()
        case = self._case(partner)
        self.assertEqual(case._get_letter_tone(), "first")
        first = self._pdf("debt_collection.action_report_collection_letter", case)
        for day in ("2026-01-29", "2026-02-06", "2026-02-08"):
            with freeze_time(f"{day} 10:00:00"):
                self._run()
        self.assertEqual(case._get_letter_tone(), "second")
        second = self._pdf("debt_collection.action_report_collection_letter", case)
        return case, first, second

    def test_spanish_company_is_addressed_as_estimados_senores_in_the_plural(self):
        case, first, second = self._letters(self.talleres, 523.0)
        for text in (first, second):
            self.assertIn("Estimados señores:", text)
            self.assertNotIn("Estimado/a", text)
            self.assertIn("pónganse en contacto con nosotros", text)
            self.assertNotIn("Si tiene dificultades", text)
            self.assertIn(f" a {IBAN_SHOWN}", text, "a space before the account")
        self.assertIn("les agradeceríamos que las abonaran", first)
        self.assertIn("antes del 06/02/2026", first)
        self.assertIn("Les pedimos amable pero firmemente que las abonen", second)
        self.assertNotIn(" le ", f"{first} {second}".lower(), "no singular 'le' for a company")

        plan = self.env["debt.collection.plan"].create(
            {"case_id": case.id, "amount_due": 523.0, "amount_total": 523.0}
        )
        agreement = self._pdf("debt_collection.action_report_collection_plan", plan)
        self.assertIn(f"a la cuenta {IBAN_SHOWN}", agreement)
        self.assertIn("Suministros Levante S.L. Si una cuota", agreement)
        self.assertNotIn("S.L..", agreement)

    def test_italian_company_is_addressed_as_spettabile_in_the_plural(self):
        _case, first, second = self._letters(self.alpina, 523.0)
        for text in (first, second):
            self.assertIn("Spettabile Società,", text)
            self.assertNotIn("Gentile", text)
            self.assertIn("Vi preghiamo di contattarci", text)
            self.assertIn("cinquecentoventitré", text)
        self.assertIn("Vi saremmo grati se voleste saldarle entro il 06/02/2026", first)
        self.assertIn(
            "Vi chiediamo cortesemente ma con fermezza di saldarle entro il 16/02/2026", second
        )
        for text in (first, second):
            # not "entro otto giorni, entro il 16/02/2026"
            self.assertNotRegex(text, r"entro \w+ giorni", "the deadline said once")

    def _cover_email(self, partner):
        """The e-mail that carries a letter, in the debtor's language."""
        self._create_invoice(partner, 200.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        case = self._case(partner)
        template = self.env.ref("debt_collection.mail_template_collection_letter")
        return template._render_field("body_html", case.ids, compute_lang=True)[case.id]

    def test_letter_cover_email_addresses_a_company_as_the_letters_do(self):
        """Not "Gentile Costruzioni Alpina S.r.l., ... sulla Sua posizione"."""
        italian = self._cover_email(self.alpina)
        self.assertIn("Spettabile Costruzioni Alpina S.r.l.,", italian)
        self.assertIn("Vi inviamo in allegato", italian)
        self.assertIn("sulla Vostra posizione", italian)
        self.assertNotIn("Gentile", italian)
        self.assertNotIn("Sua", italian)
        spanish = self._cover_email(self.talleres)
        self.assertIn("Estimados señores:", spanish)
        self.assertIn("la cuenta de su empresa", spanish)
        self.assertNotIn("Estimado/a", spanish)
        self.debtor.lang = "it_IT"
        person = self._cover_email(self.debtor)
        self.assertIn("Gentile Lucía Fernández García,", person)
        self.assertIn("sulla Sua posizione", person)

    def test_a_person_keeps_the_singular(self):
        self.debtor.lang = "es_ES"
        _case, first, second = self._letters(self.debtor, 100.0)
        self.assertIn("Estimado/a Lucía Fernández García", first)
        self.assertIn("le agradeceríamos que las abonara", first)
        self.assertIn("Le pedimos amable pero firmemente", second)
