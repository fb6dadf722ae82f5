"""The debtor: collection figures, contact data checks and phone parsing."""

import re

import phonenumbers

from odoo import api, fields, models
from odoo.tools import consteq, email_normalize
from odoo.tools.misc import hmac

from ..tools.actions import window_action
from .debt_collection_contact_point import CHANNEL_KINDS, OPTOUT_CHANNELS

PHONE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
    phonenumbers.PhoneNumberType.FIXED_LINE: "fixed",
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile",
}


def parse_phone(number, region):
    """(E.164, valid, type) of a number as people write it, read in the debtor's country."""
    if not number:
        return False, False, False
    text = number.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        return False, False, False
    if not phonenumbers.is_valid_number(parsed):
        return False, False, False
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return e164, True, PHONE_TYPES.get(phonenumbers.number_type(parsed), "other")


# one address, a local part, a domain with at least one dot and no second "@"
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def _email_is_valid(email):
    """Whether an e-mail can be written to: one syntactically complete address."""
    normalized = email_normalize(email or "", strict=True)
    return bool(normalized and EMAIL_SHAPE.match(normalized))


# Fields of the debtor that contact points are made from
CONTACT_FIELDS = {"email", "phone", "mobile", "street", "street2", "zip", "city", "country_id"}
# What the debtor's contact hours depend on: a step held until they open is judged again
HOURS_FIELDS = {"tz", "country_id", "collection_hour_from", "collection_hour_to"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    collection_case_ids = fields.One2many(
        "debt.collection.case", "partner_id", string="Collection Cases"
    )
    collection_case_count = fields.Integer(compute="_compute_collection_stats")
    collection_amount_overdue = fields.Monetary(
        string="Amount in Collection",
        compute="_compute_collection_stats",
        currency_field="collection_currency_id",
    )
    collection_currency_id = fields.Many2one("res.currency", compute="_compute_collection_stats")
    collection_last_contact = fields.Datetime(
        string="Last Contact", compute="_compute_collection_stats"
    )
    collection_promise_kept_count = fields.Integer(
        string="Promises Kept", compute="_compute_collection_stats"
    )
    collection_promise_broken_count = fields.Integer(
        string="Promises Broken", compute="_compute_collection_stats"
    )
    collection_user_id = fields.Many2one(
        "res.users",
        string="Collection Consultant",
        domain="[('share', '=', False)]",
        help="Consultant for this debtor, or, on a creditor, for all of its cases.",
    )
    collection_contact_point_ids = fields.One2many(
        "debt.collection.contact.point", "partner_id", string="Contact Points"
    )
    collection_cease_contact = fields.Boolean(
        string="Cease Contact",
        help="The debtor asked not to be contacted: no outbound contact is made.",
    )
    collection_cease_contact_date = fields.Date(string="Cease Contact Since", readonly=True)
    collection_preferred_channel = fields.Selection(
        [("email", "E-mail"), ("letter", "Letter"), ("sms", "SMS"), ("call", "Phone Call")],
        string="Preferred Channel",
    )
    collection_hour_from = fields.Float(string="Call From")
    collection_hour_to = fields.Float(string="Call Until")
    # Contact-data verification ("normalización de la dirección")
    collection_phone_e164 = fields.Char(
        string="Normalised Phone", compute="_compute_collection_contact", store=True
    )
    collection_phone_valid = fields.Boolean(
        string="Phone Valid", compute="_compute_collection_contact", store=True, readonly=False
    )
    collection_phone_type = fields.Selection(
        [("mobile", "Mobile"), ("fixed", "Fixed Line"), ("other", "Other")],
        string="Phone Type",
        compute="_compute_collection_contact",
        store=True,
    )
    collection_email_valid = fields.Boolean(
        string="E-mail Valid", compute="_compute_collection_contact", store=True, readonly=False
    )
    collection_address_complete = fields.Boolean(
        string="Address Complete", compute="_compute_collection_contact", store=True
    )
    collection_contact_state = fields.Selection(
        [("verified", "Verified"), ("incomplete", "Incomplete"), ("unusable", "Unusable")],
        string="Contact Data",
        compute="_compute_collection_contact_state",
        store=True,
    )

    @api.depends("phone", "mobile", "email", "street", "zip", "city", "country_id")
    def _compute_collection_contact(self):
        default_region = self.env.company.country_id.code
        for partner in self:
            region = partner.country_id.code or default_region
            best = (False, False, False)
            for number in (partner.mobile, partner.phone):
                parsed = parse_phone(number, region)
                if parsed[1] and (not best[1] or parsed[2] == "mobile" and best[2] != "mobile"):
                    best = parsed
            partner.collection_phone_e164, partner.collection_phone_valid = best[0], best[1]
            partner.collection_phone_type = best[2]
            partner.collection_email_valid = _email_is_valid(partner.email)
            partner.collection_address_complete = bool(
                partner.street and partner.zip and partner.city and partner.country_id
            )

    @api.depends("collection_phone_valid", "collection_email_valid", "collection_address_complete")
    def _compute_collection_contact_state(self):
        for partner in self:
            usable = [
                partner.collection_phone_valid,
                partner.collection_email_valid,
                partner.collection_address_complete,
            ]
            if all(usable):
                partner.collection_contact_state = "verified"
            elif any(usable):
                partner.collection_contact_state = "incomplete"
            else:
                partner.collection_contact_state = "unusable"

    def _compute_collection_stats(self):
        Case = self.env["debt.collection.case"]
        open_domain = [("partner_id", "in", self.ids), ("is_closed", "=", False)]
        totals = {
            partner.id: (count, amount)
            for partner, count, amount in Case._read_group(
                open_domain, ["partner_id"], ["__count", "amount_residual:sum"]
            )
        }
        last_contact = {
            partner.id: last
            for partner, last in self.env["debt.collection.action"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["date:max"]
            )
        }
        promises = {
            (partner.id, state): count
            for partner, state, count in self.env["debt.collection.promise"]._read_group(
                [("partner_id", "in", self.ids), ("state", "in", ("kept", "broken"))],
                ["partner_id", "state"],
                ["__count"],
            )
        }
        for partner in self:
            count, amount = totals.get(partner.id, (0, 0.0))
            partner.collection_case_count = count
            partner.collection_amount_overdue = amount
            partner.collection_currency_id = self.env.company.currency_id
            partner.collection_last_contact = last_contact.get(partner.id, False)
            partner.collection_promise_kept_count = promises.get((partner.id, "kept"), 0)
            partner.collection_promise_broken_count = promises.get((partner.id, "broken"), 0)

    def _increase_rank(self, field, n=1):
        # placing debts posts invoices by batches: the ranks are raised once per batch
        deferred = self.env.context.get("debt_collection_deferred_ranks")
        if deferred is None:
            return super()._increase_rank(field, n)
        for partner_id in self.ids:
            deferred[field, partner_id] = deferred.get((field, partner_id), 0) + n
        return None

    def write(self, vals):
        if vals.get("collection_cease_contact") and "collection_cease_contact_date" not in vals:
            vals["collection_cease_contact_date"] = fields.Date.context_today(self)
        res = super().write(vals)
        if HOURS_FIELDS & set(vals):
            self.env["debt.collection.case"]._collection_release_holds(self)
        if CONTACT_FIELDS & set(vals):
            # sudo: contact points follow the debtor's data, whoever changes it
            self.sudo().filtered(
                lambda p: p.collection_contact_point_ids or p.collection_case_ids
            )._collection_sync_contact_points()
        if "collection_cease_contact" in vals:
            cases = self.collection_case_ids.filtered(lambda c: not c.is_closed)
            body = (
                self.env._("The debtor asked not to be contacted: outbound contact stops.")
                if vals["collection_cease_contact"]
                else self.env._("The cease-contact request was lifted.")
            )
            for case in cases:
                case.message_post(body=body, subtype_xmlid="mail.mt_note")
        return res

    def _message_receive_bounce(self, email, partner):
        """A bounced e-mail makes the address unusable for collection until it changes."""
        res = super()._message_receive_bounce(email, partner)
        self._collection_mark_bounced()
        return res

    def _collection_mark_bounced(self):
        for partner in self:
            partner._collection_current_point("email")._lower_state()
        bounced = self.filtered("collection_email_valid")
        if not bounced:
            return
        bounced.collection_email_valid = False
        cases = bounced.collection_case_ids.filtered(lambda c: not c.is_closed)
        for case in cases:
            case.message_post(
                body=self.env._("E-mails to the debtor bounce: the address needs checking."),
                subtype_xmlid="mail.mt_note",
            )

    def _collection_mark_returned(self):
        """A letter came back undelivered: the postal address is less sure (AR-5)."""
        for partner in self:
            partner._collection_sync_contact_points()
            partner._collection_current_point("letter")._lower_state()
            for case in partner.collection_case_ids.filtered(lambda c: not c.is_closed):
                case.message_post(
                    body=self.env._("A letter came back undelivered: the address needs checking."),
                    subtype_xmlid="mail.mt_note",
                )

    # ------------------------------------------------------------------
    # Contact points
    # ------------------------------------------------------------------

    @api.model
    def _collection_parse_phone(self, number, region):
        return parse_phone(number, region)[0]

    def _collection_channel_value(self, channel):
        """The normalised value the channel would use for this debtor (e-mail, phone,
        address line), as contact points store it."""
        self.ensure_one()
        kinds = CHANNEL_KINDS.get(channel, ())
        if "email" in kinds:
            return self.email and (email_normalize(self.email, strict=False) or self.email)
        if "phone" in kinds:
            return self.collection_phone_e164 or False
        if "address" in kinds:
            return self._collection_address_line()
        return False

    def _collection_address_line(self):
        self.ensure_one()
        parts = (self.street, self.street2, self.zip, self.city, self.country_id.code)
        return " ".join(" ".join(part.split()) for part in parts if part) or False

    def _collection_current_point(self, channel):
        """The contact point the channel would use now, or an empty recordset (a debtor's data
        with no point recorded counts as the debtor's own, given by the creditor)."""
        self.ensure_one()
        Point = self.env["debt.collection.contact.point"]
        if not self.collection_contact_point_ids:
            return Point
        value = self._collection_channel_value(channel)
        kinds = CHANNEL_KINDS.get(channel, ())
        for point in self.collection_contact_point_ids:
            if point.kind in kinds and point.value == value:
                return point
        return Point

    def _collection_sync_contact_points(self):
        """A contact point for each e-mail, phone and address of the debtor that has none:
        the debtor's own, given by the creditor, verified where the data checks passed."""
        Point = self.env["debt.collection.contact.point"]
        vals_list = []
        for partner in self:
            known = {(p.kind, p.value) for p in partner.collection_contact_point_ids}
            candidates = [
                (
                    "email",
                    partner._collection_channel_value("email"),
                    partner.collection_email_valid,
                ),
                ("phone", partner.collection_phone_e164, partner.collection_phone_valid),
                (
                    "address",
                    partner._collection_address_line(),
                    partner.collection_address_complete,
                ),
            ]
            for kind, value, valid in candidates:
                if value and (kind, value) not in known:
                    vals_list.append(
                        {
                            "partner_id": partner.id,
                            "kind": kind,
                            "value": value,
                            "owner": "debtor",
                            "provenance": "creditor",
                            "state": "verified" if valid else "unconfirmed",
                        }
                    )
        return Point.create(vals_list) if vals_list else Point

    def action_collection_subject_access(self):
        """A data-subject access request (PR-2): the export wizard for this debtor."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Export Personal Data"),
            "res_model": "debt.collection.subject.access.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }

    def action_collection_sync_contact_points(self):
        self.ensure_one()
        self.check_access("write")
        self._collection_sync_contact_points()

    # ------------------------------------------------------------------
    # Opt-out links (CG-3)
    # ------------------------------------------------------------------

    def _collection_optout_token(self, channel):
        self.ensure_one()
        return hmac(self.env(su=True), "debt_collection-optout", (self.id, channel))

    def _collection_optout_url(self, channel):
        self.ensure_one()
        base_url = self.get_base_url()
        token = self._collection_optout_token(channel)
        return f"{base_url}/collection/opt-out/{self.id}/{channel}/{token}"

    @api.model
    def _collection_optout_partner(self, partner_id, channel, token):
        """The debtor an opt-out link names, in sudo, if its token is right; else empty."""
        if channel not in OPTOUT_CHANNELS:
            return self.browse()
        # sudo: the link's signed token is the debtor's credential, checked just below
        partner_sudo = self.sudo().browse(partner_id).exists()
        if not partner_sudo or not consteq(
            partner_sudo._collection_optout_token(channel), token or ""
        ):
            return self.browse()
        return partner_sudo

    @api.model
    def _collection_optout_channel_label(self, channel):
        field = self.env["debt.collection.action"]._fields["channel"]
        return dict(field._description_selection(self.env)).get(channel, channel)

    def _collection_register_optout(self, channel):
        """The debtor opts out of ``channel`` at the contact point it uses now."""
        self.ensure_one()
        self._collection_sync_contact_points()
        point = self._collection_current_point(channel)
        if point and not point[f"optout_{channel}"]:
            point.write({f"optout_{channel}": True})
            for case in self.collection_case_ids.filtered(lambda c: not c.is_closed):
                case.message_post(
                    body=self.env._(
                        "The debtor opted out of %(channel)s at %(point)s.",
                        channel=self._collection_optout_channel_label(channel),
                        point=point.display_value,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return point

    def _collection_broken_promise_counts(self):
        """{partner id: broken promises} for these debtors, in one query."""
        if not self:
            return {}
        return {
            partner.id: count
            for partner, count in self.env["debt.collection.promise"]._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "broken")],
                ["partner_id"],
                ["__count"],
            )
        }

    def _collection_can_reach(self, channel):
        """Whether the engine may use this channel for this debtor's verified contact data."""
        self.ensure_one()
        if channel == "email":
            return self.collection_email_valid
        if channel in ("sms", "whatsapp"):
            return self.collection_phone_valid and self.collection_phone_type == "mobile"
        if channel == "call":
            return self.collection_phone_valid
        if channel == "letter":
            # posted to the address, or e-mailed as a PDF where only the e-mail is verified
            return self.collection_address_complete or self.collection_email_valid
        if channel in ("visit", "legal"):
            return self.collection_address_complete
        return True

    def _collection_contact_complete(self):
        """Phone, e-mail and postal address all verified."""
        self.ensure_one()
        return (
            self.collection_phone_valid
            and self.collection_email_valid
            and self.collection_address_complete
        )

    def action_collection_mark_verified(self):
        """The consultant checked the data by hand: phone and e-mail usable again."""
        self.ensure_one()
        self.check_access("write")
        self.write(
            {
                "collection_email_valid": _email_is_valid(self.email),
                "collection_phone_valid": bool(self.collection_phone_e164),
            }
        )

    def action_view_collection_cases(self):
        self.ensure_one()
        return window_action(
            self.env,
            "debt_collection.debt_collection_case_action",
            domain=[("partner_id", "=", self.commercial_partner_id.id)],
            context={"search_default_open": 1, "create": False},
        )

    def _prepare_display_address(self, without_company=False):
        """Italian addresses end "20125 Milano (MI)": the province code in brackets.

        The country's address format (set for Italy by this module's data) puts the postal
        code first; the brackets are added only when there is a province.
        """
        address_format, args = super()._prepare_display_address(without_company=without_company)
        if self.country_id.code == "IT" and args.get("state_code"):
            args["state_code"] = f"({args['state_code']})"
        return address_format, args
