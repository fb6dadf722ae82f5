"""Tests of the dunning letters: queued, rendered and sent."""

import subprocess
import tempfile
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import find_in_path

from .common import DebtCollectionCommon


def pdf_text(raw):
    """The text a reader of the PDF sees (poppler's pdftotext)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(raw)
        pdf.flush()
        out = subprocess.run(
            ["pdftotext", "-layout", pdf.name, "-"], capture_output=True, check=True, text=True
        )
    return " ".join(out.stdout.split())


@tagged("post_install", "-at_install")
class TestLetters(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_languages("es_ES", "it_IT")
        cls.debtor.lang = "es_ES"
        cls.debtor2.lang = "it_IT"
        cls.debtor3 = cls._debtor("John Smith", "john@example.com", lang="en_US")

    def _case_at_first_letter(self, partner, amount):
        self._create_invoice(partner, amount, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()  # reminder
        with freeze_time("2026-01-22 10:00:00"):
            self._run()  # first letter
        return self._case(partner)

    def test_amount_in_words_in_the_debtors_language(self):
        expected = {
            self.debtor: "mil doscientos treinta y cuatro",
            self.debtor2: "milleduecentotrentaquattro",
            self.debtor3: "One Thousand, Two Hundred And Thirty-Four",
        }
        for partner, words in expected.items():
            with self.subTest(lang=partner.lang):
                self._create_invoice(partner, 1234.0, date(2026, 1, 10), date(2025, 12, 10))
                with freeze_time("2026-01-12 10:00:00"):
                    self._run()
                case = self._case(partner)
                self.assertIn(words.lower(), case._get_letter_amount_words().lower())

    def test_letter_step_attaches_a_pdf_and_logs_it(self):
        case = self._case_at_first_letter(self.debtor, 1234.0)
        letter = case.action_ids.filtered(lambda a: a.channel == "letter")
        self.assertEqual(len(letter), 1)
        self.assertEqual(letter.result, "sent")
        attachment = letter.attachment_id
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertEqual((attachment.res_model, attachment.res_id), (case._name, case.id))
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        # a second run the same day renders nothing new
        with freeze_time("2026-01-22 12:00:00"):
            self._run()
        self.assertEqual(case.action_ids.filtered(lambda a: a.channel == "letter"), letter)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", case._name), ("res_id", "=", case.id)]
            ),
            1,
        )

    def test_letter_is_written_in_the_debtors_language(self):
        if not find_in_path("pdftotext"):
            self.skipTest("poppler-utils (pdftotext) is not installed")
        for partner, words, phrases in (
            (self.debtor, "mil doscientos treinta y cuatro", ("cómo pagar", "atentamente")),
            (self.debtor2, "milleduecentotrentaquattro", ("come pagare", "distinti saluti")),
        ):
            with self.subTest(lang=partner.lang):
                case = self._case_at_first_letter(partner, 1234.0)
                raw = case.action_ids.filtered(lambda a: a.channel == "letter").attachment_id.raw
                text = pdf_text(raw).lower()
                self.assertIn(words, text)
                self.assertIn(case.name.lower(), text)
                self.assertIn(partner.name.lower(), text)
                if case._get_letter_portal_url():
                    self.assertIn("/my/debts/", text, "the debtor's link is printed")
                for phrase in phrases:
                    self.assertIn(phrase, text, "the letter's text is translated")

    def test_letters_of_one_run_are_all_attached(self):
        """Many letters of a run are rendered together, or one by one where wkhtmltopdf can't."""
        for partner in (self.debtor, self.debtor2, self.debtor3):
            self._create_invoice(partner, 300.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-22 10:00:00"):
            self._run()
        letters = self.env["debt.collection.action"].search(
            [("channel", "=", "letter"), ("partner_id", "in", (self.debtor | self.debtor2).ids)]
        )
        letters |= self._case(self.debtor3).action_ids.filtered(lambda a: a.channel == "letter")
        self.assertEqual(len(letters), 3)
        self.assertEqual(set(letters.mapped("result")), {"sent"})
        for letter in letters:
            self.assertTrue(letter.attachment_id.raw.startswith(b"%PDF"))
            self.assertEqual(letter.attachment_id.res_id, letter.case_id.id)
        if not find_in_path("pdftotext"):
            return
        # rendered in one wkhtmltopdf call and cut: each debtor gets their own letter only
        for letter in letters:
            text = pdf_text(letter.attachment_id.raw)
            self.assertIn(letter.case_id.name, text)
            self.assertIn(letter.partner_id.name, text)
            for other in letters - letter:
                self.assertNotIn(other.partner_id.name, text)
                self.assertNotIn(other.case_id.name, text)

    def test_letters_are_printed_without_odoos_wait_for_scripts(self):
        """Odoo has wkhtmltopdf wait a second per call for scripts; the letters cron does not
        (a letter has none), unless the system parameter says so; other reports still wait."""
        Report = self.env["ir.actions.report"]
        paperformat = self.env.company.paperformat_id

        def delay(report):
            args = report._build_wkhtmltopdf_args(paperformat, False)
            return args[args.index("--javascript-delay") + 1]

        self.assertEqual(delay(Report), "1000")
        self.assertEqual(delay(Report.with_context(debt_collection_letters=True)), "0")
        self.env["ir.config_parameter"].set_param("debt_collection.letter_print_delay", "250")
        self.assertEqual(delay(Report.with_context(debt_collection_letters=True)), "250")

    def test_second_letter_is_firmer(self):
        case = self._case_at_first_letter(self.debtor3, 500.0)
        self.assertEqual(case._get_letter_tone(), "first")
        first = case._get_letter_action()
        self.assertEqual(first.letter_tone, "first")
        self.assertEqual(first.attachment_id.name, f"Payment reminder - {case.name}.pdf")
        with freeze_time("2026-01-29 10:00:00"):
            self._run()  # call
        with freeze_time("2026-02-08 10:00:00"):
            self._run()  # second letter
        second = case._get_letter_action()
        self.assertNotEqual(second, first)
        self.assertEqual(case._get_letter_tone(), "second")
        self.assertEqual(second.date_deadline, date(2026, 2, 16), "eight days, fixed at sending")
        self.assertEqual(second.attachment_id.name, f"Second notice of payment - {case.name}.pdf")
        html = self.env["ir.qweb"]._render("debt_collection.collection_letter_body", {"o": case})
        self.assertIn("legal route", str(html))
        self.assertIn("02/16/2026", str(html))
        # the first letter still says what it said
        self.assertEqual(first.date_deadline, date(2026, 2, 1))

    def test_first_letter_sent_is_the_courteous_one_whatever_the_stage(self):
        """A case whose first letter stage was skipped (no address then) gets the courteous
        wording on its first letter sent, even at the second letter's stage."""
        self.debtor3.write({"collection_address_complete": False, "collection_email_valid": False})
        self._create_invoice(self.debtor3, 200.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()  # reminder skipped (no e-mail)
        with freeze_time("2026-01-22 10:00:00"):
            self._run()  # first letter skipped: no address, no e-mail
        case = self._case(self.debtor3)
        self.assertEqual(
            case.action_ids.filtered(lambda a: a.channel == "letter").result, "skipped"
        )
        self.debtor3.write({"collection_address_complete": True, "collection_email_valid": True})
        with freeze_time("2026-01-29 10:00:00"):
            self._run()  # call
        with freeze_time("2026-02-08 10:00:00"):
            self._run()  # the second letter's stage: the first letter actually sent
        letter = case._get_letter_action()
        self.assertEqual(letter.stage_id.name, "Second Dunning Letter")
        self.assertEqual(letter.letter_tone, "first")
        self.assertEqual(letter.date_deadline, date(2026, 2, 18))
        html = str(
            self.env["ir.qweb"]._render("debt_collection.collection_letter_body", {"o": case})
        )
        self.assertNotIn("previous reminders", html)

    def test_letter_lists_only_open_undisputed_invoices(self):
        disputed = self._create_invoice(self.debtor3, 300.0, date(2026, 1, 10), date(2025, 12, 10))
        case = self._case_at_first_letter(self.debtor3, 700.0)
        disputed._collection_set_dispute("Never delivered")
        self.assertNotIn(disputed, case._get_letter_invoices())
        self.assertEqual(case._get_letter_amount_due(), 700.0)

    def test_consultant_reads_activities_in_their_language(self):
        """The engine writes the call and verify activities in the consultant's language."""
        self.consultant.lang = "es_ES"
        self.debtor.write(
            {"collection_user_id": self.consultant.id, "email": False, "mobile": "+34 612 345 678"}
        )
        self._create_invoice(self.debtor, 90.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()  # reminder skipped: no e-mail
        case = self._case(self.debtor)
        verify = case.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("debt_collection.mail_activity_type_collection_verify")
            )
        )
        self.assertEqual(
            verify.summary, "Verificar el teléfono, el correo y la dirección del deudor"
        )
        with freeze_time("2026-01-22 10:00:00"):
            self._run()  # letter
        with freeze_time("2026-01-29 10:00:00"):
            self._run()  # call
        call = case.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("debt_collection.mail_activity_type_collection_call")
            )
        )
        self.assertEqual(call.summary, "Cobro telefónico")

    def test_letter_to_post_noted_in_the_consultants_language(self):
        """The letters cron runs as the superuser (English): the note that a letter waits to be
        posted is written in the language of the case's consultant."""
        self.consultant.lang = "es_ES"
        self.debtor.write({"collection_user_id": self.consultant.id, "email": False})
        case = self._case_at_first_letter(self.debtor, 90.0)
        letter = case.action_ids.filtered(lambda a: a.channel == "letter")
        self.assertEqual(letter.result, "sent")
        name = letter.attachment_id.name
        notes = [str(message.body) for message in case.message_ids]
        self.assertIn(f"<p>Carta {name} lista para enviar por correo postal.</p>", notes)
        self.assertFalse([body for body in notes if "ready to be posted" in body])
