"""Tests of the creditor's monthly statement."""

import base64
import io
import subprocess
import tempfile
import zipfile
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import find_in_path

from .test_letters import pdf_text
from .test_workspace_queue import WorkspaceCommon


@tagged("post_install", "-at_install", "dc_security")
class TestCreditorStatement(WorkspaceCommon):
    """A creditor's statement holds the figures of its own portfolio, and only those."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.solar = Partner.create({"name": "Energía Solar S.A.", "is_company": True})
        cls.insurer = Partner.create({"name": "Assicurazioni S.p.A.", "is_company": True})
        with freeze_time("2026-02-01 09:00:00"):
            cls.case_solar = cls._hand_case("Alba Solar", 5000.0, date(2026, 1, 5))
            cls.case_insurer = cls._hand_case("Berta Insurer", 3000.0, date(2026, 1, 5))
            cls.case_house = cls._hand_case("Clara House", 1000.0, date(2026, 1, 5))
        cls.case_solar.creditor_id = cls.solar
        cls.case_insurer.creditor_id = cls.insurer
        with freeze_time("2026-03-10 09:00:00"):
            cls._pay(cls.case_solar.invoice_ids, 2000.0, date(2026, 3, 10))
            cls._pay(cls.case_insurer.invoice_ids, 1000.0, date(2026, 3, 10))
            cls._pay(cls.case_house.invoice_ids, 1000.0, date(2026, 3, 10))

    def _statement(self, creditors=None, user=None):
        return (
            self.env["debt.collection.creditor.statement"]
            .with_user(user or self.manager)
            .create(
                {
                    "company_id": self.company.id,
                    "month": date(2026, 3, 1),
                    "creditor_ids": [(6, 0, (creditors or self.solar).ids)],
                }
            )
        )

    def test_statement_figures_are_the_creditors_own(self):
        self.env.flush_all()
        [values] = self._statement()._all_values()
        self.assertEqual(values["cases"].case_id, self.case_solar)
        self.assertEqual(values["placed"], 5000.0)
        self.assertEqual(values["recovered"], 2000.0)
        self.assertEqual(values["recovered_month"], 2000.0)
        self.assertEqual(values["recovery_rate"], 40.0)
        self.assertEqual(values["due"], 3000.0)

    def test_pdf_and_xlsx_show_no_other_portfolio(self):
        self.env.flush_all()
        statement = self._statement()
        report = self.env.ref("debt_collection.debt_collection_creditor_statement_report")
        html, _kind = report.with_user(self.manager)._render_qweb_html(report, statement.ids)
        html = html.decode()
        self.assertIn("Alba Solar", html)
        self.assertNotIn("Berta Insurer", html)
        self.assertNotIn("Clara House", html)
        action = statement.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        with zipfile.ZipFile(io.BytesIO(base64.b64decode(attachment.datas))) as xlsx:
            strings = xlsx.read("xl/sharedStrings.xml").decode()
        self.assertIn("Alba Solar", strings)
        self.assertNotIn("Berta Insurer", strings)
        self.assertNotIn("Clara House", strings)
        self.assertEqual((attachment.res_model, attachment.res_id), ("res.partner", self.solar.id))

    def test_pdf_has_text_in_the_letters_font(self):
        """The PDF's text can be selected and searched: set in the letters' font (README, "The
        letter font"), which wkhtmltopdf embeds as text where it draws web fonts as shapes."""
        if not find_in_path("pdftotext") or not find_in_path("pdffonts"):
            self.skipTest("poppler-utils (pdftotext, pdffonts) is not installed")
        self.env.flush_all()
        statement = self._statement()
        report = self.env.ref("debt_collection.debt_collection_creditor_statement_report")
        pdf, _kind = (
            report.with_user(self.manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, statement.ids)
        )
        text = pdf_text(pdf)
        self.assertIn("Energía Solar S.A.", text)
        self.assertIn("Alba Solar", text)
        self.assertIn("Recovered in the month", text)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            fonts = subprocess.run(
                ["pdffonts", file.name], capture_output=True, check=True, text=True
            ).stdout
        self.assertIn("DejaVuSans", fonts)

    def test_pdf_rate_has_the_creditors_decimal_separator(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.solar.lang = "es_ES"
        self.env.flush_all()
        statement = self._statement()
        report = self.env.ref("debt_collection.debt_collection_creditor_statement_report")
        html, _kind = report.with_user(self.manager)._render_qweb_html(report, statement.ids)
        html = html.decode()
        self.assertIn("40,00</span> %", html)  # 2,000.00 back of 5,000.00 placed
        self.assertNotIn("40.00", html)

    def test_every_creditor_gets_its_statement_each_month(self):
        self.env.flush_all()
        with freeze_time("2026-04-01 06:00:00"):
            self.env["debt.collection.creditor.statement"]._cron_creditor_statements()
        for creditor in self.solar | self.insurer:
            files = self.env["ir.attachment"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", creditor.id)]
            )
            self.assertEqual(
                sorted(files.mapped("mimetype")),
                [
                    "application/pdf",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ],
            )

    def test_consultants_issue_no_statement(self):
        with self.assertRaises(AccessError):
            self._statement(user=self.consultant)

    def test_no_creditor_no_statement(self):
        statement = self._statement()
        statement.creditor_ids = False
        self.case_solar.creditor_id = False
        self.case_insurer.creditor_id = False
        with self.assertRaises(UserError):
            statement.action_print_pdf()
