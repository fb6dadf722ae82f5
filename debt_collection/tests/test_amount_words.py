"""Tests of amounts in words, and the documents that print them."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from ..tools import amount_to_words
from .common import DebtCollectionCommon

# The amounts of issue 10, written out by hand as a Spanish, Mexican and Italian reader expects
# them on a letter: apocope before the noun, "de"/"di" after a round million, the currency's
# own cents, lower case.
AMOUNTS = [1, 21, 100, 101, 301, 1000, 1001, 21000, 100000, 1000000, 2000000]
AMOUNTS += [0.50, 1.01, 21.21, 1234567.89]
SPANISH_EUR = [
    "un euro",
    "veintiún euros",
    "cien euros",
    "ciento un euros",
    "trescientos un euros",
    "mil euros",
    "mil un euros",
    "veintiún mil euros",
    "cien mil euros",
    "un millón de euros",
    "dos millones de euros",
    "cincuenta céntimos",
    "un euro con un céntimo",
    "veintiún euros con veintiún céntimos",
    (
        "un millón doscientos treinta y cuatro mil quinientos sesenta y siete euros"
        " con ochenta y nueve céntimos"
    ),
]
MEXICAN_MXN = [
    "un peso",
    "veintiún pesos",
    "cien pesos",
    "ciento un pesos",
    "trescientos un pesos",
    "mil pesos",
    "mil un pesos",
    "veintiún mil pesos",
    "cien mil pesos",
    "un millón de pesos",
    "dos millones de pesos",
    "cincuenta centavos",
    "un peso con un centavo",
    "veintiún pesos con veintiún centavos",
    (
        "un millón doscientos treinta y cuatro mil quinientos sesenta y siete pesos"
        " con ochenta y nueve centavos"
    ),
]
ITALIAN_EUR = [
    "un euro",
    "ventuno euro",
    "cento euro",
    "centouno euro",
    "trecentouno euro",
    "mille euro",
    "milleuno euro",
    "ventunomila euro",
    "centomila euro",
    "un milione di euro",
    "due milioni di euro",
    "cinquanta centesimi",
    "un euro e un centesimo",
    "ventuno euro e ventuno centesimi",
    "un milione e duecentotrentaquattromilacinquecentosessantasette euro e ottantanove centesimi",
]


@tagged("post_install", "-at_install", "dc_compliance")
class TestAmountToWords(TransactionCase):
    def assertTable(self, currency, lang, expected):
        self.assertEqual(len(expected), len(AMOUNTS))
        for amount, words in zip(AMOUNTS, expected, strict=True):
            with self.subTest(amount=amount, lang=lang):
                self.assertEqual(amount_to_words(amount, currency, lang), words)

    def test_spanish_euros_with_apocope_and_centimos(self):
        self.assertTable("EUR", "es_ES", SPANISH_EUR)

    def test_mexican_pesos_with_centavos(self):
        self.assertTable("MXN", "es_MX", MEXICAN_MXN)

    def test_italian_euros_with_centesimi(self):
        self.assertTable("EUR", "it_IT", ITALIAN_EUR)

    def test_currency_record_gives_the_same_words_as_its_code(self):
        eur, mxn = self.env.ref("base.EUR"), self.env.ref("base.MXN")
        self.assertTable(eur, "es_ES", SPANISH_EUR)
        self.assertTable(mxn, "es_MX", MEXICAN_MXN)
        self.assertTable(eur, "it_IT", ITALIAN_EUR)

    def test_units_follow_the_currency_not_the_country(self):
        # euro cents are céntimos in Mexico too; pesos keep their centavos in Spain
        self.assertEqual(amount_to_words(0.40, "EUR", "es_MX"), "cuarenta céntimos")
        self.assertEqual(amount_to_words(0.40, "MXN", "es_ES"), "cuarenta centavos")
        self.assertEqual(
            amount_to_words(301.40, "COP", "es_419"), MEXICAN_MXN[4] + " con cuarenta centavos"
        )
        self.assertEqual(amount_to_words(21.01, "USD", "es_ES"), "veintiún dólares con un centavo")

    def test_no_capital_letters(self):
        # Odoo's amount_to_text writes "Setenta Y Tres Euros Y Setenta Y Tres Centavos"
        self.assertEqual(
            amount_to_words(73.73, "EUR", "es_ES"),
            "setenta y tres euros con setenta y tres céntimos",
        )
        self.assertEqual(
            amount_to_words(73.73, "EUR", "it_IT"), "settantatré euro e settantatré centesimi"
        )

    def test_italian_compounds_ending_in_tre_take_the_accent(self):
        # num2words accents "ventitré" yet writes "cinquecentoventitre" (issue 24)
        for amount, words in [
            (3, "tre euro"),
            (23, "ventitré euro"),
            (103, "centotré euro"),
            (523, "cinquecentoventitré euro"),
            (2023, "duemilaventitré euro"),
            (23000, "ventitremila euro"),
            (1000003, "un milione e tre euro"),
            (523.23, "cinquecentoventitré euro e ventitré centesimi"),
        ]:
            with self.subTest(amount=amount):
                self.assertEqual(amount_to_words(amount, "EUR", "it_IT"), words)

    def test_english_and_unknown_languages(self):
        self.assertEqual(
            amount_to_words(301.40, "EUR", "en_US"), "three hundred and one euros and forty cents"
        )
        self.assertEqual(amount_to_words(1.01, "USD", "en_GB"), "one dollar and one cent")
        self.assertEqual(amount_to_words(2000000, "EUR", "en_US"), "two million euros")
        # a language without checked unit names falls back to English, as does no language
        self.assertEqual(amount_to_words(21, "EUR", "fr_FR"), "twenty-one euros")
        self.assertEqual(amount_to_words(21, "EUR", False), "twenty-one euros")

    def test_rounding_zero_negative_and_currencies_without_cents(self):
        self.assertEqual(amount_to_words(0, "EUR", "es_ES"), "cero euros")
        self.assertEqual(amount_to_words(0, "EUR", "it_IT"), "zero euro")
        self.assertEqual(amount_to_words(2.999, "EUR", "es_ES"), "tres euros")
        self.assertEqual(amount_to_words(0.005, "EUR", "es_ES"), "un céntimo")
        self.assertEqual(
            amount_to_words(-5.5, "EUR", "es_ES"), "menos cinco euros con cincuenta céntimos"
        )
        self.assertEqual(amount_to_words(21000.4, "CLP", "es_CL"), "veintiún mil pesos")
        self.assertEqual(
            amount_to_words(21000.4, self.env.ref("base.CLP"), "es_CL"), "veintiún mil pesos"
        )
        self.assertEqual(amount_to_words(21000000, "EUR", "es_ES"), "veintiún millones de euros")
        self.assertEqual(amount_to_words(21000000, "EUR", "it_IT"), "ventuno milioni di euro")

    def test_currency_outside_the_table_uses_its_odoo_labels(self):
        self.assertEqual(
            amount_to_words(21.5, "SEK", "es_ES"), "veintiún SEK con cincuenta céntimos"
        )
        sek = self.env.ref("base.SEK")
        label = sek.currency_unit_label.lower()
        self.assertEqual(amount_to_words(2, sek, "en_US"), f"two {label}")


@tagged("post_install", "-at_install", "dc_compliance")
class TestDocumentsWriteAmountsInWords(DebtCollectionCommon):
    """The letter and the instalment agreement print the total through amount_to_words."""

    def _render(self, xmlid, records):
        report = self.env.ref(xmlid)
        html = self.env["ir.actions.report"]._render_qweb_html(report.report_name, records.ids)
        return html[0].decode()

    @freeze_time("2026-01-12 10:00:00")
    def test_letter_and_agreement_print_the_amount_in_the_debtors_words(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.company.currency_id = self.env.ref("base.EUR")
        self.debtor.lang = "es_ES"
        self._create_invoice(self.debtor, 301.40, date(2026, 1, 10), date(2025, 12, 10))
        self._run()
        case = self._case(self.debtor)
        self.assertEqual(case.currency_id.name, "EUR")

        words = "trescientos un euros con cuarenta céntimos"
        self.assertEqual(case._get_letter_amount_words(), words)
        self.assertIn(words, self._render("debt_collection.action_report_collection_letter", case))

        plan = self.env["debt.collection.plan"].create(
            {"case_id": case.id, "amount_due": 301.40, "amount_total": 301.40}
        )
        self.assertEqual(plan._get_amount_words(21000), "veintiún mil euros")
        html = self._render("debt_collection.action_report_collection_plan", plan)
        self.assertIn(words, html)
        self.assertNotIn("Trescientos", html)
