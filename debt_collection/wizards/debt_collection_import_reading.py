"""Reading a portfolio file: its kind, encoding and rows (CSV, XLSX, ODS, XLS)."""

import base64
import codecs
import csv
import io

import chardet

from odoo import models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

from ..tools.portfolio_parsing import (
    cell_text,
)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
XLS_MIMETYPE = "application/vnd.ms-excel"


class DebtCollectionImport(models.TransientModel):
    _inherit = "debt.collection.import"

    # ------------------------------------------------------------------
    # Reading the file
    # ------------------------------------------------------------------

    def _file_bytes(self):
        if not self.file:
            raise UserError(self.env._("Choose the file to import."))
        return base64.b64decode(self.file)

    def _file_kind(self, data):
        name = (self.file_name or "").lower()
        mimetype = guess_mimetype(data)
        if name.endswith(".xlsx") or mimetype == XLSX_MIMETYPE:
            return "xlsx"
        if name.endswith(".ods") or mimetype == ODS_MIMETYPE:
            return "ods"
        if name.endswith(".xls") or mimetype == XLS_MIMETYPE:
            return "xls"
        return "csv"

    def _iter_rows(self, data):
        """(row number in the file, [cell values]) of every non-empty row, header first."""
        kind = self._file_kind(data)
        if kind == "csv":
            rows = self._iter_csv(data)
        elif kind == "xlsx":
            rows = self._iter_xlsx(data)
        else:
            rows = self._iter_base_import(data, kind)
        for number, values in rows:
            if any(cell_text(value) for value in values):
                yield number, values

    def _iter_csv(self, data):
        encoding = self._csv_encoding(data)
        try:
            stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
            first = stream.readline()
            stream.seek(0)
            separator = self.separator if self.separator != "auto" else _sniff_separator(first)
            reader = csv.reader(stream, delimiter=separator)
            previous_line = 0
            for values in reader:
                yield previous_line + 1, values
                previous_line = reader.line_num
        except (UnicodeDecodeError, LookupError) as error:
            raise UserError(
                self.env._(
                    "The file cannot be read as %(encoding)s text: %(error)s",
                    encoding=encoding,
                    error=error,
                )
            ) from None
        except csv.Error as error:
            raise UserError(
                self.env._("The file is not a valid CSV: %(error)s", error=error)
            ) from None

    def _csv_encoding(self, data):
        if self.encoding:
            return self.encoding.strip()
        if data.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for start in range(0, len(data), 1 << 20):
                decoder.decode(data[start : start + (1 << 20)])
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            guess = (chardet.detect(data[:200000]).get("encoding") or "").lower()
            # Spanish and Italian files that are not UTF-8 are Windows Latin-1
            return "windows-1252" if guess in ("", "ascii", "windows-1252") else guess

    def _iter_xlsx(self, data):
        """openpyxl in read-only mode: rows streamed with their real numbers, dates as dates."""
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 (openpyxl raises many kinds on a bad file)
            raise UserError(
                self.env._("The file cannot be read as a spreadsheet: %(error)s", error=error)
            ) from None
        try:
            sheet = book.worksheets[0]
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(row)
        finally:
            book.close()

    def _iter_base_import(self, data, kind):
        """XLS and ODS through Odoo's own import readers (empty rows are not counted)."""
        mimetype = {"xls": XLS_MIMETYPE, "ods": ODS_MIMETYPE}[kind]
        importer = self.env["base_import.import"].create(
            {
                "res_model": "res.partner",
                "file": data,
                "file_name": self.file_name or f"portfolio.{kind}",
                "file_type": mimetype,
            }
        )
        try:
            _length, rows = importer._read_file({"quoting": '"', "separator": ",", "sheet": ""})
        except (UserError, ValueError) as error:
            raise UserError(
                self.env._("The file cannot be read as a spreadsheet: %(error)s", error=error)
            ) from None
        yield from enumerate(rows, start=1)


def _sniff_separator(line):
    """The separator of a CSV header line: the most frequent candidate outside quotes."""
    counts = dict.fromkeys((";", ",", "\t", "|"), 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","
