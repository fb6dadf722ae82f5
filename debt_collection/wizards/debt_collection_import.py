import base64
import codecs
import csv
import hashlib
import io
import logging
import re

import chardet

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, email_normalize
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.misc import format_datetime

from ..models.res_partner import _email_is_valid, parse_phone
from ..tools.portfolio_parsing import (
    REQUIRED_FIELDS,
    ParseError,
    cell_text,
    check_tax_id,
    guess_field,
    is_business_tax_id,
    is_total_row,
    normalize_header,
    parse_amount,
    parse_date,
)

_logger = logging.getLogger(__name__)

IMPORT_FIELDS = [
    ("name", "Debtor Name"),
    ("vat", "Tax ID"),
    ("country", "Country"),
    ("street", "Street"),
    ("street2", "Street (2)"),
    ("zip", "ZIP"),
    ("city", "City"),
    ("phone", "Phone"),
    ("mobile", "Mobile"),
    ("email", "E-mail"),
    ("ref", "Creditor's Reference"),
    ("date_original", "Original Date"),
    ("date_due", "Due Date"),
    ("amount", "Amount Due"),
    ("currency", "Currency"),
    ("description", "Notes"),
]
# Rows placed per chunk in the second pass (one partner search and one invoice batch each)
IMPORT_CHUNK = 1000
# Bad rows listed in the error of an import refused for them (all are in the check)
ERRORS_IN_MESSAGE = 30
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
XLS_MIMETYPE = "application/vnd.ms-excel"


