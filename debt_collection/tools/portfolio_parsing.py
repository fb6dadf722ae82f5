"""Reading the values of a creditor's portfolio file as people type them.

Pure functions (no ORM) used by the import wizard: day-first dates, amounts with decimal
commas and thousand dots, tax ids checked with ``stdnum`` where the country is known, and
the header synonyms that map a file's columns to the allow-listed fields (PR-1).
"""

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import stdnum
from stdnum.exceptions import ValidationError as StdnumError

# Allow-listed columns of a portfolio file (PR-1): nothing else is kept
DEBTOR_FIELDS = ("name", "vat", "country", "street", "street2", "zip", "city")
CONTACT_FIELDS = ("phone", "mobile", "email")
DEBT_FIELDS = ("ref", "date_original", "date_due", "amount", "currency", "description")
REQUIRED_FIELDS = ("name", "ref", "date_due", "amount")

# Header synonyms (Spanish, Italian, English), compared without accents, case or punctuation
HEADER_SYNONYMS = {
    "name": (
        "nombre",
        "nombre deudor",
        "deudor",
        "razon social",
        "nombre o razon social",
        "cliente",
        "titular",
        "debtor",
        "debtor name",
        "name",
        "customer",
        "nome",
        "nominativo",
        "ragione sociale",
        "denominazione",
        "debitore",
        "cognome e nome",
        "cognome nome",
        "nome e cognome",
        "nome cognome",
        "cliente debitore",
    ),
    "vat": (
        "nif",
        "nie",
        "cif",
        "dni",
        "nif cif",
        "nif nie",
        "cif nif",
        "dni cif",
        "cif dni",
        "nif dni",
        "nie nif",
        "dni nie nif",
        "n i f",
        "c i f",
        "d n i",
        "dni nie",
        "dni nif",
        "documento",
        "identificacion",
        "tax id",
        "vat",
        "vat number",
        "codice fiscale",
        "cod fiscale",
        "cod fisc",
        "c f",
        "codice fiscale partita iva",
        "codice fiscale p iva",
        "p iva codice fiscale",
        "partita iva codice fiscale",
        "p iva cf",
        "p iva c f",
        "c f p iva",
        "cf",
        "partita iva",
        "piva",
        "p iva",
        "cf piva",
        "rfc",
        "nit",
        "cuit",
    ),
    "country": ("pais", "country", "paese", "nazione", "country code"),
    "street": ("direccion", "domicilio", "calle", "address", "street", "indirizzo", "via"),
    "street2": ("direccion 2", "address 2", "street 2", "indirizzo 2"),
    "zip": ("cp", "codigo postal", "zip", "postal code", "postcode", "cap"),
    "city": (
        "poblacion",
        "ciudad",
        "localidad",
        "municipio",
        "city",
        "town",
        "citta",
        "comune",
        "localita",
    ),
    "phone": ("telefono", "telefono fijo", "phone", "tel", "telefono 1", "telephone"),
    "mobile": ("movil", "telefono movil", "celular", "mobile", "cellulare", "cell"),
    "email": (
        "email",
        "e mail",
        "correo",
        "correo electronico",
        "mail",
        "posta elettronica",
        "pec",
    ),
    "ref": (
        "referencia",
        "ref",
        "reference",
        "su referencia",
        "numero factura",
        "numero de factura",
        "n o factura",
        "n o de factura",
        "no de factura",
        "documento factura",
        "n factura",
        "no factura",
        "num factura",
        "nro factura",
        "factura",
        "invoice",
        "invoice number",
        "creditor reference",
        "your reference",
        "riferimento",
        "numero fattura",
        "n fattura",
        "n o fattura",
        "nr fattura",
        "num fattura",
        "numero documento fattura",
        "rif fattura",
        "riferimento fattura",
        "fattura",
    ),
    "date_original": (
        "fecha",
        "fecha factura",
        "fecha emision",
        "f emision",
        "f factura",
        "fecha de factura",
        "fecha de emision",
        "fecha origen",
        "date",
        "invoice date",
        "original date",
        "data",
        "data fattura",
        "data emissione",
        "data doc",
        "data documento",
    ),
    "date_due": (
        "vencimiento",
        "vto",
        "fecha vto",
        "fecha vencimiento",
        "fecha de vencimiento",
        "f vencimiento",
        "f vto",
        "f venc",
        "fecha venc",
        "fec vencimiento",
        "fec vto",
        "vencimiento factura",
        "due date",
        "due",
        "scadenza",
        "data scadenza",
        "data scad",
        "data di scadenza",
        "scad",
        "scadenza fattura",
    ),
    "amount": (
        "importe",
        "importe pendiente",
        "importe pte",
        "pendiente",
        "importe pendiente de pago",
        "importe debido",
        "saldo pendiente",
        "importe vencido",
        "importe adeudado",
        "deuda",
        "saldo",
        "amount",
        "amount due",
        "balance",
        "importo",
        "importo dovuto",
        "importo residuo",
        "residuo",
        "importo da pagare",
        "importo insoluto",
        "insoluto",
        "saldo residuo",
        "importo scaduto",
    ),
    "currency": ("moneda", "divisa", "currency", "valuta"),
    "description": (
        "concepto",
        "notas",
        "observaciones",
        "descripcion",
        "notes",
        "note",
        "description",
        "causale",
        "descrizione",
    ),
}

