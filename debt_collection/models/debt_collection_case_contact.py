"""The case's contact gate: may we contact this debtor now, on this channel?"""

import math
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv.expression import OR
from odoo.tools import SQL

from .debt_collection_regime import ATTEMPT_RESULTS, CONVERSATION_RESULTS
from .debt_collection_stage import OUTBOUND_ACTIONS

VERIFY_TYPE = "debt_collection.mail_activity_type_collection_verify"
# Rules of the gate no reason can override (a person may go on against hours and caps, with a
# reason, where the regime allows it)
HARD_CONTACT_RULES = ("cease", "channel", "contact_point", "consent")
# Channels that put a person in touch with the debtor (the end of extrajudicial collection is
# an internal review, the legal notice is the legal group's)
CONTACT_CHANNELS = OUTBOUND_ACTIONS + ("call", "visit")
# How far ahead the gate looks for the debtor's next contact hours (a regime closed longer
# than this leaves its steps to be judged again by every run)
HOLD_DAYS = 15


class DebtCollectionCase(models.Model):
    """Whether and how the debtor may be contacted: the contact gate and the data checks."""

    _inherit = "debt.collection.case"

    collection_refusal_key = fields.Char(
        readonly=True,
        copy=False,
        help="The last refusal of the contact gate logged on the case (day and rule), so that "
        "an hourly run logs a refusal once a day.",
    )

    # ------------------------------------------------------------------
    # The gate: every contact asks it first
    # ------------------------------------------------------------------

    def _collection_regime(self):
        """The compliance regime of the case: the creditor's mandate's when it names one, else
        the debtor's country's, else the company's default."""
        self.ensure_one()
        # sudo: which law applies does not depend on who asks (consultants read no mandate)
        mandate_regime = self.sudo().mandate_id.regime_id
        if mandate_regime.active:
            return self.env["debt.collection.regime"].browse(mandate_regime.id)
        return self.env["debt.collection.regime"]._regime_for(
            self.partner_id.country_id, self.company_id
        )

    def _collection_may_contact(self, channel, when=None, contact_point=None):
        """(True, "") if the debtor may be contacted on ``channel`` at ``when``, else
        (False, translated reason); every refusal is noted on the case (once a day a rule).

        ``when`` is a UTC datetime (default: now); ``False`` asks about scheduling a step for
        a person (a call or visit activity), with no hour of the day to check.
        ``contact_point`` is a ``debt.collection.contact.point`` (default: the one the channel
        would use). The rules: the debtor's cease-contact request (CG-5), the regime's
        channels and visits (CG-9), the contact point's owner, provenance, state, opt-outs and
        consent (CG-3, CG-8), the company's cap and the regime's caps, cooling-off and spacing
        (CG-2), then holidays and contact windows in the debtor's local time (CG-1) and the
        company's own hours. Notices of the legal group are not contacts this gate stops.
        """
        self.ensure_one()
        if channel not in CONTACT_CHANNELS:
            return True, ""
        rule, reason = self._collection_contact_refusal(channel, when, contact_point)
        if rule:
            # the note in the language of who reads the case (a run writes in the company's)
            reader = self.with_env(self._collection_reader_env())
            note = reason
            if reader.env.lang != self.env.lang:
                note = reader._collection_contact_refusal(channel, when, contact_point)[1]
            self._collection_log_refusal(channel, rule, note)
            return False, reason
        return True, ""

    def _collection_contact_refusal(self, channel, when, contact_point):
        """(rule, reason) of the first rule that refuses the contact, or (False, "")."""
        if self.partner_id.collection_cease_contact:
            return "cease", self.env._("The debtor asked not to be contacted.")
        regime = self._collection_regime()
        reason = regime and regime._channel_refusal(channel)
        if reason:
            return "channel", reason
        for check in (self._collection_point_refusal, self._collection_frequency_refusal):
            rule, reason = check(channel, regime, when, contact_point)
            if rule:
                return rule, reason
        if when is False:
            return False, ""
        return self._collection_time_refusal(channel, regime, when)

    def _collection_point_refusal(self, channel, regime, when, contact_point):
        """The contact point's owner, provenance, state, opt-outs and consent (CG-3, CG-8)."""
        partner = self.partner_id
        point = contact_point or partner._collection_current_point(channel)
        if point:
            if point.partner_id != partner:
                return "contact_point", self.env._(
                    "This contact point is not the debtor's of this case."
                )
            reason = point._refusal(channel, regime)
            if reason:
                return "contact_point", reason
        elif regime.require_consent:
            return "consent", self.env._(
                "The debtor did not authorise this channel (%(regime)s).", regime=regime.name
            )
        return False, ""

    def _collection_frequency_refusal(self, channel, regime, when, contact_point):
        """The company's cap of outbound contacts, the regime's caps, cooling-off and spacing
        (CG-2), from the batch's prefetched history when the run gives it."""
        partner, company = self.partner_id, self.company_id
        if channel in OUTBOUND_ACTIONS:
            counts = self.env.context.get("debt_collection_contact_counts")
            if counts is None:
                counts = self._collection_recent_contacts()
            if counts.get(partner.id, 0) >= company.collection_contact_cap:
                return "company_cap", self.env._(
                    "Contact limit reached: %(count)s contacts in %(days)s days.",
                    count=counts.get(partner.id, 0),
                    days=company.collection_contact_cap_days,
                )
        if regime:
            history = self.env.context.get("debt_collection_contact_history")
            if history is None:
                history = self._collection_contact_history()
            now = when or fields.Datetime.now()
            reason = regime._frequency_refusal(channel, history.get(partner.id, ()), now)
            if reason:
                return "frequency", reason
        return False, ""

    def _collection_time_refusal(self, channel, regime, when):
        """Holidays and windows of the regime, then the company's own hours, in the debtor's
        local time (CG-1)."""
        partner, company = self.partner_id, self.company_id
        zone = regime._zone(partner, company) if regime else self._collection_zone()
        local = pytz.utc.localize(when or fields.Datetime.now()).astimezone(zone)
        reason = regime and regime._time_refusal(local)
        if reason:
            return "window", reason
        if local.weekday() == 6 and not company.collection_contact_sunday:
            return "hours", self.env._("No contact on Sundays.")
        hour = local.hour + local.minute / 60.0
        start, end = company.collection_hour_from, company.collection_hour_to
        if channel in ("call", "visit") and partner.collection_hour_to:
            start = max(start, partner.collection_hour_from)
            end = min(end, partner.collection_hour_to)
        if not start <= hour < end:
            return "hours", self.env._("Outside the debtor's contact hours.")
        return False, ""

    def _collection_contact_opens(self, channel, when):
        """The first moment (UTC, naive) after ``when`` at which the time rules (the regime's
        holidays and windows, the company's hours and Sundays, the debtor's own call hours) let
        the debtor be contacted on ``channel``; False if they do not refuse ``when``, or stay
        closed for HOLD_DAYS days. The run keeps it with a held step so that later runs of the
        day leave the step alone until then."""
        self.ensure_one()
        regime = self._collection_regime()
        if not self._collection_time_refusal(channel, regime, when)[0]:
            return False
        partner, company = self.partner_id, self.company_id
        zone = regime._zone(partner, company) if regime else self._collection_zone()
        local = pytz.utc.localize(when).astimezone(zone)
        # the moments a rule may open at: midnight, the start of a window or of office hours
        starts = {0.0, company.collection_hour_from}
        if channel in ("call", "visit") and partner.collection_hour_to:
            starts.add(partner.collection_hour_from)
        if regime:
            windows, _holidays = regime._time_table(regime.id)
            starts.update(start for day in windows.values() for start, _end in day)
        minutes = sorted({math.ceil(start * 60 - 1e-6) for start in starts if 0 <= start < 24})
        for offset in range(HOLD_DAYS):
            day = local.date() + timedelta(days=offset)
            for minute in minutes:
                moment = zone.localize(datetime.combine(day, time()) + timedelta(minutes=minute))
                if moment <= local:
                    continue
                utc = moment.astimezone(pytz.utc).replace(tzinfo=None)
                if not self._collection_time_refusal(channel, regime, utc)[0]:
                    return utc
        return False

    @api.model
    def _collection_release_holds(self, partners=None):
        """Steps waiting for contact hours are judged again at the next run (a regime's
        windows, the company's hours or a debtor's zone or hours changed)."""
        if partners is not None and not partners:
            return
        self.flush_model(["hold_until"])
        self.env.cr.execute(
            SQL(
                "UPDATE debt_collection_case SET hold_until = NULL"
                " WHERE hold_until IS NOT NULL %s",
                SQL("AND partner_id IN %s", tuple(partners.ids)) if partners else SQL(),
            )
        )
        self.invalidate_model(["hold_until"])

    def _collection_log_refusal(self, channel, rule, reason):
        """A note on the case naming the rule; once a day per rule and channel, so that an
        hourly run does not repeat it. In a run (``debt_collection_refusals`` in the context,
        a list) the notes wait there and the run writes them in one batch."""
        key = f"{fields.Date.context_today(self)}:{rule}:{channel}"
        if self.collection_refusal_key == key:
            return
        reader = self._collection_reader_env()
        field = self.env["debt.collection.action"]._fields["channel"]
        labels = dict(field._description_selection(reader))
        body = reader._(
            "Contact by %(channel)s refused: %(reason)s",
            channel=labels.get(channel, channel),
            reason=reason,
        )
        # sudo: the refusal is part of the case's audit trail, whoever asked the gate
        self.sudo().collection_refusal_key = key
        pending = self.env.context.get("debt_collection_refusals")
        if pending is not None:
            pending.append((self.id, body))
        else:
            self.sudo()._message_log(body=body)

    @api.model
    def _collection_write_refusals(self, pending):
        """The notes of the refusals of a run's batch, in one insert."""
        if pending:
            bodies = dict(pending)
            # sudo: as in _collection_log_refusal
            self.sudo().browse(list(bodies))._message_log_batch(bodies)

    # ------------------------------------------------------------------
    # Opt-out wording of every e-mail and SMS (CG-3)
    # ------------------------------------------------------------------

    def _collection_optout_footer(self, channel):
        """(sentence, link) that ends every e-mail and SMS to the debtor, in their language."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        regime = self._collection_regime().with_context(lang=lang)
        text = regime.optout_text or self.with_context(lang=lang).env._(
            "To stop receiving these messages:"
        )
        return text, self.partner_id._collection_optout_url(channel)

    def _collection_optout_html(self):
        text, url = self._collection_optout_footer("email")
        lang = self.partner_id.lang or self.env.lang
        label = self.with_context(lang=lang).env._("stop e-mails")
        return Markup('<p style="font-size: 11px; color: #777777;">%s <a href="%s">%s</a></p>') % (
            text,
            url,
            label,
        )

    def _collection_check_manual_email(self, override_reason=""):
        """An e-mail a person writes to the debtor from the case (the chatter or its full
        composer) asks the gate as the engine does: a hard rule (cease-contact, opt-out,
        channel, contact point, consent) refuses it, hours and caps need a reason, noted on
        the case. Raises UserError with the rule's reason."""
        self.ensure_one()
        rule, reason = self._collection_contact_refusal("email", None, None)
        if not rule:
            return True
        self._collection_log_refusal("email", rule, reason)
        if rule in HARD_CONTACT_RULES:
            raise UserError(reason)
        why = (override_reason or "").strip()
        if not why:
            raise UserError(
                self.env._(
                    "%(reason)s Say why the e-mail goes anyway (in the full composer).",
                    reason=reason,
                )
            )
        self.message_post(
            body=self.env._(
                "E-mail sent outside the regime's rules (%(reason)s): %(why)s",
                reason=reason,
                why=why,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _message_sms(self, body, *args, **kwargs):
        # every SMS of a case ends with the debtor's opt-out link
        if len(self) == 1:
            text, url = self._collection_optout_footer("sms")
            body = f"{body}\n{text} {url}"
        return super()._message_sms(body, *args, **kwargs)

    def _collection_local_time(self, when):
        self.ensure_one()
        regime = self._collection_regime()
        zone = (
            regime._zone(self.partner_id, self.company_id) if regime else self._collection_zone()
        )
        return pytz.utc.localize(when).astimezone(zone)

    def _collection_zone(self):
        tz_name = self.partner_id.tz or self.company_id.partner_id.tz or "UTC"
        try:
            return pytz.timezone(tz_name)
        except pytz.UnknownTimeZoneError:
            return pytz.utc

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

    def _collection_contact_history(self):
        """{debtor id: [(date, channel, conversation)]}: the contacts of these cases' debtors
        as far back as the regimes' rules look, in one query. A contact is an e-mail, letter or
        SMS sent, or a call or visit attempted (its outcome logged)."""
        if not self:
            return {}
        Action = self.env["debt.collection.action"]
        Action.flush_model(["partner_id", "date", "channel", "result", "outbound"])
        days = self.env["debt.collection.regime"]._history_days()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, date, channel, result IN %s
                  FROM debt_collection_action
                 WHERE partner_id IN %s AND date > %s
                   AND (outbound OR (channel IN ('call', 'visit') AND result IN %s))
                """,
                CONVERSATION_RESULTS,
                tuple(self.partner_id.ids),
                fields.Datetime.now() - timedelta(days=days),
                ATTEMPT_RESULTS,
            )
        )
        history = {}
        for partner_id, date, channel, talk in rows:
            history.setdefault(partner_id, []).append((date, channel, talk))
        return history

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
                    (step, "in", ["sms", "whatsapp"]),
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
                    (
                        step,
                        "not in",
                        ["email", "letter", "sms", "whatsapp", "call", "visit", "legal"],
                    ),
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
        if channel in ("email", "letter", "sms", "whatsapp", "call", "visit", "legal"):
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

    def _collection_contact_point(self, channel):
        """A masked contact point for the audit log (PR-5: no full e-mail or phone in logs)."""
        self.ensure_one()
        partner = self.partner_id
        if channel == "email" and partner.email:
            local, _sep, domain = partner.email.partition("@")
            return f"{local[:1]}***@{domain}"
        if channel in ("sms", "call"):
            phone = partner.collection_phone_e164 or partner.mobile or partner.phone or ""
            return f"***{phone[-3:]}" if phone else False
        if channel in ("email", "sms", "call"):
            return False
        return ", ".join(p for p in (partner.zip, partner.city) if p) or False

    def _collection_can_reach(self, channel):
        self.ensure_one()
        return self.partner_id._collection_can_reach(channel)

    def _message_receive_bounce(self, email, partner):
        """The case has no e-mail of its own: a bounce marks the debtor's address unusable."""
        (partner or self.partner_id)._collection_mark_bounced()