class DebtCollectionImport(models.TransientModel):
    """Import a creditor's portfolio (CSV, XLSX, ODS) as placed debts of a mandate.

    Every row is checked first; a file with a bad row imports nothing unless the user asks
    for the valid rows only. The file is read twice, row by row (check, then import by
    chunks), so a large file never sits in memory as parsed rows.
    """

    _name = "debt.collection.import"
    _description = "Import a Portfolio"

    mandate_id = fields.Many2one(
        "debt.collection.mandate",
        required=True,
        domain="[('state', '=', 'active')]",
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="mandate_id.company_id")
    file = fields.Binary(required=True, attachment=False)
    file_name = fields.Char()
    encoding = fields.Char(help="Leave empty to detect it (UTF-8, with or without BOM, Latin-1).")
    separator = fields.Selection(
        [("auto", "Detect"), (";", "Semicolon"), (",", "Comma"), ("\t", "Tab"), ("|", "Bar")],
        default="auto",
        required=True,
    )
    decimal_separator = fields.Selection(
        [(",", "Comma (1.234,56)"), (".", "Point (1,234.56)")],
        default=",",
        required=True,
        help="For amounts typed as text; typed numbers of a spreadsheet are read as numbers.",
    )
    date_placed = fields.Date(
        string="Placed On",
        required=True,
        default=fields.Date.context_today,
        help="When the creditor handed the debts over (the placement invoices' date).",
    )
    valid_only = fields.Boolean(
        string="Import Only the Valid Rows",
        help="Skip the bad rows (they stay listed in the import's report).",
    )
    tax_id_conflict = fields.Selection(
        [("report", "Skip and Report the Row"), ("create", "Make a New Debtor")],
        string="Same E-mail or Phone, Other Tax ID",
        default="report",
        required=True,
        help="A row whose e-mail or phone is an existing debtor's but whose tax id is another "
        "is never put on that debtor: it is skipped and reported, or a new debtor is made.",
    )
    column_ids = fields.One2many("debt.collection.import.column", "wizard_id", string="Columns")
    error_ids = fields.One2many("debt.collection.import.error", "wizard_id", string="Errors")
    state = fields.Selection(
        [("upload", "Upload"), ("checked", "Checked"), ("done", "Done")],
        default="upload",
        required=True,
    )
    row_count = fields.Integer(string="Rows", readonly=True)
    bad_count = fields.Integer(string="Bad Rows", readonly=True)
    warning = fields.Text(readonly=True)
    summary = fields.Text(readonly=True)
    batch_id = fields.Many2one("debt.collection.import.batch", string="Import", readonly=True)

    @api.onchange("mandate_id")
    def _onchange_mandate_id(self):
        profile = self.mandate_id.import_profile or {}
        if profile.get("decimal_separator") in (",", "."):
            self.decimal_separator = profile["decimal_separator"]
        if profile.get("separator") in (";", ",", "\t", "|"):
            self.separator = profile["separator"]
        if profile.get("encoding"):
            self.encoding = profile["encoding"]

    @api.onchange("file", "separator", "encoding")
    def _onchange_file(self):
        self.column_ids = [fields.Command.clear()]
        self.error_ids = [fields.Command.clear()]
        self.state = "upload"
        if not self.file or not self.mandate_id:
            return
        try:
            header, samples = self._read_header(self._file_bytes())
        except UserError:
            return
        mapping = self._default_mapping(header)
        self.column_ids = [
            fields.Command.create(
                {
                    "index": index,
                    "header": title,
                    "sample": samples.get(index, ""),
                    "field": mapping.get(index, False),
                }
            )
            for index, title in header
        ]

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_check(self):
        """Check every row and list the bad ones; nothing is written."""
        self.ensure_one()
        self._check_rights()
        data = self._file_bytes()
        mapping = self._mapping(data)
        bad_rows, errors, row_count = self._check_rows(data, mapping)
        self._store_check(bad_rows, errors, row_count)
        return self._reopen()

    def action_import(self):
        """Check the file, then place its rows with the mandate (all or, if asked, the valid
        ones). The same file twice places nothing the second time."""
        self.ensure_one()
        self._check_rights()
        if self.date_placed > fields.Date.context_today(self):
            raise UserError(self.env._("Debts cannot be placed in the future."))
        self.mandate_id._check_in_force(self.date_placed)
        data = self._file_bytes()
        fingerprint = hashlib.sha256(data).hexdigest()
        previous = self.env["debt.collection.import.batch"].search(
            [
                ("mandate_id", "=", self.mandate_id.id),
                ("file_sha256", "=", fingerprint),
                ("state", "=", "done"),
            ],
            limit=1,
        )
        if previous:
            self.write(
                {
                    "state": "done",
                    "batch_id": previous.id,
                    "summary": self.env._(
                        "This file was already imported on %(date)s (%(batch)s): nothing new "
                        "was placed.",
                        date=format_datetime(self.env, previous.date),
                        batch=previous.name,
                    ),
                }
            )
            return self._reopen()
        mapping = self._mapping(data)
        bad_rows, errors, row_count = self._check_rows(data, mapping)
        if bad_rows and not self.valid_only:
            raise UserError(self._refusal_message(bad_rows, errors, row_count))
        if len(bad_rows) >= row_count:
            raise UserError(self.env._("The file has no valid row to import."))
        batch = self._import_rows(data, mapping, bad_rows, errors, row_count, fingerprint)
        self._save_profile(data, mapping)
        self.write(
            {
                "state": "done",
                "batch_id": batch.id,
                "row_count": row_count,
                "bad_count": len(bad_rows),
                "summary": self.env._(
                    "%(placed)s debts placed (%(new)s new debtors), %(skipped)s bad rows skipped.",
                    placed=batch.placed_count,
                    new=batch.partner_created_count,
                    skipped=batch.skipped_count,
                ),
            }
        )
        return self._reopen()

    def action_view_batch(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.collection.import.batch",
            "res_id": self.batch_id.id,
            "view_mode": "form",
        }

    def _check_rights(self):
        if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
            raise UserError(self.env._("Only a Collection Manager can import portfolios."))
        self.mandate_id.check_access("write")

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import a Portfolio"),
        }

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

    def _read_header(self, data):
        """([(column index, title)], {column index: a sample value})."""
        rows = self._iter_rows(data)
        try:
            _number, header = next(rows)
        except StopIteration:
            raise UserError(self.env._("The file is empty.")) from None
        samples = {}
        for _number, values in rows:
            for index, value in enumerate(values):
                if index not in samples and cell_text(value):
                    samples[index] = cell_text(value)[:60]
            if len(samples) >= len(header):
                break
        return [(index, cell_text(title)) for index, title in enumerate(header)], samples

    def _default_mapping(self, header):
        """{column index: field} from the mandate's saved profile, else the header's words."""
        saved = (self.mandate_id.import_profile or {}).get("columns") or {}
        mapping, taken = {}, set()
        for index, title in header:
            field = saved.get(normalize_header(title)) or guess_field(title)
            if field and field not in taken:
                mapping[index] = field
                taken.add(field)
        return mapping

    def _mapping(self, data):
        header, _samples = self._read_header(data)
        if self.column_ids:
            mapping = {col.index: col.field for col in self.column_ids if col.field}
        else:
            mapping = self._default_mapping(header)
        fields_used = list(mapping.values())
        duplicated = {field for field in fields_used if fields_used.count(field) > 1}
        if duplicated:
            raise UserError(
                self.env._(
                    "Several columns are mapped to %(fields)s.",
                    fields=", ".join(self._field_label(f) for f in sorted(duplicated)),
                )
            )
        missing = [field for field in REQUIRED_FIELDS if field not in fields_used]
        if missing:
            raise UserError(
                self.env._(
                    "The file has no column for: %(fields)s. Map them in the column list.",
                    fields=", ".join(self._field_label(field) for field in missing),
                )
            )
        # PR-1: only allow-listed columns are kept; the others are named, never read
        ignored = [title for index, title in header if index not in mapping and title]
        self.warning = (
            self.env._(
                "Columns ignored (not on the allow-list of debtor and debt data): %(columns)s.",
                columns=", ".join(ignored),
            )
            if ignored
            else False
        )
        return mapping

    def _is_total_row(self, values, mapping):
        """The sum line a spreadsheet adds at the bottom ("TOTAL", no debtor): not a debt."""
        name_index = next((index for index, field in mapping.items() if field == "name"), None)
        name = values[name_index] if name_index is not None and name_index < len(values) else ""
        return is_total_row(values) and (not cell_text(name) or is_total_row([name]))

    def _field_label(self, field):
        selection = self.env["debt.collection.import.column"]._fields["field"]
        return dict(selection._description_selection(self.env)).get(field, field)

    def _save_profile(self, data, mapping):
        header, _samples = self._read_header(data)
        titles = dict(header)
        self.mandate_id.sudo().import_profile = {
            "columns": {
                normalize_header(titles[index]): field for index, field in mapping.items()
            },
            "decimal_separator": self.decimal_separator,
            "separator": self.separator,
            "encoding": self.encoding or "",
        }

    # ------------------------------------------------------------------
    # Checking every row
    # ------------------------------------------------------------------

    def _check_rows(self, data, mapping):
        """(set of bad row numbers, [(row, field, value, reason)], number of rows)."""
        context = self._parse_context()
        errors, bad_rows, first_row_of = [], set(), {}
        rows = self._iter_rows(data)
        next(rows, None)  # header
        row_count, totals = 0, []
        for number, values in rows:
            if self._is_total_row(values, mapping):
                totals.append(str(number))
                continue
            row_count += 1
            record, row_errors = self._parse_row(values, mapping, context)
            ref = record.get("ref")
            if ref:
                if ref in first_row_of:
                    row_errors.append(
                        (
                            "ref",
                            ref,
                            self.env._(
                                "The creditor's reference repeats row %(row)s.",
                                row=first_row_of[ref],
                            ),
                        )
                    )
                else:
                    first_row_of[ref] = number
            for field, value, reason in row_errors:
                errors.append((number, field, value, reason))
            if row_errors:
                bad_rows.add(number)
        for ref, batch_name in self._open_placements(list(first_row_of)):
            number = first_row_of[ref]
            bad_rows.add(number)
            errors.append(
                (
                    number,
                    "ref",
                    ref,
                    self.env._(
                        "Already placed and still open (import %(batch)s).",
                        batch=batch_name or "-",
                    ),
                )
            )
        errors.sort(key=lambda error: error[0])
        if totals:
            skipped = self.env._(
                "Row %(rows)s is a total line, not a debt: skipped.", rows=", ".join(totals)
            )
            self.warning = "\n".join(filter(None, [self.warning, skipped]))
        return bad_rows, errors, row_count

    def _open_placements(self, refs):
        found = []
        for start in range(0, len(refs), 10000):
            self.env["debt.collection.placement"].flush_model(["name", "state", "batch_id"])
            self.env.cr.execute(
                """
                SELECT p.name, b.name
                  FROM debt_collection_placement p
                  LEFT JOIN debt_collection_import_batch b ON b.id = p.batch_id
                 WHERE p.mandate_id = %s AND p.state = 'placed' AND p.name = ANY(%s)
                """,
                [self.mandate_id.id, refs[start : start + 10000]],
            )
            found += self.env.cr.fetchall()
        return found

    def _parse_context(self):
        mandate = self.mandate_id
        Currency = self.env["res.currency"].with_context(active_test=False)
        currencies = {c.name: c for c in Currency.search([])}
        countries = {}
        for lang, _name in self.env["res.lang"].get_installed():
            for country in self.env["res.country"].with_context(lang=lang).search([]):
                countries[normalize_header(country.name)] = country
        for country in self.env["res.country"].search([]):
            countries[country.code.lower()] = country
        return {
            "currencies": currencies,
            "default_currency": mandate.company_id.currency_id,
            "countries": countries,
            "default_country": mandate.debtor_country_id or mandate.company_id.country_id,
            "today": fields.Date.context_today(self),
        }

    def _parse_row(self, values, mapping, context):
        """(record, [(field, value, reason)]) of one row; record values are clean."""
        raw = {
            field: values[index] if index < len(values) else None
            for index, field in mapping.items()
        }
        text = {field: cell_text(value) for field, value in raw.items()}
        record, errors = {}, []
        for field in REQUIRED_FIELDS:
            if not text.get(field):
                errors.append(
                    (
                        field,
                        "",
                        self.env._("%(field)s is missing.", field=self._field_label(field)),
                    )
                )
        record["ref"] = text.get("ref", "")[:64]
        record["name"] = " ".join(text.get("name", "").split())[:128]
        for field in ("street", "street2", "zip", "city"):
            record[field] = text.get(field) or False
        record["description"] = text.get("description") or False
        country = context["default_country"]
        if text.get("country"):
            country = context["countries"].get(normalize_header(text["country"]))
            if not country:
                errors.append(("country", text["country"], self.env._("Unknown country.")))
                country = context["default_country"]
        record["country_id"] = country.id if country else False
        country_code = country.code if country else ""
        self._parse_tax_id(text.get("vat"), country_code, record, errors)
        self._parse_contact(text, country_code, record, errors)
        currency = context["default_currency"]
        if text.get("currency"):
            code = text["currency"].upper()
            code = {"€": "EUR", "$": "USD", "£": "GBP"}.get(code, code)
            currency = context["currencies"].get(code)
            if not currency or not currency.active:
                errors.append(
                    ("currency", text["currency"], self.env._("Unknown or inactive currency."))
                )
                currency = context["default_currency"]
        if text.get("amount"):
            currency = self._parse_amount_cell(raw["amount"], currency, context, record, errors)
        record["currency_id"] = currency.id
        for field in ("date_due", "date_original"):
            if text.get(field):
                try:
                    record[field] = parse_date(raw[field], context["today"])
                except ParseError:
                    errors.append(
                        (
                            field,
                            text[field],
                            self.env._(
                                "%(field)s is not a date (day/month/year).",
                                field=self._field_label(field),
                            ),
                        )
                    )
        if (
            record.get("date_due")
            and record.get("date_original")
            and (record["date_due"] < record["date_original"])
        ):
            errors.append(
                ("date_due", text["date_due"], self.env._("Due before the original date."))
            )
        return record, errors

    def _parse_amount_cell(self, value, currency, context, record, errors):
        try:
            amount, code = parse_amount(value, currency.decimal_places, self.decimal_separator)
        except ParseError as error:
            reason = (
                self.env._("More decimals than the currency has.")
                if error.code == "too_many_decimals"
                else self.env._("Not an amount.")
            )
            errors.append(("amount", cell_text(value), reason))
            return currency
        if code and code != currency.name:
            symbol_currency = context["currencies"].get(code)
            if not symbol_currency or not symbol_currency.active:
                errors.append(
                    ("amount", cell_text(value), self.env._("Unknown or inactive currency."))
                )
                return currency
            currency = symbol_currency
        if amount <= 0:
            errors.append(("amount", cell_text(value), self.env._("The amount must be positive.")))
        record["amount"] = float(amount)
        return currency

    def _parse_tax_id(self, value, country_code, record, errors):
        record["vat"] = False
        record["is_company"] = False
        if not value:
            return
        try:
            compact, read_in = check_tax_id(value, country_code)
        except ParseError as error:
            if error.code == "missing":
                return
            errors.append(
                (
                    "vat",
                    value,
                    self.env._(
                        "Not a valid tax id in %(country)s (check digits).",
                        country=error.params.get("country") or "-",
                    ),
                )
            )
            return
        record["vat"] = compact
        record["vat_country"] = read_in
        record["is_company"] = is_business_tax_id(compact, read_in)

    def _parse_contact(self, text, country_code, record, errors):
        for field in ("phone", "mobile"):
            record[field] = False
            if text.get(field):
                e164, valid, _kind = parse_phone(text[field], country_code)
                if not valid:
                    errors.append((field, text[field], self.env._("Not a valid phone number.")))
                else:
                    record[field] = e164
        record["email"] = False
        if text.get("email"):
            if _email_is_valid(text["email"]):
                record["email"] = email_normalize(text["email"])
            else:
                errors.append(("email", text["email"], self.env._("Not a valid e-mail address.")))

    def _store_check(self, bad_rows, errors, row_count):
        self.error_ids = [fields.Command.clear()]
        self.env["debt.collection.import.error"].create(
            [
                {
                    "wizard_id": self.id,
                    "row": number,
                    "field": field or False,
                    "value": (value or "")[:200],
                    "reason": reason,
                }
                for number, field, value, reason in errors
            ]
        )
        self.write({"state": "checked", "row_count": row_count, "bad_count": len(bad_rows)})

    def _refusal_message(self, bad_rows, errors, row_count):
        lines = [
            self.env._("Row %(row)s: %(reason)s %(value)s", row=row, reason=reason, value=value)
            for row, _field, value, reason in errors[:ERRORS_IN_MESSAGE]
        ]
        if len(errors) > ERRORS_IN_MESSAGE:
            lines.append(
                self.env._(
                    "... and %(count)s more (the check lists them all).",
                    count=len(errors) - ERRORS_IN_MESSAGE,
                )
            )
        summary = self.env._(
            "%(bad)s of %(rows)s rows are bad: nothing was imported. Correct the file, or tick "
            '"Import Only the Valid Rows".',
            bad=len(bad_rows),
            rows=row_count,
        )
        return "\n".join([summary, *lines])

    # ------------------------------------------------------------------
    # Importing
    # ------------------------------------------------------------------

    def _import_rows(self, data, mapping, bad_rows, errors, row_count, fingerprint):
        mandate = self.mandate_id
        batch = self.env["debt.collection.import.batch"].create(
            {
                "name": f"{mandate.creditor_id.name} - {self.file_name or fingerprint[:8]}",
                "mandate_id": mandate.id,
                "file_name": self.file_name,
                "file_sha256": fingerprint,
                "row_count": row_count,
                "skipped_count": len(bad_rows),
                "report": "\n".join(
                    filter(
                        None,
                        [self.warning]
                        + [
                            self.env._(
                                "Row %(row)s: %(reason)s %(value)s", row=r, reason=why, value=v
                            )
                            for r, _f, v, why in errors
                        ],
                    )
                )
                or False,
            }
        )
        context = self._parse_context()
        stats = {"placed": 0, "created": 0}
        chunk = []
        rows = self._iter_rows(data)
        next(rows, None)
        for number, values in rows:
            if number in bad_rows or self._is_total_row(values, mapping):
                continue
            record, _errors = self._parse_row(values, mapping, context)
            record["row"] = number
            chunk.append(record)
            if len(chunk) >= IMPORT_CHUNK:
                self._import_chunk(chunk, batch, context, stats)
                chunk = []
        if chunk:
            self._import_chunk(chunk, batch, context, stats)
        batch_values = {"placed_count": stats["placed"], "partner_created_count": stats["created"]}
        if stats.get("conflicts"):
            conflicts = [
                self.env._(
                    "Row %(row)s: its e-mail or phone is an existing debtor's, whose tax id is "
                    "another: not imported.",
                    row=row,
                )
                for row in stats["conflicts"]
            ]
            batch_values["skipped_count"] = batch.skipped_count + len(conflicts)
            batch_values["report"] = "\n".join(filter(None, [batch.report, *conflicts]))
        batch.write(batch_values)
        _logger.info(
            "Portfolio import %s: %s debts placed, %s rows skipped",
            batch.id,
            stats["placed"],
            len(bad_rows),
        )
        return batch

    def _import_chunk(self, records, batch, context, stats):
        # debtors of earlier chunks are found in the database (flushed), not kept in memory:
        # an index of every key of the file grew with it (56 MB over 100,000 rows)
        context["known"] = {"vat": {}, "email": {}, "phone": {}, "partner_vat": {}}
        partner_ids = self._resolve_debtors(records, context, stats)
        debts = [
            {
                "partner_id": partner_id,
                "name": record["ref"],
                "amount": record["amount"],
                "currency_id": record["currency_id"],
                "date_due": record["date_due"],
                "date_original": record.get("date_original"),
                "description": record["description"],
            }
            for record, partner_id in zip(records, partner_ids, strict=True)
            if partner_id  # a row skipped for another debtor's tax id
        ]
        placements = self.env["debt.collection.placement"]._place(
            self.mandate_id, debts, batch, date=self.date_placed
        )
        stats["placed"] += len(placements)
        # flat memory over large files: what this chunk loaded leaves the cache
        self.env.flush_all()
        self.env.invalidate_all()

    def _resolve_debtors(self, records, context, stats):
        """Partner ids of the rows: matched by tax id, then e-mail, then normalised phone
        (among the agency's debtors and the shared partners), else created."""
        known = context["known"]
        self._load_known_debtors(records, known)
        result = [self._match_debtor(record, known) for record in records]
        vals_list, slots, slot_of_row, slot_vat = [], {}, {}, {}
        for position, record in enumerate(records):
            if result[position] is None:
                # same e-mail or phone as a debtor with another tax id: never that debtor
                if self.tax_id_conflict == "report":
                    stats.setdefault("conflicts", []).append(record["row"])
                    continue
                result[position] = False
            if result[position]:
                continue
            keys = _debtor_keys(record)
            # a debtor with neither tax id, e-mail nor phone is one row's alone; rows of the
            # file with two tax ids are two debtors, whatever they share
            slot = next(
                (
                    slots[key]
                    for key in keys
                    if key in slots
                    and not _tax_ids_conflict(record.get("vat"), slot_vat.get(slots[key]))
                ),
                None,
            )
            if slot is None:
                slot = len(vals_list)
                vals_list.append(self._prepare_debtor_values(record))
            slot_vat[slot] = slot_vat.get(slot) or record.get("vat")
            for key in keys:
                slots.setdefault(key, slot)
            slot_of_row[position] = slot
        if vals_list:
            Partner = self.env["res.partner"]
            # Odoo's invoicing counts the invoice reports once per new partner otherwise
            display_report = Partner.default_get(["display_invoice_template_pdf_report_id"])
            partners = Partner.with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                **{f"default_{key}": value for key, value in display_report.items()},
            ).create(vals_list)
            stats["created"] += len(partners)
            for key, slot in slots.items():
                known[key[0]].setdefault(key[1], partners[slot].id)
            for slot, vat in slot_vat.items():
                known["partner_vat"][partners[slot].id] = vat or ""
            for position, slot in slot_of_row.items():
                result[position] = partners[slot].id
        return result

    def _match_debtor(self, record, known):
        """The existing debtor of the row, False when there is none, None when the row's
        e-mail or phone is a debtor's whose tax id is another (issue 23: never a match)."""
        if record.get("vat"):
            partner_id = known["vat"].get(record["vat"])
            if partner_id:
                return partner_id
        conflict = False
        for kind, key in _debtor_keys(record):
            partner_id = known[kind].get(key) if kind != "vat" else False
            if not partner_id:
                continue
            if _tax_ids_conflict(record.get("vat"), known["partner_vat"].get(partner_id)):
                conflict = True
                continue
            return partner_id
        return None if conflict else False

    def _load_known_debtors(self, records, known):
        """Existing partners for the chunk's tax ids, e-mails and phones, in a few queries."""
        company = self.mandate_id.company_id
        excluded = self.env["res.company"].sudo().search([]).partner_id.ids + [
            self.mandate_id.creditor_id.id
        ]
        vat_of, emails, phones = {}, set(), set()
        for record in records:
            if record.get("vat") and record["vat"] not in known["vat"]:
                vat_of[record["vat"]] = record["vat"]
                vat_of[f"{record.get('vat_country', '')}{record['vat']}"] = record["vat"]
            if record.get("email") and record["email"] not in known["email"]:
                emails.add(record["email"])
            for field in ("mobile", "phone"):
                if record.get(field) and record[field] not in known["phone"]:
                    phones.add(record[field])
        self.env["res.partner"].flush_model(
            ["vat", "email_normalized", "collection_phone_e164", "active", "company_id"]
        )
        queries = (
            ("vat", "vat", set(vat_of)),
            ("email", "email_normalized", emails),
            ("phone", "collection_phone_e164", phones),
        )
        for kind, column, values in queries:
            if not values:
                continue
            self.env.cr.execute(
                SQL(
                    """
                    SELECT %(column)s, min(id) FROM res_partner
                     WHERE %(column)s = ANY(%(values)s) AND active
                       AND (company_id IS NULL OR company_id = %(company)s)
                       AND NOT (id = ANY(%(excluded)s))
                     GROUP BY %(column)s
                    """,
                    column=SQL.identifier(column),
                    values=list(values),
                    company=company.id,
                    excluded=excluded,
                )
            )
            for value, partner_id in self.env.cr.fetchall():
                known[kind].setdefault(
                    vat_of.get(value, value) if kind == "vat" else value, partner_id
                )
        matched = {pid for kind in ("email", "phone") for pid in known[kind].values()}
        matched -= set(known["partner_vat"])
        if matched:
            for partner in self.env["res.partner"].browse(matched).with_context(active_test=False):
                known["partner_vat"][partner.id] = partner.vat or ""

    def _prepare_debtor_values(self, record):
        country = self.env["res.country"].browse(record["country_id"])
        lang = {"ES": "es_ES", "IT": "it_IT", "MX": "es_MX", "CO": "es_CO", "AR": "es_AR"}.get(
            country.code
        )
        langs = {code for code, _name in self.env["res.lang"].get_installed()}
        values = {
            "name": record["name"],
            "vat": record.get("vat") or False,
            "is_company": record.get("is_company", False),
            "country_id": record["country_id"],
            "street": record["street"],
            "street2": record["street2"],
            "zip": record["zip"],
            "city": record["city"],
            "phone": record["phone"],
            "mobile": record["mobile"],
            "email": record["email"],
            "company_id": self.mandate_id.company_id.id,
            "customer_rank": 1,
        }
        if lang and lang not in langs:
            lang = lang[:2] + "_ES" if lang[:2] == "es" else None
        if lang in langs:
            values["lang"] = lang
        return values


def _tax_ids_conflict(vat, other):
    """Two tax ids that are both given and differ (a country prefix aside)."""
    if not vat or not other:
        return False
    vat, other = (re.sub(r"[^0-9A-Z]", "", str(v).upper()) for v in (vat, other))
    return vat != other and vat[2:] != other and other[2:] != vat


def _debtor_keys(record):
    keys = []
    if record.get("vat"):
        keys.append(("vat", record["vat"]))
    if record.get("email"):
        keys.append(("email", record["email"]))
    for field in ("mobile", "phone"):
        if record.get(field):
            keys.append(("phone", record[field]))
    return keys


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
