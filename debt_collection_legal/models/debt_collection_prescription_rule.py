"""How long a kind of debt can be claimed in a country before it is time-barred."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DebtCollectionPrescriptionRule(models.Model):
    """How long a kind of debt can be claimed in a country before it is time-barred.

    The shipped rules are defaults for the user's counsel to confirm; each case uses one.
    """

    _name = "debt.collection.prescription.rule"
    _description = "Limitation Period"
    _order = "country_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    country_id = fields.Many2one("res.country", required=True, index=True, ondelete="restrict")
    years = fields.Integer(required=True, default=5)
    is_default = fields.Boolean(
        string="Default for the Country", help="Used for new cases of creditors of the country."
    )
    legal_basis = fields.Char(help="The article of law that sets the period.")
    note = fields.Text()

    _sql_constraints = [
        ("years_positive", "CHECK(years > 0)", "A limitation period lasts at least a year."),
    ]

    @api.constrains("is_default", "country_id", "active")
    def _check_one_default(self):
        for rule in self.filtered(lambda r: r.is_default and r.active):
            if self.search_count(
                [
                    ("id", "!=", rule.id),
                    ("country_id", "=", rule.country_id.id),
                    ("is_default", "=", True),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "%(country)s already has a default limitation period.",
                        country=rule.country_id.name,
                    )
                )

    @api.model
    def _default_for(self, country):
        if not country:
            return self.browse()
        return self.search(
            [("country_id", "=", country.id)], order="is_default desc, sequence", limit=1
        )