# What the first filled cell of a sum row says ("TOTAL", "Totale", "Suma total"): the row
# a spreadsheet adds at the bottom, not a debt
TOTAL_ROW_WORDS = {
    "total",
    "totales",
    "total general",
    "suma",
    "suma total",
    "totale",
    "totali",
    "totale generale",
    "somma",
    "grand total",
    "totals",
}

# currency words a header may end with
CURRENCY_WORDS = {"eur", "euro", "euros", "usd", "mxn", "cop"}

CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY"}

# Personal and company tax ids per country, tried in order; other countries use stdnum's VAT
TAX_ID_MODULES = {
    "ES": ("es.nif",),
    "IT": ("it.codicefiscale", "it.iva"),
    "MX": ("mx.rfc",),
    "CO": ("co.nit",),
    "AR": ("ar.cuit", "ar.dni"),
    "PT": ("pt.nif",),
    "FR": ("fr.tva", "fr.siren"),
    "DE": ("de.vat", "de.idnr"),
    "CL": ("cl.rut",),
    "PE": ("pe.ruc", "pe.cui"),
    "BR": ("br.cpf", "br.cnpj"),
}


class ParseError(ValueError):
    """A value that cannot be read; its message is translated by the caller's catalogue."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def normalize_header(text):
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def guess_field(header):
    """The allow-listed field a header names, or False. A currency after the name
    ("Importe pendiente (EUR)", "Importo residuo €") does not change what it names."""
    key = normalize_header(header)
    words = key.split()
    if len(words) > 1 and words[-1] in CURRENCY_WORDS:
        key = " ".join(words[:-1])
    for field, synonyms in HEADER_SYNONYMS.items():
        if key == field or key in synonyms:
            return field
    return False


def is_total_row(values):
    """Whether a row is the sum line a spreadsheet adds at the bottom ("TOTAL", "Totale"):
    its first filled cell says so and nothing in it is a debtor."""
    for value in values:
        text = cell_text(value)
        if text:
            return normalize_header(text) in TOTAL_ROW_WORDS
    return False


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
DATE_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")


def parse_date(value, today=None):
    """A date typed day first (31/12/2024, 31-12-24, 31.12.2024) or ISO (a spreadsheet's
    real dates arrive as dates or as ISO text); raises ParseError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        raise ParseError("not_a_date", value=cell_text(value))
    text = str(value).strip()
    match = DATE_ISO.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = DATE_DAY_FIRST.match(text)
        if not match:
            raise ParseError("not_a_date", value=text)
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            # two-digit years: this century unless that puts the date over a year ahead
            pivot = ((today or date.today()).year + 1) % 100
            year += 2000 if year <= pivot else 1900
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError("not_a_date", value=text) from None


AMOUNT_NOISE = re.compile(r"[\s\u00a0\u202f']")


