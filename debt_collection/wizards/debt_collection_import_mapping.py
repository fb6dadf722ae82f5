"""Column mapping of a portfolio file: which column holds which field, saved per mandate."""

from odoo import models
from odoo.exceptions import UserError

from ..tools.portfolio_parsing import (
    REQUIRED_FIELDS,
    cell_text,
    guess_field,
    is_total_row,
    normalize_header,
)


class DebtCollectionImport(models.TransientModel):
    _inherit = "debt.collection.import"

    # ------------------------------------------------------------------
    # Mapping the columns
    # ------------------------------------------------------------------

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
