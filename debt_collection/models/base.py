"""A guard on every model of the suite: no amount, count or rate beyond what rounds to cents."""

import math

from odoo import api, models
from odoo.exceptions import ValidationError

# No amount, count or rate of collection comes near it; past it a float no longer rounds to
# cents (1e308 overflows the rounding) and an integer no longer fits its column
MAX_NUMBER = 1e15
SUITE_PREFIX = "debt.collection."


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model_create_multi
    def create(self, vals_list):
        if self._name.startswith(SUITE_PREFIX):
            for vals in vals_list:
                self._collection_check_numbers(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self._name.startswith(SUITE_PREFIX):
            self._collection_check_numbers(vals)
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        if self._name.startswith(SUITE_PREFIX):
            self._collection_check_numbers(values)
        return super().onchange(values, field_names, fields_spec)

    def _collection_check_numbers(self, vals):
        """A number of the suite's forms and wizards that is no number (inf, nan) or past any
        real figure is refused with a clear message, not an Internal Server Error."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if not field or field.type not in ("float", "monetary", "integer"):
                continue
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            if not math.isfinite(value) or abs(value) > MAX_NUMBER:
                raise ValidationError(
                    self.env._(
                        "%(field)s: please enter a valid number.",
                        field=field._description_string(self.env),
                    )
                )
