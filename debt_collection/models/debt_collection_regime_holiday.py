"""A regime's public holiday: no contact that day unless allowed."""

from odoo import fields, models


class DebtCollectionRegimeHoliday(models.Model):
    """A public holiday of a regime: no contact that day unless the regime allows it."""

    _name = "debt.collection.regime.holiday"
    _inherit = ["debt.collection.regime.cached"]
    _description = "Public Holiday"
    _order = "regime_id, date"

    regime_id = fields.Many2one("debt.collection.regime", required=True, ondelete="cascade")
    date = fields.Date(required=True)
    name = fields.Char(required=True, translate=True)

    _sql_constraints = [
        ("date_uniq", "unique(regime_id, date)", "A regime lists a holiday only once.")
    ]
