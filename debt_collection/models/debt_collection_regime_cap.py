"""A regime's contact cap: at most so many contacts in a rolling period."""

from odoo import fields, models

from .debt_collection_regime import REGIME_CHANNELS


class DebtCollectionRegimeCap(models.Model):
    """At most ``max_contacts`` contacts on a channel (or on all of them) in a rolling period."""

    _name = "debt.collection.regime.cap"
    _description = "Contact Cap"
    _order = "regime_id, channel, days"

    regime_id = fields.Many2one("debt.collection.regime", required=True, ondelete="cascade")
    channel = fields.Selection(
        REGIME_CHANNELS + [("any", "All Channels Together")], required=True, default="any"
    )
    max_contacts = fields.Integer(
        string="Contacts", required=True, default=1, help="Contacts allowed in the period."
    )
    days = fields.Integer(
        string="Rolling Period (days)", required=True, default=7, help="The period, in days."
    )

    _sql_constraints = [
        (
            "max_contacts_positive",
            "CHECK(max_contacts >= 1 AND days >= 1)",
            "A cap allows at least one contact in a period of at least one day.",
        )
    ]

    def _channel_label(self):
        self.ensure_one()
        return dict(self._fields["channel"]._description_selection(self.env))[self.channel]
