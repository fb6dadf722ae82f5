from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.osv.expression import OR

from .debt_collection_stage import OUTBOUND_ACTIONS

VERIFY_TYPE = "debt_collection.mail_activity_type_collection_verify"
# Channels that put a person in touch with the debtor (the end of extrajudicial collection is
# an internal review, the legal notice is the legal group's)
CONTACT_CHANNELS = OUTBOUND_ACTIONS + ("call", "visit")


class DebtCollectionCase(models.Model):
    """Whether and how the debtor may be contacted: the contact gate and the data checks."""

    _inherit = "debt.collection.case"

    # ------------------------------------------------------------------
    # The gate: every contact asks it first
    # ------------------------------------------------------------------

    def _collection_may_contact(self, channel, when=None, contact_point=None):
        """(True, "") if the debtor may be contacted on ``channel`` at ``when``, else
        (False, translated reason).

        ``when`` is a UTC datetime (default: now); ``False`` asks about scheduling a step for
        a person (a call or visit activity), with no hour of the day to check. Rules: the
        debtor's cease-contact request, the company's cap of outbound contacts in its rolling
        window, and contact hours in the debtor's time zone (the debtor's own preferred hours
        for calls and visits). The compliance regimes replace these company rules per country.
        """
        self.ensure_one()
        partner, company = self.partner_id, self.company_id
        if channel not in CONTACT_CHANNELS:
            return True, ""
        if partner.collection_cease_contact:
            return False, self.env._("The debtor asked not to be contacted.")
        if channel in OUTBOUND_ACTIONS:
            counts = self.env.context.get("debt_collection_contact_counts")
            if counts is None:
                counts = self._collection_recent_contacts()
            if counts.get(partner.id, 0) >= company.collection_contact_cap:
                return False, self.env._(
                    "Contact limit reached: %(count)s contacts in %(days)s days.",
                    count=counts.get(partner.id, 0),
                    days=company.collection_contact_cap_days,
                )
        if when is False:
            return True, ""
        local = self._collection_local_time(when or fields.Datetime.now())
        if local.weekday() == 6 and not company.collection_contact_sunday:
            return False, self.env._("No contact on Sundays.")
        hour = local.hour + local.minute / 60.0
        start, end = company.collection_hour_from, company.collection_hour_to
        if channel in ("call", "visit") and partner.collection_hour_to:
            start = max(start, partner.collection_hour_from)
            end = min(end, partner.collection_hour_to)
        if not start <= hour < end:
            return False, self.env._("Outside the debtor's contact hours.")
        return True, ""

    def _collection_local_time(self, when):
        self.ensure_one()
        tz_name = self.partner_id.tz or self.company_id.partner_id.tz or "UTC"
        try:
            zone = pytz.timezone(tz_name)
        except pytz.UnknownTimeZoneError:
            zone = pytz.utc
        return pytz.utc.localize(when).astimezone(zone)

    def _collection_recent_contacts(self):
        """{debtor id: outbound contacts inside the longest cap window of the companies}."""
        days = max(self.company_id.mapped("collection_contact_cap_days") or [7])
        since = fields.Datetime.now() - timedelta(days=days)
        return {
            partner.id: count
            for partner, count in self.env["debt.collection.action"]._read_group(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("outbound", "=", True),
                    ("date", ">=", since),
                ],
                ["partner_id"],
                ["__count"],
            )
        }

    # ------------------------------------------------------------------
    # Contact data the next step needs
    # ------------------------------------------------------------------

    def _collection_check_contact_data(self, force=False):
        """Pipeline step: a debtor the next step cannot reach gets one 'Verify Contact Data'
        activity for the consultant (never a second while one is open)."""
        activity_type = self.env.ref(VERIFY_TYPE)
        if force:
            # any gap in the debtor's data, not only the next step's
            to_verify = self.filtered(lambda c: not c.partner_id._collection_contact_complete())
        else:
            to_verify = self.filtered(lambda c: c._collection_needs_verification())
        if not to_verify:
            return self.browse()
        existing = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", to_verify.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        has_one = set(existing.mapped("res_id"))
        todo = to_verify.filtered(lambda case: case.id not in has_one)
        if not todo or self.env.context.get("mail_activity_automation_skip"):
            return todo
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        # one create for all; the consultant finds them in their activities, not as one
        # e-mail per debtor
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [case._prepare_verify_activity_values(activity_type, model_id, today) for case in todo]
        )
        return todo

    def _prepare_verify_activity_values(self, activity_type, model_id, today):
        """The consultant's "verify contact data" activity, written in their language."""
        self.ensure_one()
        user = self.user_id or self.env.user
        case = self.with_context(lang=user.lang or self.env.lang)
        return {
            "res_model_id": model_id,
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "summary": activity_type.with_context(lang=case.env.lang).summary,
            "date_deadline": today,
            "user_id": user.id,
            "note": case._collection_contact_problems(),
            "automated": True,
        }

    @api.model
    def _get_unreachable_domain(self):
        """Cases whose next step lacks the contact data it needs, as a domain (the same rule as
        ``_collection_needs_verification``), so that the run reads only those cases."""
        step = "next_stage_id.action_type"
        return OR(
            [
                [(step, "=", "email"), ("partner_id.collection_email_valid", "=", False)],
                [
                    (step, "=", "sms"),
                    "|",
                    ("partner_id.collection_phone_valid", "=", False),
                    ("partner_id.collection_phone_type", "!=", "mobile"),
                ],
                [(step, "=", "call"), ("partner_id.collection_phone_valid", "=", False)],
                [
                    (step, "=", "letter"),
                    ("partner_id.collection_address_complete", "=", False),
                    ("partner_id.collection_email_valid", "=", False),
                ],
                [(step, "=", "visit"), ("partner_id.collection_address_complete", "=", False)],
                [
                    "|",
                    ("next_stage_id", "=", False),
                    (step, "not in", ["email", "letter", "sms", "call", "visit", "legal"]),
                    ("partner_id.collection_contact_state", "=", "unusable"),
                ],
                # the legal notice goes by registered letter: it needs the postal address
                [(step, "=", "legal"), ("partner_id.collection_address_complete", "=", False)],
            ]
        )

    def _collection_needs_verification(self):
        self.ensure_one()
        partner = self.partner_id
        channel = self.next_stage_id.action_type
        if channel in ("email", "letter", "sms", "call", "visit", "legal"):
            return not partner._collection_can_reach(channel)
        return partner.collection_contact_state == "unusable"

    def _collection_contact_problems(self):
        self.ensure_one()
        partner = self.partner_id
        problems = []
        if not partner.collection_phone_valid:
            problems.append(self.env._("no valid phone number"))
        if not partner.collection_email_valid:
            problems.append(self.env._("no valid e-mail address"))
        if not partner.collection_address_complete:
            problems.append(self.env._("incomplete postal address"))
        return self.env._("Please verify: %(problems)s.", problems=", ".join(problems))
