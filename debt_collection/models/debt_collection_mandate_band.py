"""A commission band of a mandate."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DebtCollectionMandateBand(models.Model):
    """A commission band of a mandate.

    By days overdue at placement, a debt placed that many days after its due date or more
    earns the band's rate on everything recovered. By amount recovered, each band's rate
    applies to the slice of one debt's recovery from its threshold to the next band's (as
    tax brackets): the rate never jumps back over money already recovered.
    """

    _name = "debt.collection.mandate.band"
    _description = "Commission Band"
    _order = "mandate_id, threshold"

    mandate_id = fields.Many2one(
        "debt.collection.mandate", required=True, index=True, ondelete="cascade"
    )
    threshold = fields.Float(
        string="From", required=True, help="Days overdue at placement, or amount recovered."
    )
    rate = fields.Float(string="Commission (%)", digits=(5, 2), required=True)

    _sql_constraints = [
        ("threshold_uniq", "unique(mandate_id, threshold)", "Two bands cannot start alike.")
    ]

    @api.constrains("threshold", "rate")
    def _check_band(self):
        for band in self:
            if band.threshold < 0:
                raise ValidationError(self.env._("A band cannot start below 0."))
            if not 0 <= band.rate <= 100:
                raise ValidationError(self.env._("A commission rate is between 0 and 100 %."))
