"""Tests of the portfolio import: reading, mapping, checking, matching and placing."""

import io
from datetime import date, datetime
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from ..tools.portfolio_parsing import guess_field
from ..wizards import debt_collection_import_placing as import_placing
from .agency_common import AgencyCommon

HEADER = (
    "Referencia;Nombre;NIF;Dirección;CP;Población;Teléfono;Email;"
    "Fecha factura;Vencimiento;Importe;Concepto\n"
)
GOOD = (
    HEADER + "F-001;Lucía Gómez Peña;12345678Z;Calle Mayor 1;46001;Valencia;612 345 678;"
    "lucia.gomez@example.com;15/10/2025;15/11/2025;1.234,56;Agua 3T\n"
    + "F-002;Construcciones Turia S.L.;B12345674;Av. del Puerto 3;46023;Valencia;"
    "963 12 34 56;;01/09/2025;01/10/2025;980,00;\n"
    + "F-003;Giulia Bianchi;X1234567L;Calle Colón 5;46004;Valencia;+34 699 11 22 33;"
    "giulia@example.it;1-12-25;31.12.2025;75,5;\n"
)


@tagged("post_install", "-at_install")
class TestAgencyImport(AgencyCommon):
    def _counts(self):
        return (
            self.Placement.search_count([]),
            self.env["res.partner"].search_count([]),
            self.env["account.move"].search_count([]),
        )

    @freeze_time("2026-01-05")
    def test_good_file_places_every_debt(self):
        wizard = self._wizard(GOOD.encode())
        wizard.action_import()
        placements = self.Placement.search([("mandate_id", "=", self.mandate.id)], order="name")
        self.assertEqual(placements.mapped("name"), ["F-001", "F-002", "F-003"])
        self.assertEqual(placements.mapped("amount_placed"), [1234.56, 980.0, 75.5])
        self.assertEqual(
            placements.mapped("date_due"),
            [date(2025, 11, 15), date(2025, 10, 1), date(2025, 12, 31)],
        )
        self.assertEqual(placements[2].date_original, date(2025, 12, 1))
        self.assertEqual(placements[0].days_overdue_placed, 51)
        lucia = placements[0].partner_id
        self.assertRecordValues(
            lucia,
            [
                {
                    "name": "Lucía Gómez Peña",
                    "vat": "12345678Z",
                    "phone": "+34612345678",
                    "email": "lucia.gomez@example.com",
                    "city": "Valencia",
                    "is_company": False,
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertTrue(placements[1].partner_id.is_company)  # a CIF is a company's
        self.assertEqual(placements[0].move_id.amount_residual, 1234.56)
        self.assertEqual(placements[0].move_id.invoice_date_due, date(2025, 11, 15))
        batch = wizard.batch_id
        self.assertRecordValues(
            batch,
            [{"row_count": 3, "placed_count": 3, "skipped_count": 0, "partner_created_count": 3}],
        )
        self.assertEqual(batch.placement_ids, placements)
        self.assertEqual(wizard.state, "done")
        # the mapping is kept for the next file of this creditor
        self.assertEqual(self.mandate.import_profile["columns"]["importe"], "amount")

    @freeze_time("2026-01-05")
    def test_every_kind_of_bad_row_is_reported_and_nothing_is_written(self):
        self._place(self.mandate, self.debtor, 100.0, "OPEN-1")
        content = (
            "Referencia;Nombre;NIF;País;Teléfono;Email;Fecha factura;Vencimiento;Importe;Moneda\n"
            "B-01;Ana Ruiz;12345678Z;ES;612345678;ana@example.com;01/10/2025;01/11/2025;100,00;\n"
            "B-02;;;;;;01/10/2025;01/11/2025;100,00;\n"
            "B-03;Sin Fecha;;;;;01/10/2025;31/02/2025;100,00;\n"
            "B-04;Mal Importe;;;;;01/10/2025;01/11/2025;12,34,5;\n"
            "B-05;Negativo;;;;;01/10/2025;01/11/2025;-50,00;\n"
            "B-06;Decimales;;;;;01/10/2025;01/11/2025;10,555;\n"
            "B-07;Mal NIF;12345678A;;;;01/10/2025;01/11/2025;100,00;\n"
            "B-08;Mal Teléfono;;;12;;01/10/2025;01/11/2025;100,00;\n"
            "B-09;Mal Correo;;;;foo@;01/10/2025;01/11/2025;100,00;\n"
            "B-01;Repetida;;;;;01/10/2025;01/11/2025;100,00;\n"
            "B-11;Moneda;;;;;01/10/2025;01/11/2025;100,00;XYZ\n"
            "B-12;Al Revés;;;;;01/12/2025;01/11/2025;100,00;\n"
            "B-13;Narnia;;Narnia;;;01/10/2025;01/11/2025;100,00;\n"
            "OPEN-1;Ya Colocada;;;;;01/10/2025;01/11/2025;100,00;\n"
        )
        before = self._counts()
        wizard = self._wizard(content.encode())
        with self.assertRaises(UserError) as refusal:
            wizard.action_import()
        self.assertEqual(self._counts(), before)
        message = str(refusal.exception)
        self.assertIn("13 of 14 rows are bad", message)
        # the check lists each bad row with its number and reason
        wizard.action_check()
        reasons = {(error.row, error.field) for error in wizard.error_ids}
        expected = {
            (3, "name"),
            (4, "date_due"),
            (5, "amount"),
            (6, "amount"),
            (7, "amount"),
            (8, "vat"),
            (9, "phone"),
            (10, "email"),
            (11, "ref"),
            (12, "currency"),
            (13, "date_due"),
            (14, "country"),
            (15, "ref"),
        }
        self.assertEqual(reasons, expected)
        self.assertEqual(wizard.bad_count, 13)
        by_row = {error.row: error.reason for error in wizard.error_ids}
        self.assertIn("row 2", by_row[11])
        self.assertIn("Already placed", by_row[15])
        self.assertIn("positive", by_row[6])
        self.assertIn("decimals", by_row[7])
        self.assertIn("Row 4", message)
        self.assertEqual(self._counts(), before)

    @freeze_time("2026-01-05")
    def test_valid_rows_only_when_asked(self):
        content = GOOD + "F-004;;;;;;;;01/10/2025;01/11/2025;10,00;\n"
        wizard = self._wizard(content.encode(), valid_only=True)
        wizard.action_import()
        self.assertEqual(wizard.batch_id.placed_count, 3)
        self.assertEqual(wizard.batch_id.skipped_count, 1)
        self.assertIn("Row 5", wizard.batch_id.report)

    @freeze_time("2026-01-05")
    def test_same_file_twice_places_nothing_new_and_says_so(self):
        self._wizard(GOOD.encode()).action_import()
        before = self._counts()
        again = self._wizard(GOOD.encode())
        again.action_import()
        self.assertEqual(self._counts(), before)
        self.assertIn("already imported", again.summary)

    @freeze_time("2026-01-05")
    def test_latin1_and_utf8_with_bom_semicolons_and_decimal_commas(self):
        self._wizard(GOOD.encode("latin-1"), file_name="latin1.csv").action_import()
        lucia = self.Placement.search([("name", "=", "F-001")]).partner_id
        self.assertEqual(lucia.name, "Lucía Gómez Peña")
        bom = GOOD.replace("F-00", "G-00").encode("utf-8-sig")
        wizard = self._wizard(bom, file_name="bom.csv")
        wizard.action_import()
        placement = self.Placement.search([("name", "=", "G-001")])
        self.assertEqual(placement.amount_placed, 1234.56)
        # same debtors (same tax ids): matched, not created again
        self.assertEqual(placement.partner_id, lucia)
        self.assertEqual(wizard.batch_id.partner_created_count, 0)

    @freeze_time("2026-01-05")
    def test_point_decimals_and_comma_separator(self):
        content = (
            "Reference,Debtor name,Tax ID,Due date,Amount\n"
            'P-1,Ana Ruiz,12345678Z,2025-11-01,"1,234.56"\n'
            "P-2,Ana Ruiz,12345678Z,2025-11-02,99.9\n"
        )
        self._wizard(content.encode(), decimal_separator=".").action_import()
        placements = self.Placement.search([("name", "in", ("P-1", "P-2"))], order="name")
        self.assertEqual(placements.mapped("amount_placed"), [1234.56, 99.9])
        self.assertEqual(len(placements.partner_id), 1)

    def _xlsx(self, rows):
        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    @freeze_time("2026-01-05")
    def test_xlsx_with_real_dates_and_dates_typed_as_text(self):
        content = self._xlsx(
            [
                ["Referencia", "Nombre", "NIF", "Fecha factura", "Vencimiento", "Importe"],
                [
                    "X-1",
                    "Ana Ruiz",
                    "12345678Z",
                    datetime(2025, 10, 1),
                    datetime(2025, 11, 1),
                    1234.56,
                ],
                ["X-2", "Pedro Sanz", "X1234567L", "01/10/2025", "15/11/2025", "1.234,56"],
                [None, None, None, None, None, None],
                ["X-3", "Pedro Sanz", "X1234567L", "01/10/2025", "31/02/2025", 10],
            ]
        )
        wizard = self._wizard(content, file_name="cartera.xlsx")
        wizard.action_check()
        # the empty row keeps the numbering of the spreadsheet
        self.assertEqual(wizard.error_ids.mapped("row"), [5])
        wizard.valid_only = True
        wizard.action_import()
        placements = self.Placement.search([("name", "like", "X-")], order="name")
        self.assertEqual(placements.mapped("date_due"), [date(2025, 11, 1), date(2025, 11, 15)])
        self.assertEqual(placements.mapped("amount_placed"), [1234.56, 1234.56])

    @freeze_time("2026-01-05")
    def test_ods_through_odoo_import_readers(self):
        try:
            from odf.opendocument import OpenDocumentSpreadsheet
            from odf.table import Table, TableCell, TableRow
            from odf.text import P
        except ImportError:
            self.skipTest("odfpy is not installed")
        document = OpenDocumentSpreadsheet()
        table = Table(name="Cartera")
        for values in (
            ["Referencia", "Nombre", "NIF", "Vencimiento", "Importe"],
            ["O-1", "Ana Ruiz", "12345678Z", "01/11/2025", "1.234,56"],
        ):
            row = TableRow()
            for value in values:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
                row.addElement(cell)
            table.addElement(row)
        document.spreadsheet.addElement(table)
        buffer = io.BytesIO()
        document.write(buffer)
        self._wizard(buffer.getvalue(), file_name="cartera.ods").action_import()
        placement = self.Placement.search([("name", "=", "O-1")])
        self.assertEqual(placement.amount_placed, 1234.56)
        self.assertEqual(placement.date_due, date(2025, 11, 1))

    @freeze_time("2026-01-05")
    def test_debtors_matched_by_tax_id_then_email_then_phone(self):
        Partner = self.env["res.partner"]
        by_vat = Partner.create({"name": "Ana Ruiz (old)", "vat": "ES12345678Z"})
        by_email = Partner.create({"name": "María López", "email": "maria@example.com"})
        by_phone = Partner.create(
            {
                "name": "José Pérez",
                "phone": "612 34 56 79",
                "country_id": self.env.ref("base.es").id,
            }
        )
        content = (
            "Referencia;Nombre;NIF;Teléfono;Email;Vencimiento;Importe\n"
            "M-1;Ana Ruiz;12345678Z;;ana.nueva@example.com;01/11/2025;10,00\n"
            "M-2;Maria Lopez;;;MARIA@example.com;01/11/2025;10,00\n"
            "M-3;Jose Perez;;+34612345679;;01/11/2025;10,00\n"
            "M-4;Nuevo Deudor;X1234567L;;;01/11/2025;10,00\n"
            "M-5;Nuevo Deudor;X1234567L;;;02/11/2025;20,00\n"
        )
        wizard = self._wizard(content.encode())
        wizard.action_import()
        partner_of = {
            p.name: p.partner_id for p in self.Placement.search([("name", "like", "M-")])
        }
        self.assertEqual(partner_of["M-1"], by_vat)
        self.assertEqual(partner_of["M-2"], by_email)
        self.assertEqual(partner_of["M-3"], by_phone)
        self.assertEqual(partner_of["M-4"], partner_of["M-5"])
        self.assertEqual(wizard.batch_id.partner_created_count, 1)
        # existing debtors are not rewritten by a creditor's file
        self.assertEqual(by_vat.name, "Ana Ruiz (old)")

    @freeze_time("2026-01-05")
    def test_debtor_of_several_chunks_is_made_once(self):
        """Chunks forget the debtors they made; the next chunks find them in the database."""
        rows = [
            "G-001;Lucía Gómez;12345678Z;;;;612345678;lucia.gomez@example.com;;15/11/2025;10;\n",
            "G-002;Giulia Bianchi;X1234567L;Calle Colón 5;46004;Valencia;;;;31.12.2025;20,00;\n",
            "G-003;Lucía Gómez;;;;;;lucia.gomez@example.com;15/10/2025;15/11/2025;30,00;\n",
            "G-004;L. Gómez;;;;;+34612345678;;15/10/2025;15/11/2025;40,00;\n",
            "G-005;Lucía Gómez Peña;12345678Z;;;;;;15/10/2025;15/11/2025;50,00;\n",
        ]
        wizard = self._wizard((HEADER + "".join(rows)).encode())
        with patch.object(import_placing, "IMPORT_CHUNK", 2):
            wizard.action_import()
        placements = self.Placement.search([("mandate_id", "=", self.mandate.id)], order="name")
        self.assertEqual(len(placements), 5)
        self.assertEqual(wizard.batch_id.partner_created_count, 2)
        lucia = placements.filtered(lambda p: p.name != "G-002").partner_id
        self.assertEqual(len(lucia), 1, "matched by tax id, e-mail and phone across chunks")

    def test_only_allow_listed_columns_are_kept(self):
        content = (
            "Referencia;Nombre;Vencimiento;Importe;Enfermedad;Empleador\n"
            "H-1;Ana Ruiz;01/11/2025;10,00;diabetes;ACME\n"
        )
        wizard = self._wizard(content.encode())
        wizard.action_import()
        self.assertIn("Enfermedad", wizard.warning)
        self.assertIn("Empleador", wizard.warning)
        self.assertIn("Enfermedad", wizard.batch_id.report)
        partner = self.Placement.search([("name", "=", "H-1")]).partner_id
        self.assertNotIn("diabetes", str(partner.read()[0].values()))

    @freeze_time("2026-01-05")
    def test_mapping_profile_is_saved_per_mandate(self):
        content = "Cod;Deudor;Vto;Saldo\nC-1;Ana Ruiz;01/11/2025;10,00\n"
        wizard = self._wizard(content.encode())
        wizard._onchange_file()
        with self.assertRaises(UserError):
            wizard.action_import()  # "Cod" is not a known name for the reference
        wizard.column_ids.filtered(lambda c: c.header == "Cod").field = "ref"
        wizard.action_import()
        self.assertEqual(wizard.batch_id.placed_count, 1)
        later = self._wizard(b"Cod;Deudor;Vto;Saldo\nC-2;Ana Ruiz;02/11/2025;20,00\n")
        later._onchange_file()
        self.assertEqual(later.column_ids.filtered(lambda c: c.header == "Cod").field, "ref")
        later.action_import()
        self.assertTrue(self.Placement.search([("name", "=", "C-2")]))
        # another creditor's mandate does not see this profile
        other = self._wizard(content.encode(), mandate=self.mandate2)
        other._onchange_file()
        self.assertFalse(other.column_ids.filtered(lambda c: c.header == "Cod").field)

    @freeze_time("2026-01-05")
    def test_undo_a_batch_while_nothing_was_collected(self):
        wizard = self._wizard(GOOD.encode())
        wizard.action_import()
        batch = wizard.batch_id
        batch.action_undo()
        self.assertEqual(batch.state, "undone")
        self.assertEqual(set(batch.placement_ids.mapped("state")), {"recalled"})
        self.assertEqual(self._balance(self.mandate.placement_account_id), 0.0)
        # undone: the same file may be imported again
        again = self._wizard(GOOD.encode())
        again.action_import()
        self.assertEqual(again.batch_id.placed_count, 3)
        self._pay_placement(again.batch_id.placement_ids[0], 10.0)
        with self.assertRaises(UserError):
            again.batch_id.action_undo()
        self.assertEqual(again.batch_id.state, "done")

    def test_only_managers_import(self):
        wizard = self._wizard(GOOD.encode())
        with self.assertRaises(UserError):
            wizard.with_user(self.consultant).action_import()


@tagged("post_install", "-at_install")
class TestAgencyImportScreen(AgencyCommon, HttpCase):
    def test_manager_imports_the_valid_rows_in_the_browser(self):
        """Mandate > Import Portfolio: upload, Check, the bad rows listed, valid rows only."""
        # the agency's manager, as in the demo: a Collection Manager who may create contacts
        # (the file's new debtors)
        self.manager.groups_id += self.env.ref("base.group_partner_manager")
        self.start_tour(
            f"/odoo/action-debt_collection.debt_collection_mandate_action/{self.mandate.id}",
            "debt_collection_import_bad_rows",
            login=self.manager.login,
        )
        placements = self.Placement.search([("mandate_id", "=", self.mandate.id)], order="name")
        self.assertEqual(placements.mapped("name"), ["T-01", "T-04"])
        self.assertEqual(placements.mapped("amount_placed"), [100.0, 250.5])
        self.assertEqual(
            placements.mapped("partner_id.name"), ["Ana Ruiz Tour", "Pedro Sanz Tour"]
        )
        batch = placements.batch_id
        self.assertEqual((batch.row_count, batch.skipped_count), (4, 2))


@tagged("post_install", "-at_install")
class TestImportWording(AgencyCommon):
    """Headers a creditor's system really exports, its sum line, an empty warning (issue 24)."""

    def _placed(self, refs):
        placements = self.Placement.search([("name", "in", refs)], order="name")
        return [
            (p.name, p.partner_id.name, p.partner_id.vat, p.date_due, p.amount_placed)
            for p in placements
        ]

    @freeze_time("2026-01-05")
    def test_spanish_and_italian_headers_of_real_exports(self):
        spanish = (
            "Nº factura;Razón social;DNI/CIF;F. vencimiento;Importe pendiente (€)\n"
            "FV-1;Talleres Ibérica S.L.U.;B12345674;01/11/2025;523,00\n"
        )
        wizard = self._wizard(spanish.encode())
        wizard.action_import()
        self.assertEqual(
            self._placed(["FV-1"]),
            [("FV-1", "Talleres Ibérica S.L.U.", "B12345674", date(2025, 11, 1), 523.0)],
        )
        italian = (
            "N. fattura;Cognome e nome;Codice fiscale;Paese;Data scad.;Importo residuo\n"
            "FT-1;Marco Rossi;RSSMRC80A01H501W;IT;01/11/2025;75,50\n"
        )
        wizard = self._wizard(italian.encode(), file_name="it.csv")
        wizard.action_import()
        self.assertEqual(
            self._placed(["FT-1"]),
            [("FT-1", "Marco Rossi", "RSSMRC80A01H501W", date(2025, 11, 1), 75.5)],
        )
        for header, field in (
            ("Fecha vto.", "date_due"),
            ("NIF", "vat"),
            ("P.IVA", "vat"),
            ("N.º factura", "ref"),
            ("Data scadenza", "date_due"),
        ):
            self.assertEqual(guess_field(header), field, header)

    @freeze_time("2026-01-05")
    def test_total_row_is_skipped_and_said(self):
        content = GOOD + "TOTAL;;;;;;;;;;2.290,06;\n"
        wizard = self._wizard(content.encode())
        wizard.action_check()
        self.assertEqual((wizard.row_count, wizard.bad_count), (3, 0))
        self.assertFalse(wizard.error_ids)
        self.assertEqual(wizard.warning, "Row 5 is a total line, not a debt: skipped.")
        wizard.action_import()
        self.assertEqual(wizard.batch_id.placed_count, 3)
        self.assertEqual(wizard.batch_id.skipped_count, 0)
        self.assertIn("Row 5 is a total line", wizard.batch_id.report)

    @freeze_time("2026-01-05")
    def test_no_warning_when_every_column_is_used(self):
        wizard = self._wizard(GOOD.encode())
        wizard.action_check()
        self.assertFalse(wizard.warning, "no empty box showing []")
        wizard.action_import()
        self.assertFalse(wizard.warning)
        self.assertFalse(wizard.batch_id.report)
