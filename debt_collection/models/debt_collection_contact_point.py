"""A debtor's contact point (phone, e-mail, address, PEC): its source, trust and opt-outs."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

# Which kinds of contact point each channel uses
CHANNEL_KINDS = {
    "email": ("email", "pec"),
    "sms": ("phone",),
    "whatsapp": ("phone",),
    "call": ("phone",),
    "letter": ("address",),
    "visit": ("address",),
    "legal": ("address", "pec"),
}
OPTOUT_CHANNELS = ("email", "sms", "call", "letter", "visit", "whatsapp")
# Each state is one step down from the one before (AR-5: bounces lower the state)
LOWER_STATE = {"verified": "doubtful", "unconfirmed": "invalid", "doubtful": "invalid"}


class DebtCollectionContactPoint(models.Model):
    """A phone, e-mail, postal address or PEC of a debtor, with whose it is and where it comes
    from (CG-8), how sure we are of it (AR-5), and the debtor's opt-outs and consent (CG-3)."""

    _name = "debt.collection.contact.point"
    _description = "Contact Point"
    _order = "partner_id, kind, id"
    _rec_name = "display_value"

    # cascade: a contact point is a detail of the debtor, as a bank account is
    partner_id = fields.Many2one(
        "res.partner", string="Debtor", required=True, index=True, ondelete="cascade"
    )
    kind = fields.Selection(
        [("phone", "Phone"), ("email", "E-mail"), ("address", "Postal Address"), ("pec", "PEC")],
        required=True,
    )
    value = fields.Char(required=True)
    display_value = fields.Char(string="Contact Point", compute="_compute_display_value")
    owner = fields.Selection(
        [
            ("debtor", "Debtor"),
            ("co_obligor", "Co-obligor"),
            ("attorney", "Debtor's Attorney"),
            ("third_party", "Third Party"),
        ],
        required=True,
        default="debtor",
        help="Debt content goes only to the debtor, a co-obligor or the debtor's attorney; a "
        "third party's contact point is never used for it.",
    )
    provenance = fields.Selection(
        [
            ("creditor", "Creditor"),
            ("debtor", "Debtor"),
            ("register", "Public Register"),
            ("web", "Web Search"),
        ],
        required=True,
        default="creditor",
        help="Points found on the web are unusable until confirmed.",
    )
    state = fields.Selection(
        [
            ("unconfirmed", "Unconfirmed"),
            ("verified", "Verified"),
            ("doubtful", "Doubtful"),
            ("invalid", "Invalid"),
        ],
        required=True,
        default="unconfirmed",
        help="Bounces and returned letters lower the state; an invalid point is not used.",
    )
    optout_email = fields.Boolean(string="No E-mail")
    optout_sms = fields.Boolean(string="No SMS")
    optout_call = fields.Boolean(string="No Calls")
    optout_letter = fields.Boolean(string="No Letters")
    optout_visit = fields.Boolean(string="No Visits")
    optout_whatsapp = fields.Boolean(string="No WhatsApp")
    whatsapp_unreachable = fields.Boolean(
        string="Not on WhatsApp",
        help="A WhatsApp message to this number failed (no WhatsApp account): the number is "
        "not used for WhatsApp until this is unticked.",
    )
    optout_date = fields.Datetime(string="Opted Out On", readonly=True)
    # The consent record (where the regime allows only channels the debtor authorised):
    # who recorded it, when, how the debtor gave it and the wording they agreed to
    consent = fields.Boolean(
        help="The debtor authorised this contact point for collection (where the regime asks)."
    )
    consent_date = fields.Datetime(string="Consent Given On")
    consent_user_id = fields.Many2one(
        "res.users", string="Consent Recorded By", readonly=True, ondelete="set null"
    )
    consent_method = fields.Selection(
        [
            ("written", "Signed Form or Letter"),
            ("contract", "Clause of the Creditor's Contract"),
            ("call", "Recorded Call"),
            ("email", "E-mail from the Debtor"),
            ("portal", "Debtor's Page"),
        ],
        string="Consent Given Via",
    )
    consent_text = fields.Text(
        string="Wording Agreed", help="The text of the authorisation the debtor agreed to."
    )
    consent_note = fields.Char(help="Where the proof of the consent is kept.")

    @api.depends("kind", "value")
    def _compute_display_value(self):
        for point in self:
            point.display_value = point._masked()

    def _masked(self):
        """The point as logs and lists may show it (PR-5): no full e-mail or phone."""
        self.ensure_one()
        value = self.value or ""
        if self.kind in ("email", "pec"):
            local, _sep, domain = value.partition("@")
            return f"{local[:1]}***@{domain}"
        if self.kind == "phone":
            return f"***{value[-3:]}" if value else ""
        return value

    @api.model
    def _normalize(self, kind, value, partner=None):
        if not value:
            return False
        if kind in ("email", "pec"):
            return email_normalize(value, strict=False) or value.strip().lower()
        if kind == "phone":
            region = (partner and partner.country_id.code) or self.env.company.country_id.code
            return self.env["res.partner"]._collection_parse_phone(value, region) or value.strip()
        return " ".join(value.split())

    def _stamps_of_record(self, vals):
        """Who recorded a consent or an opt-out, and when, is the system's to say: a user's
        own values for them are dropped (no backdated consent, none in another's name)."""
        if not self.env.su:
            for name in ("consent_date", "consent_user_id", "optout_date"):
                vals.pop(name, None)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._stamps_of_record(vals)
            if vals.get("consent"):
                vals.setdefault("consent_date", fields.Datetime.now())
                vals.setdefault("consent_user_id", self.env.uid)
            if vals.get("value") and vals.get("kind"):
                partner = self.env["res.partner"].browse(vals.get("partner_id"))
                vals["value"] = self._normalize(vals["kind"], vals["value"], partner)
        return super().create(vals_list)

    def write(self, vals):
        vals = self._stamps_of_record(dict(vals))
        if any(vals.get(f"optout_{channel}") for channel in OPTOUT_CHANNELS):
            vals.setdefault("optout_date", fields.Datetime.now())
        if vals.get("consent"):
            vals.setdefault("consent_date", fields.Datetime.now())
            vals.setdefault("consent_user_id", self.env.uid)
        elif "consent" in vals:
            # a withdrawn consent leaves no record that could pass for a current one
            vals.update(consent_date=False, consent_user_id=False)
        return super().write(vals)

    @api.constrains("consent", "consent_method")
    def _check_consent_record(self):
        if any(point.consent and not point.consent_method for point in self):
            raise ValidationError(
                self.env._("Say how the debtor gave the consent (the consent record).")
            )

    # ------------------------------------------------------------------
    # What the gate asks
    # ------------------------------------------------------------------

    def _refusal(self, channel, regime=None):
        """Why this point may not carry debt content on ``channel``, or "" (CG-3, CG-8)."""
        self.ensure_one()
        if self.kind not in CHANNEL_KINDS.get(channel, (self.kind,)):
            return self.env._("This contact point cannot be used for this channel.")
        if self.owner == "third_party":
            return self.env._(
                "This contact point belongs to a third party: no debt content goes to it."
            )
        if self.provenance == "web" and self.state != "verified":
            return self.env._("This contact point was found on the web and is not confirmed yet.")
        if self.state == "invalid":
            return self.env._("This contact point is invalid (bounced or returned).")
        if channel == "whatsapp" and self.whatsapp_unreachable:
            return self.env._("A WhatsApp message to this number failed: it is not on WhatsApp.")
        if channel in OPTOUT_CHANNELS and self[f"optout_{channel}"]:
            return self.env._("The debtor opted out of this channel at this contact point.")
        if regime and regime.require_consent and not (self.consent and self.consent_date):
            return self.env._(
                "The debtor did not authorise this contact point (no consent record)."
            )
        return ""

    def _collection_record_consent(self, method, text, note=""):
        """The debtor authorised these points for collection: who records it, when, how and
        the wording, noted on the debtor's open cases."""
        self.check_access("write")
        self.write(
            {
                "consent": True,
                "consent_method": method,
                "consent_text": text,
                "consent_note": note,
                "consent_date": fields.Datetime.now(),
                "consent_user_id": self.env.uid,
            }
        )
        for point in self:
            for case in point.partner_id.collection_case_ids.filtered(lambda c: not c.is_closed):
                reader = case._collection_reader_env()
                case.message_post(
                    body=reader._(
                        "The debtor authorised %(point)s for collection (%(method)s).",
                        point=point.display_value,
                        method=dict(self._fields["consent_method"]._description_selection(reader))[
                            method
                        ],
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return True

    def _lower_state(self):
        """One step down (a bounce, a returned letter); returns the points that changed."""
        changed = self.browse()
        for point in self:
            lower = LOWER_STATE.get(point.state)
            if lower:
                point.state = lower
                changed |= point
        return changed
