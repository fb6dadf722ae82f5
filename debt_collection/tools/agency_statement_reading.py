"""Reading an agency's remittance statement (our agency mode's XLSX, or a mapped CSV) into rows.

Pure functions (no ORM): the statement model checks and books what they return.
"""

import csv
import io
from datetime import date, datetime

from .portfolio_parsing import ParseError, cell_text, normalize_header, parse_amount

# The totals our agency mode's XLSX prints under its lines, in this order
XLSX_TOTALS = (
    "collected",
    "commission",
    "fees",
    "tax",
    "commission_total",
    "debtor_fees",
    "remitted",
)
# CSV columns and the header words that name them by default
CSV_FIELDS = {
    "ref": ("invoice number", "your reference", "invoice", "reference", "factura", "fattura"),
    "collected": ("collected", "amount collected", "cobrado", "incassato", "riscosso"),
    "commission": ("commission", "comision", "commissione"),
    "tax": ("vat", "iva", "tax"),
    "fee": ("fee", "fees", "gastos", "spese"),
}


def xlsx_rows(data):
    """Every row of the first sheet as a list of values."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def read_remittance_xlsx(rows, kinds):
    """(reference, [line dicts], {total: amount}) of our agency mode's statement.

    ``kinds`` maps a line's label (in any installed language) to its kind. Layout: the title
    "... <reference>" in A1, a header row, one row per line starting with its date, an empty
    row, then the totals (label in column D, amount in column E).
    """
    if not rows or not rows[0] or not cell_text(rows[0][0]):
        raise ParseError("not_a_statement")
    reference = cell_text(rows[0][0]).split()[-1]
    lines, totals, index = [], {}, 0
    while index < len(rows) and not _is_date((rows[index] or [None])[0]):
        index += 1
    if index >= len(rows):
        raise ParseError("not_a_statement")
    while index < len(rows) and _is_date((rows[index] or [None])[0]):
        row = list(rows[index]) + [None] * 9
        label = cell_text(row[1])
        values = [_number(value) for value in row[4:9]]
        collected, direct, _base, commission, fee = values
        kind = kinds.get(normalize_header(label))
        if not kind:
            kind = "fee" if fee else "payment"
        lines.append(
            {
                "row": index + 1,
                "date": _as_date(row[0]),
                "kind": kind,
                "ref": cell_text(row[2]),
                "debtor": cell_text(row[3]),
                "collected": collected,
                "direct": direct,
                "commission": commission,
                "fee": fee,
            }
        )
        index += 1
    found = []
    for row in rows[index:]:
        row = list(row or []) + [None] * 5
        if cell_text(row[3]) and isinstance(row[4], (int, float)):
            found.append(float(row[4]))
    if len(found) >= len(XLSX_TOTALS):
        totals = dict(zip(XLSX_TOTALS, found[: len(XLSX_TOTALS)], strict=True))
    return reference, lines, totals


def read_mapped_csv(data, columns, decimals=2):
    """[line dicts] of a CSV whose header names the columns (``columns``: field -> header)."""
    text = data.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    separator = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    header = [normalize_header(title) for title in next(reader, [])]
    positions = {}
    for field, synonyms in CSV_FIELDS.items():
        wanted = [normalize_header(columns.get(field) or "")] + list(synonyms)
        for name in wanted:
            if name and name in header:
                positions[field] = header.index(name)
                break
    if "ref" not in positions or "collected" not in positions:
        raise ParseError("no_columns")
    lines = []
    for number, values in enumerate(reader, start=2):
        if not any(cell.strip() for cell in values):
            continue
        line = {"row": number, "kind": "payment", "debtor": "", "direct": 0.0, "errors": []}
        line["ref"] = values[positions["ref"]].strip() if positions["ref"] < len(values) else ""
        for field in ("collected", "commission", "tax", "fee"):
            raw = (
                values[positions[field]]
                if field in positions and positions[field] < len(values)
                else ""
            )
            try:
                line[field] = float(parse_amount(raw, decimals)[0]) if raw.strip() else 0.0
            except ParseError:
                line[field] = 0.0
                line["errors"].append((field, raw))
        if line["fee"] and not line["collected"]:
            line["kind"] = "fee"
        elif line["commission"] and not line["collected"]:
            # commission on what the debtor paid the creditor directly
            line["kind"] = "direct"
        lines.append(line)
    return lines


def _is_date(value):
    return isinstance(value, (date, datetime))


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def _number(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return 0.0
