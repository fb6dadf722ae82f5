"""The mandate's terms: commission rates and bands, fees per action, remittance periods."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class DebtCollectionMandate(models.Model):
    _inherit = "debt.collection.mandate"

    @api.constrains("commission_type", "commission_rate", "band_ids", "max_discount")
    def _check_commission(self):
        for mandate in self:
            if not 0 <= mandate.commission_rate <= 100:
                raise ValidationError(self.env._("A commission rate is between 0 and 100 %."))
            if not 0 <= mandate.max_discount <= 100:
                raise ValidationError(self.env._("A discount is between 0 and 100 %."))
            if mandate.commission_type != "flat" and mandate.state == "active":
                if not mandate.band_ids:
                    raise ValidationError(
                        self.env._(
                            "Give the commission bands of mandate %(name)s.", name=mandate.name
                        )
                    )
                if float_compare(min(mandate.band_ids.mapped("threshold")), 0.0, 2) > 0:
                    raise ValidationError(self.env._("The first commission band must start at 0."))

    def _next_remittance_period(self):
        """(first day, last day) of the period after the last remittance."""
        self.ensure_one()
        last = self.env["debt.collection.remittance"].search(
            [("mandate_id", "=", self.id)], order="date_to desc", limit=1
        )
        start = last.date_to + timedelta(days=1) if last else self._period_start(self.date_start)
        return start, self._period_end(start)

    def _remittance_period_proposal(self):
        """{"date_from", "date_to"} proposed for the next remittance: from the day after the
        last one to the end of the last period ended by today, so that periods with nothing
        collected are part of the next remittance rather than empty ones of their own (the
        next period, not yet ended, when none has ended)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        date_from, date_to = self._next_remittance_period()
        end = self._period_end(date_to + timedelta(days=1))
        while end <= today:
            date_to = end
            end = self._period_end(end + timedelta(days=1))
        return {"date_from": date_from, "date_to": date_to}

    def _period_start(self, day):
        if self.remittance_frequency == "weekly":
            return day - timedelta(days=day.weekday())
        if self.remittance_frequency == "quarterly":
            return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        return day.replace(day=1)

    def _period_end(self, start):
        if self.remittance_frequency == "weekly":
            return start + timedelta(days=6 - start.weekday())
        months = 3 if self.remittance_frequency == "quarterly" else 1
        return self._period_start(start) + relativedelta(months=months, days=-1)

    def _commission_rate_for(self, value):
        """Rate (%) of the band a value (days overdue) falls in."""
        self.ensure_one()
        rate = 0.0
        for band in self.band_ids.sorted("threshold"):
            if value >= band.threshold:
                rate = band.rate
        return rate

    def _commission_tiered(self, amount):
        """Commission on ``amount`` recovered on one debt, each band's rate on its slice."""
        self.ensure_one()
        bands = self.band_ids.sorted("threshold")
        total = 0.0
        for index, band in enumerate(bands):
            upper = bands[index + 1].threshold if index + 1 < len(bands) else None
            if amount <= band.threshold:
                break
            slice_top = amount if upper is None else min(amount, upper)
            total += (slice_top - band.threshold) * band.rate / 100.0
        return total

    def _get_fee(self, channel):
        self.ensure_one()
        return self.fee_ids.filtered(lambda fee: fee.channel == channel)[:1]
