"""Reporting mixin: rates in pivot views as a ratio of sums, never a mean of rates."""

from odoo import models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL


class DebtCollectionReportMixin(models.AbstractModel):
    """Rates in pivot views computed as a ratio of sums, never as a mean of rates.

    ``_ratio_measures`` maps a rate field to (numerator column, denominator column, factor):
    a group's recovery rate is what it recovered over what it was placed, whatever the size of
    each case.
    """

    _name = "debt.collection.report.mixin"
    _description = "Collection Report Rates"

    _ratio_measures = {}

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec != "__count":
            fname, _property, _func = parse_read_group_spec(aggregate_spec)
            if fname in self._ratio_measures:
                numerator, denominator, factor = self._ratio_measures[fname]
                return SQL(
                    "ROUND((%s * SUM(%s) / NULLIF(SUM(%s), 0))::numeric, 2)",
                    factor,
                    self._field_to_sql(self._table, numerator, query),
                    self._field_to_sql(self._table, denominator, query),
                )
        return super()._read_group_select(aggregate_spec, query)
