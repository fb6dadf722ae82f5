"""The regimes' rules for WhatsApp: allowed or not, and one channel at a time (CG-2, CG-16)."""

from odoo import fields, models


class DebtCollectionRegime(models.Model):
    _inherit = "debt.collection.regime"

    allow_whatsapp = fields.Boolean(string="WhatsApp Allowed", default=True)
    one_channel_days = fields.Integer(
        string="One Channel per Period (days)",
        help="Within this many days the debtor is contacted on one channel only (Colombia: "
        "not several channels in the same week). 0: no such rule.",
    )

    _sql_constraints = [
        ("one_channel_days_positive", "CHECK(one_channel_days >= 0)", "Days cannot be negative.")
    ]

    def _channel_refusal(self, channel):
        if channel == "whatsapp" and not self.allow_whatsapp:
            return self.env._(
                "The channel %(channel)s is not allowed under %(regime)s.",
                channel=self._channel_label(channel),
                regime=self.name,
            )
        return super()._channel_refusal(channel)

    def _frequency_refusal(self, channel, history, now):
        reason = super()._frequency_refusal(channel, history, now)
        if reason or not self.one_channel_days:
            return reason
        since = fields.Datetime.subtract(now, days=self.one_channel_days)
        used = {ch for date, ch, _talk in history if date > since and ch != channel}
        if used:
            labels = ", ".join(sorted(self._channel_label(ch) for ch in used))
            return self.env._(
                "Under %(regime)s the debtor is contacted on one channel in %(days)s days; "
                "already contacted by %(channels)s.",
                regime=self.name,
                days=self.one_channel_days,
                channels=labels,
            )
        return ""


class DebtCollectionRegimeCap(models.Model):
    _inherit = "debt.collection.regime.cap"

    channel = fields.Selection(
        selection_add=[("whatsapp", "WhatsApp")], ondelete={"whatsapp": "cascade"}
    )