def parse_amount(value, decimals=2, decimal_separator=","):
    """(Decimal amount, currency code or None) from a cell: 1.234,56 / 1,234.56 / 1234,5 /
    "1.234,56 €"; a typed number as is. Raises ParseError; never guesses past the
    currency's decimals."""
    if isinstance(value, bool):
        raise ParseError("not_an_amount", value=str(value))
    if isinstance(value, (int, float)):
        amount = Decimal(repr(value))
        quantized = round(amount, decimals)
        if abs(amount - quantized) > Decimal("0.000001"):
            raise ParseError("too_many_decimals", value=cell_text(value))
        return quantized, None
    text = AMOUNT_NOISE.sub("", str(value or ""))
    if not text:
        raise ParseError("missing")
    currency = None
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in text:
            currency = code
            text = text.replace(symbol, "")
    match = re.match(r"^([A-Za-z]{3})?([-+(]?[0-9.,]+\)?)([A-Za-z]{3})?$", text)
    if not match:
        raise ParseError("not_an_amount", value=str(value).strip())
    code_before, number, code_after = match.groups()
    if code_before or code_after:
        currency = (code_before or code_after).upper()
    negative = number.startswith("-") or (number.startswith("(") and number.endswith(")"))
    number = number.strip("-+()")
    number = _normalize_number(number, decimal_separator, str(value).strip())
    try:
        amount = Decimal(number)
    except InvalidOperation:
        raise ParseError("not_an_amount", value=str(value).strip()) from None
    if -amount.as_tuple().exponent > decimals:
        raise ParseError("too_many_decimals", value=str(value).strip())
    return (-amount if negative else amount), currency


def _normalize_number(number, decimal_separator, original):
    """Digits with one "." for decimals, reading thousand and decimal separators."""
    has_dot, has_comma = "." in number, "," in number
    if has_dot and has_comma:
        decimal = "." if number.rfind(".") > number.rfind(",") else ","
    elif has_dot or has_comma:
        separator = "." if has_dot else ","
        parts = number.split(separator)
        if len(parts) > 2:
            decimal = None  # only a thousands separator repeats
        elif separator == decimal_separator or len(parts[1]) != 3:
            decimal = separator
        else:
            decimal = None  # "1.234" in a decimal-comma file is a thousand
        if decimal is None:
            _check_groups(parts, original)
            return "".join(parts)
    else:
        return number
    thousands = "," if decimal == "." else "."
    integer, _sep, fraction = number.rpartition(decimal)
    if thousands in integer:
        _check_groups(integer.split(thousands), original)
    if thousands in fraction or not fraction:
        raise ParseError("not_an_amount", value=original)
    return f"{integer.replace(thousands, '')}.{fraction}"


def _check_groups(groups, original):
    if not groups[0] or len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:]):
        raise ParseError("not_an_amount", value=original)


def compact_tax_id(value):
    return re.sub(r"[^A-Z0-9]", "", str(value or "").upper())


def check_tax_id(value, country_code):
    """(compact tax id, country code it was read in); raises ParseError when the check
    digits are wrong for a country stdnum knows. A leading country prefix is honoured."""
    compact = compact_tax_id(value)
    if not compact:
        raise ParseError("missing")
    prefix = compact[:2]
    if (
        prefix.isalpha()
        and len(compact) > 4
        and (country_code or "").upper() in ("", prefix)
        and _validators(prefix)
    ):
        country_code, compact = prefix, compact[2:]
    country_code = (country_code or "").upper()
    validators = _validators(country_code)
    if not validators:
        return compact, country_code
    for module in validators:
        try:
            module.validate(compact)
            return compact, country_code
        except StdnumError:
            continue
    raise ParseError("bad_tax_id", value=str(value).strip(), country=country_code)


def _validators(country_code):
    if not country_code:
        return []
    names = TAX_ID_MODULES.get(country_code)
    if names:
        modules = []
        for name in dict.fromkeys(names):
            module = _load(name)
            if module:
                modules.append(module)
        return modules
    module = stdnum.get_cc_module(country_code.lower(), "vat")
    return [module] if module else []


def _load(name):
    try:
        country, module = name.split(".")
        return stdnum.get_cc_module(country, module)
    except (ImportError, ValueError):
        return None


def is_business_tax_id(compact, country_code):
    """Whether a tax id is a company's (Spanish CIF, Italian partita IVA, Mexican moral RFC)."""
    if country_code == "ES":
        return bool(compact) and compact[0] in "ABCDEFGHJNPQRSUVW"
    if country_code == "IT":
        return compact.isdigit() and len(compact) == 11
    if country_code == "MX":
        return len(compact) == 12
    return False
