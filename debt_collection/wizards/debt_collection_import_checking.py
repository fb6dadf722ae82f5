"""Checking every row of a portfolio file before anything is placed, and the check's report."""

from odoo import fields, models
from odoo.tools import SQL, email_normalize

from ..models.res_partner import _email_is_valid, parse_phone
from ..tools.portfolio_parsing import (
    REQUIRED_FIELDS,
    ParseError,
    cell_text,
    check_tax_id,
    is_business_tax_id,
    normalize_header,
    parse_amount,
    parse_date,
)

# Bad rows listed in the error of an import refused for them (all are in the check)
ERRORS_IN_MESSAGE = 30


class DebtCollectionImport(models.TransientModel):
    _inherit = "debt.collection.import"

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
                SQL(
                    """
                    SELECT p.name, b.name
                      FROM debt_collection_placement p
                      LEFT JOIN debt_collection_import_batch b ON b.id = p.batch_id
                     WHERE p.mandate_id = %s AND p.state = 'placed' AND p.name = ANY(%s)
                    """,
                    self.mandate_id.id,
                    refs[start : start + 10000],
                )
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
