"""A regime's contact hours on one weekday, in the debtor's local time."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class DebtCollectionRegimeWindow(models.Model):
    """Hours of one weekday in which a debtor may be contacted, in the debtor's local time.
    A weekday without a window is a day without contact."""

    _name = "debt.collection.regime.window"
    _inherit = ["debt.collection.regime.cached"]
    _description = "Contact Window"
    _order = "regime_id, weekday, hour_from"

    regime_id = fields.Many2one("debt.collection.regime", required=True, ondelete="cascade")
    weekday = fields.Selection(WEEKDAYS, required=True)
    hour_from = fields.Float(string="From", required=True, default=8.0)
    hour_to = fields.Float(string="Until", required=True, default=21.0)

    @api.constrains("hour_from", "hour_to")
    def _check_hours(self):
        for window in self:
            if not 0 <= window.hour_from < window.hour_to <= 24:
                raise ValidationError(
                    self.env._("A contact window runs from an earlier to a later hour of the day.")
                )
