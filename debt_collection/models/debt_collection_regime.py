"""A compliance regime: when, how often and by which channels a debtor may be contacted."""

import logging

import pytz

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

_logger = logging.getLogger(__name__)

# The channels a regime may allow or forbid, and that its caps count
REGIME_CHANNELS = [
    ("email", "E-mail"),
    ("letter", "Letter"),
    ("sms", "SMS"),
    ("call", "Phone Call"),
    ("visit", "Home Visit"),
]
# Results of a call or visit that mean the debtor was spoken to (Reg. F's "conversation")
CONVERSATION_RESULTS = ("reached", "promise", "refuses", "disputes", "paid_already")
# Results of a call or visit that mean a person tried to reach the debtor
ATTEMPT_RESULTS = CONVERSATION_RESULTS + ("no_answer", "left_message", "not_home", "wrong_number")


def _tz_names(_model=None):
    # a selection callable is called with the model when the field is described (fields_get)
    return [(name, name) for name in sorted(pytz.all_timezones)]


class DebtCollectionRegime(models.Model):
    """A compliance regime: when, how often and by which channels a debtor may be contacted,
    and what the law of the debtor's country asks of collection (CG-1..CG-3, CG-9, PR-3).

    The presets (ES, IT, MX, CO, US) are defaults for counsel to confirm; managers edit them.
    """

    _name = "debt.collection.regime"
    _inherit = ["debt.collection.regime.cached"]
    _description = "Compliance Regime"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code of the regime, e.g. the country code of a preset.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", ondelete="restrict", help="Leave empty for a regime every company may use."
    )
    country_id = fields.Many2one(
        "res.country",
        ondelete="restrict",
        help="Debtors of this country fall under this regime (unless a mandate says otherwise).",
    )
    tz = fields.Selection(
        _tz_names,
        string="Time Zone",
        help="Local time of debtors who have no time zone of their own; empty: the main time "
        "zone of the country.",
    )
    window_ids = fields.One2many(
        "debt.collection.regime.window", "regime_id", string="Contact Windows", copy=True
    )
    holiday_ids = fields.One2many(
        "debt.collection.regime.holiday", "regime_id", string="Public Holidays", copy=True
    )
    contact_on_holidays = fields.Boolean(
        help="Whether the debtor may be contacted on the public holidays listed here."
    )
    holidays_missing = fields.Char(
        compute="_compute_holidays_missing",
        help="Says which coming year has no public holiday listed yet: holidays are data "
        "the manager adds each year (the presets carry 2026 and 2027).",
    )
    cap_ids = fields.One2many(
        "debt.collection.regime.cap", "regime_id", string="Contact Caps", copy=True
    )
    allow_email = fields.Boolean(string="E-mail Allowed", default=True)
    allow_letter = fields.Boolean(string="Letters Allowed", default=True)
    allow_sms = fields.Boolean(string="SMS Allowed", default=True)
    allow_call = fields.Boolean(string="Calls Allowed", default=True)
    allow_visit = fields.Boolean(string="Visits Allowed", default=True)
    require_consent = fields.Boolean(
        string="Only Authorised Channels",
        help="The debtor must have authorised a contact point for a channel before it is used.",
    )
    cooling_off_days = fields.Integer(
        string="Cooling-off after a Conversation (days)",
        help="No call or visit within these days after the debtor was spoken to.",
    )
    min_days_between = fields.Integer(
        string="Days Between Two Contacts",
        help="The least number of days between two contacts of the debtor, on any channel.",
    )
    optout_text = fields.Text(
        string="Opt-out Wording",
        translate=True,
        help="The sentence before the opt-out link of every e-mail and SMS.",
    )
    interest_business = fields.Boolean(
        string="Statutory Interest: Businesses",
        help="Late-payment interest of the law is charged to business debtors.",
    )
    interest_public = fields.Boolean(string="Statutory Interest: Public Bodies")
    interest_consumer = fields.Boolean(string="Statutory Interest: Consumers")
    bureau_notice_days = fields.Integer(
        string="Notice before Credit Bureau (days)",
        help="Days between the notice to the debtor and reporting the debt to a credit bureau.",
    )
    retention_days = fields.Integer(
        string="Retention after Closing (days)",
        help="Personal data of a closed case is anonymised this many days after closing "
        "(0: never). Cases under dispute, litigation or legal hold are kept.",
    )
    legal_sources = fields.Text(
        translate=True, help="The laws and rules this regime follows, to be confirmed by counsel."
    )

    _sql_constraints = [
        (
            "days_positive",
            (
                "CHECK(cooling_off_days >= 0 AND min_days_between >= 0 "
                "AND bureau_notice_days >= 0 AND retention_days >= 0)"
            ),
            "Numbers of days cannot be negative.",
        )
    ]

    @api.depends("holiday_ids.date", "contact_on_holidays")
    def _compute_holidays_missing(self):
        year = fields.Date.context_today(self).year
        for regime in self:
            years = {holiday.date.year for holiday in regime.holiday_ids}
            missing = [y for y in (year, year + 1) if y not in years]
            regime.holidays_missing = (
                self.env._(
                    "No public holidays are listed for %(years)s: until you add them, those "
                    "days count as working days.",
                    years=", ".join(str(y) for y in missing),
                )
                if missing and not regime.contact_on_holidays
                else False
            )

    @api.constrains("country_id", "company_id", "active")
    def _check_one_per_country(self):
        for regime in self.filtered(lambda r: r.country_id and r.active):
            clash = self.search_count(
                [
                    ("id", "!=", regime.id),
                    ("country_id", "=", regime.country_id.id),
                    ("company_id", "=", regime.company_id.id),
                ]
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "There is already an active regime for %(country)s.",
                        country=regime.country_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Retention (PR-3)
    # ------------------------------------------------------------------

    @api.model
    def _cron_check_holidays(self):
        """A yearly reminder in the server log for the regimes whose coming year has no
        holidays yet; the regime's form says it too."""
        regimes = self.search([]).filtered("holidays_missing")
        for regime in regimes:
            _logger.warning(
                "Compliance regime %s: %s", regime.code or regime.id, regime.holidays_missing
            )
        return regimes

    @api.model
    def _cron_anonymise(self):
        """Anonymise the closed cases whose regime's retention period is over, skipping legal
        holds, litigation and disputes; running it twice changes nothing the second time."""
        Case = self.env["debt.collection.case"]
        candidates = Case.search(
            [
                ("state", "in", ("paid", "settled", "written_off", "court")),
                ("collection_anonymised_date", "=", False),
                ("date_closed", "!=", False),
            ]
        )
        today = fields.Date.context_today(self)
        due = Case.browse()
        for case in candidates:
            regime = case._collection_regime()
            if not regime.retention_days or case._collection_retention_blocked():
                continue
            if (today - case.date_closed).days > regime.retention_days:
                due |= case
        return due._collection_anonymise()

    # ------------------------------------------------------------------
    # Which regime, which local time
    # ------------------------------------------------------------------

    @api.model
    def _regime_for(self, country, company):
        """The regime of debtors of ``country`` collected by ``company``: the company's own
        regime for the country, a shared one, else the company's default regime."""
        regime_id = self._regime_id_for(country.id or False, company.id)
        return self.browse(regime_id) if regime_id else self.browse()

    @api.model
    @tools.ormcache("country_id", "company_id")
    def _regime_id_for(self, country_id, company_id):
        # sudo: which law applies does not depend on who asks
        Regime = self.sudo()
        if country_id:
            regime = Regime.search(
                [("country_id", "=", country_id), ("company_id", "in", [company_id, False])],
                order="company_id, sequence, id",
                limit=1,
            )
            if regime:
                return regime.id
        company = self.env["res.company"].sudo().browse(company_id)
        return company.collection_regime_id.id or False

    def _zone(self, partner, company=None):
        """The debtor's time zone: their own, else the regime's, else their country's main
        zone, else the company's."""
        names = [partner.tz, self.tz]
        country = partner.country_id or self.country_id
        if country.code:
            names += pytz.country_timezones.get(country.code, [])[:1]
        if company:
            names.append(company.partner_id.tz)
        for name in names:
            if name:
                try:
                    return pytz.timezone(name)
                except pytz.UnknownTimeZoneError:
                    continue
        return pytz.utc

    # ------------------------------------------------------------------
    # The rules (the case's gate asks them; each returns a reason or "")
    # ------------------------------------------------------------------

    def _channel_refusal(self, channel):
        self.ensure_one()
        if channel == "visit" and not self.allow_visit:
            return self.env._(
                "Visits to debtors are not allowed under %(regime)s.", regime=self.name
            )
        if channel in dict(REGIME_CHANNELS) and not self[f"allow_{channel}"]:
            return self.env._(
                "The channel %(channel)s is not allowed under %(regime)s.",
                channel=self._channel_label(channel),
                regime=self.name,
            )
        return ""

    @api.model
    def _channel_label(self, channel):
        field = self.env["debt.collection.regime.cap"]._fields["channel"]
        return dict(field._description_selection(self.env)).get(channel, channel)

    def _time_refusal(self, local):
        """Why ``local`` (an aware datetime in the debtor's zone) is outside the regime's
        contact time, or ""."""
        self.ensure_one()
        windows, holidays = self._time_table(self.id)
        if not self.contact_on_holidays and local.date() in holidays:
            return self.env._(
                "%(date)s is a public holiday (%(name)s): no contact.",
                date=format_date(self.env, local.date()),
                name=holidays[local.date()],
            )
        hour = local.hour + local.minute / 60.0 + local.second / 3600.0
        day = windows.get(local.weekday())
        if not day:
            return self.env._(
                "No contact on this day of the week under %(regime)s.", regime=self.name
            )
        if not any(start <= hour < end for start, end in day):
            return self.env._(
                "Outside the contact hours of %(regime)s in the debtor's local time (%(time)s).",
                regime=self.name,
                time=local.strftime("%H:%M"),
            )
        return ""

    @api.model
    @tools.ormcache("regime_id", "self.env.lang")
    def _time_table(self, regime_id):
        """({weekday: [(from, to)]}, {date: holiday name}) of a regime, read once: the gate
        asks it for every step of a run (the line models clear the cache when they change)."""
        regime = self.sudo().browse(regime_id)
        windows = {}
        for window in regime.window_ids:
            windows.setdefault(int(window.weekday), []).append((window.hour_from, window.hour_to))
        holidays = {holiday.date: holiday.name for holiday in regime.holiday_ids}
        return windows, holidays

    def _frequency_refusal(self, channel, history, now):
        """Why one more contact on ``channel`` at ``now`` would break a cap, the cooling-off or
        the spacing, given ``history``: the debtor's contacts as (datetime, channel,
        conversation) tuples."""
        self.ensure_one()
        for cap in self.cap_ids:
            if cap.channel not in (channel, "any"):
                continue
            since = fields.Datetime.subtract(now, days=cap.days)
            count = sum(
                1 for date, ch, _talk in history if date > since and cap.channel in (ch, "any")
            )
            if count >= cap.max_contacts:
                return self.env._(
                    "Contact cap of %(regime)s: %(count)s of %(limit)s contacts (%(channel)s) "
                    "in %(days)s days.",
                    regime=self.name,
                    count=count,
                    limit=cap.max_contacts,
                    channel=cap._channel_label(),
                    days=cap.days,
                )
        if self.cooling_off_days and channel in ("call", "visit"):
            since = fields.Datetime.subtract(now, days=self.cooling_off_days)
            if any(talk and date > since for date, _ch, talk in history):
                return self.env._(
                    "The debtor was spoken to less than %(days)s days ago (%(regime)s).",
                    days=self.cooling_off_days,
                    regime=self.name,
                )
        if self.min_days_between:
            since = fields.Datetime.subtract(now, days=self.min_days_between)
            if any(date > since for date, _ch, _talk in history):
                return self.env._(
                    "Less than %(days)s days since the last contact (%(regime)s).",
                    days=self.min_days_between,
                    regime=self.name,
                )
        return ""

    @api.model
    def _history_days(self):
        """How far back the contact history must reach for every regime's rules."""
        days = [7]
        for regime in self.sudo().search([]):
            days += [regime.cooling_off_days, regime.min_days_between]
            days += regime.cap_ids.mapped("days")
        return max(days)
