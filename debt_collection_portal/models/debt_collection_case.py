"""The case's portal side: its URL, what the debtor's page lists and may do (``_portal_*``)."""

import math
import uuid
from datetime import timedelta

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize, float_compare
from odoo.tools.misc import format_date, get_lang

# Results of a step whose document reached (or was handed over for) the debtor
SENT_RESULTS = ("sent", "delivered")
# How long the debtor's page confirms an online payment
PORTAL_PAYMENT_CONFIRM_DAYS = 30
# What one case may submit from its page per day (PO-5); a system parameter
# ``debt_collection_portal.daily_limit_<kind>`` changes one
PORTAL_DAILY_LIMITS = {
    "promise": 3,
    "dispute": 5,
    "message": 10,
    "plan": 2,
    "contact": 2,
    "optout": 5,
}
# What a debtor may stop from the page: a channel, or all contact ("cease")
PORTAL_OPTOUT_CHOICES = ("email", "sms", "call", "letter", "visit", "cease")
# The contact data a debtor may propose (and nothing else: PO-5)
PORTAL_CONTACT_FIELDS = ("phone", "email", "street", "zip", "city")
# Lengths kept of what a debtor types (a reason, a message): enough to explain, no more
PORTAL_TEXT_MAX = 2000
PORTAL_ATTACHMENT_MAX = 10 * 1024 * 1024
PORTAL_INSTALMENTS_MAX = 36
# What a debtor logged in to the portal may read of their own case through the ORM (the list of
# their debts, RPC): what their page shows, never the consultants' analysis, hold reasons,
# scoring or strategy (PO-2). The page reads the rest through the record
# ``_document_check_access`` returned; the messages keep their own rules.
PORTAL_READABLE_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "name",
        "partner_id",
        "company_id",
        "currency_id",
        "creditor_id",
        "state",
        "is_closed",
        "amount_residual",
        "amount_original",
        "invoice_ids",
        "date_open",
        "date_closed",
        "access_url",
        # the case's order (``_order``): a debtor's list is sorted by them
        "priority",
        "next_action_date",
    }
)
PORTAL_READABLE_MIXINS = ("mail.thread", "portal.mixin")


class DebtCollectionCase(models.Model):
    """The debtor's page belongs to this addon: its URL, the link letters print, what it lists,
    and what a debtor may do from it (``_portal_*``: the same rules as the back office).

    The ``_portal_*`` actions are called by the controllers on the case that
    ``_document_check_access`` returned (sudo): each checks the case is open, counts toward the
    case's daily limit, and records the request in the chatter (visible on the page) and the
    action log.
    """

    _inherit = "debt.collection.case"

    def check_field_access_rights(self, operation, field_names):
        names = super().check_field_access_rights(operation, field_names)
        if self.env.su or not self.env.user.share:
            return names
        readable = PORTAL_READABLE_FIELDS.union(
            *(self.env[mixin]._fields for mixin in PORTAL_READABLE_MIXINS)
        )
        allowed = [name for name in names if name in readable or name not in self._fields]
        if field_names and not allowed:
            raise AccessError(
                self.env._(
                    "A debtor's access to their case does not include: %(fields)s.",
                    fields=", ".join(field_names),
                )
            )
        # several fields asked at once (a read, the ORM's prefetching): the readable ones
        return allowed

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for case in self:
            case.access_url = f"/my/debts/{case.id}"
        return res

    def _get_portal_services(self):
        """What the debtor can do on the page; letters and e-mails offer exactly that."""
        return super()._get_portal_services() | {"view", "pay", "promise", "dispute"}

    def _get_letter_portal_url(self):
        """The tokenised link (and QR code) printed on letters: the debtor's page exists."""
        self.ensure_one()
        self._portal_ensure_token()
        return self.get_base_url() + self.get_portal_url()

    def action_portal_revoke_link(self):
        """The consultant revokes the debtor's link (e.g. sent to a wrong address): the old
        link and QR code stop working; the next letter prints a new one."""
        self.ensure_one()
        self.check_access("write")
        self._check_not_closed()
        self.access_token = str(uuid.uuid4())
        self.message_post(
            body=self.env._("The link to the debtor's page was revoked; letters print a new one."),
            subtype_xmlid="mail.mt_note",
        )
        return True

    # ------------------------------------------------------------------
    # What the page shows
    # ------------------------------------------------------------------

    def _portal_get_letters(self):
        """Steps whose document was sent to the debtor, newest first: the page offers exactly
        these PDFs (the letter as sent, never a re-rendering with today's stage and dates)."""
        self.ensure_one()
        return self.action_ids.filtered(
            lambda action: action.attachment_id and action.result in SENT_RESULTS
        ).sorted(lambda action: (action.date, action.id), reverse=True)

    def _portal_get_invoices(self):
        """The invoices the page lists: those the letters list (open, undisputed)."""
        self.ensure_one()
        return self._get_letter_invoices()

    def _portal_invoice_rows(self, invoices):
        """The invoices with their dates and amounts formatted once in the page's language
        (the page lists up to hundreds of invoices: one language lookup, not one per cell)."""
        lang_data = get_lang(self.env)
        date_format = lang_data.date_format
        lang = self.env["res.lang"].browse(lang_data.id)

        def money(value, currency):
            text = lang.format(f"%.{currency.decimal_places}f", currency.round(value), True)
            if currency.position == "before":
                return f"{currency.symbol}\N{NO-BREAK SPACE}{text}"
            return f"{text}\N{NO-BREAK SPACE}{currency.symbol}"

        return [
            {
                "invoice": invoice,
                "date": invoice.invoice_date and invoice.invoice_date.strftime(date_format),
                "date_due": invoice.invoice_date_due
                and invoice.invoice_date_due.strftime(date_format),
                "amount_total": money(invoice.amount_total, invoice.currency_id),
                "amount_residual": money(invoice.amount_residual, invoice.currency_id),
            }
            for invoice in invoices
        ]

    def _portal_get_disputed_invoices(self):
        self.ensure_one()
        return self.invoice_ids.filtered(
            lambda inv: inv.collection_disputed and inv.payment_state in ("not_paid", "partial")
        )

    def _portal_get_recent_payments(self):
        """The online payments of the last weeks on this case's invoices, newest first: the page
        confirms each (received, or still being processed by the provider)."""
        self.ensure_one()
        since = fields.Datetime.now() - timedelta(days=PORTAL_PAYMENT_CONFIRM_DAYS)
        return self.invoice_ids.transaction_ids.filtered(
            lambda tx: tx.state in ("pending", "authorized", "done") and tx.create_date >= since
        ).sorted("create_date", reverse=True)[:3]

    def _portal_get_promises(self):
        """Promises to show the debtor: the open one and the last decided ones."""
        self.ensure_one()
        return self.promise_ids.filtered(lambda p: p.state != "cancelled")[:5]

    def _portal_get_plans(self):
        """Plans the debtor has to know of: proposed to them (to sign), waiting for a manager's
        approval after signing, running or breached."""
        self.ensure_one()
        return self.plan_ids.filtered(
            lambda p: (
                p.state in ("to_approve", "running", "breached")
                or (p.state == "draft" and p.portal_proposed)
            )
        )

    def _portal_get_creditor_name(self):
        """Whom the debt is owed to. Sudo: a debtor reads no partner, but may read this name."""
        self.ensure_one()
        return (self.creditor_id or self.company_id.partner_id).sudo().name

    def _portal_get_limits_reached(self):
        """{kind: True} for the requests this case cannot send again today."""
        self.ensure_one()
        prefix = f"portal:%:{self.id}:{fields.Date.context_today(self)}:%"
        # sudo: a count of this case's own steps, whoever looks at its page
        keys = (
            self.env["debt.collection.action"]
            .sudo()
            .search_read([("step_key", "=like", prefix)], ["step_key"])
        )
        counts = dict.fromkeys(PORTAL_DAILY_LIMITS, 0)
        for row in keys:
            kind = row["step_key"].split(":")[1]
            if kind in counts:
                counts[kind] += 1
        return {kind: counts[kind] >= self._portal_daily_limit(kind) for kind in counts}

    # ------------------------------------------------------------------
    # Paying online
    # ------------------------------------------------------------------

    def _portal_get_payable_invoices(self, invoice_ids=None):
        """The open invoices of this case among ``invoice_ids`` (all of them when empty): ids
        the debtor did not see on the page are ignored, never paid (PO-5)."""
        self.ensure_one()
        invoices = self._portal_get_invoices()
        if invoice_ids:
            invoices = invoices.filtered(lambda inv: inv.id in set(invoice_ids))
        if len(invoices.currency_id) > 1:
            raise ValidationError(
                self.env._("Invoices in different currencies must be paid one at a time.")
            )
        return invoices

    def _portal_payment_values(self, invoices):
        """Amount and currency of a payment of these invoices, computed here, never posted."""
        return {
            "amount": sum(invoices.mapped("amount_residual")),
            "currency": invoices.currency_id[:1] or self.currency_id,
        }

    # ------------------------------------------------------------------
    # Requests from the page (sudo record from _document_check_access)
    # ------------------------------------------------------------------

    def _portal_register_promise(self, amount, date_promised, note=""):
        """A promise proposed by the debtor: within the back office's rules it is recorded at
        once (and the ladder pauses); outside them it goes to the consultant. Returns the
        promise, or an empty recordset when it waits for the consultant."""
        self.ensure_one()
        self._portal_check_open()
        note = self._portal_clean_text(note)
        amount = self._portal_check_amount(amount)
        if not date_promised:
            raise ValidationError(self.env._("Please choose the date you will pay by."))
        if date_promised < fields.Date.context_today(self):
            raise ValidationError(self.env._("The promised date cannot be in the past."))
        self._portal_use_daily_quota("promise")
        vals = {
            "case_id": self.id,
            "amount": amount,
            "date_promised": date_promised,
            "channel": "portal",
            "note": note,
            "user_id": self.user_id.id,
        }
        text = self.env._(
            "I propose to pay %(amount)s by %(date)s.",
            amount=self.currency_id.format(amount),
            date=format_date(self.env, date_promised),
        )
        try:
            with self.env.cr.savepoint():
                promise = self.env["debt.collection.promise"].create(vals)
        except (ValidationError, UserError) as error:
            self._portal_post_request(text, note)
            self._portal_ask_consultant(
                self.env._(
                    "Promise proposed on the debtor's page, outside the rules: %(amount)s by "
                    "%(date)s (%(reason)s)",
                    amount=self.currency_id.format(amount),
                    date=format_date(self.env, date_promised),
                    reason=error.args[0],
                ),
                note,
            )
            return self.env["debt.collection.promise"]
        self._portal_post_request(text, note)
        return promise

    def _portal_register_dispute(self, invoice_id, reason, attachment=None):
        """The debtor disputes one invoice of the case: the invoice leaves the ladder, the
        consultant gets an activity. ``attachment`` is ``(name, bytes, mimetype)``."""
        self.ensure_one()
        self._portal_check_open()
        invoice = self._portal_get_invoices().filtered(lambda inv: inv.id == invoice_id)
        if not invoice:
            raise ValidationError(self.env._("Please choose an invoice of this case."))
        reason = self._portal_clean_text(reason)
        if not reason:
            raise ValidationError(self.env._("Please give the reason of the dispute."))
        if attachment and len(attachment[1]) > PORTAL_ATTACHMENT_MAX:
            raise ValidationError(self.env._("The attached file is too large (at most 10 MB)."))
        self._portal_use_daily_quota("dispute")
        # the back office's method: the engine holds the invoice as for any other dispute
        self._collection_register_dispute(reason, "portal", invoices=invoice)
        attachments = self.env["ir.attachment"]
        if attachment:
            name, raw, mimetype = attachment
            attachments = attachments.create(
                {
                    "name": name or "document",
                    "raw": raw,
                    "mimetype": mimetype or "application/octet-stream",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        self._portal_post_request(
            self.env._("I dispute the invoice %(invoice)s.", invoice=invoice.name),
            reason,
            attachments,
        )
        self._portal_ask_consultant(
            self.env._("Invoice %(invoice)s disputed on the debtor's page", invoice=invoice.name),
            reason,
        )
        return invoice

    def _portal_register_optout(self, channel, note=""):
        """The debtor stops a channel (or all contact) from the page, recorded by the same
        methods as the opt-out link of e-mails and a cease-contact letter (CG-3, CG-5)."""
        self.ensure_one()
        self._portal_check_open()
        if channel not in PORTAL_OPTOUT_CHOICES:
            raise ValidationError(self.env._("Please choose how we should stop contacting you."))
        note = self._portal_clean_text(note)
        if channel == "cease":
            self._portal_use_daily_quota("optout")
            self._collection_register_cease_contact(note, "portal")
            self._portal_post_request(self.env._("Please do not contact me any more."), note)
            return channel
        self._portal_use_daily_quota("optout")
        # the controller's savepoint undoes the count when this refuses
        if not self.partner_id._collection_register_optout(channel):
            raise ValidationError(self.env._("We hold no contact details of yours for this."))
        self._portal_post_request(
            self.env._(
                "Please stop contacting me by %(channel)s.",
                channel=self.partner_id._collection_optout_channel_label(channel),
            ),
            note,
        )
        return channel

    def _portal_request_plan(self, instalments, reason):
        """The debtor asks for an instalment plan: the consultant proposes one (or not)."""
        self.ensure_one()
        self._portal_check_open()
        try:
            instalments = int(instalments)
        except (TypeError, ValueError):
            instalments = 0
        if not 2 <= instalments <= PORTAL_INSTALMENTS_MAX:
            raise ValidationError(
                self.env._(
                    "Please choose between 2 and %(max)s instalments.", max=PORTAL_INSTALMENTS_MAX
                )
            )
        reason = self._portal_clean_text(reason)
        if not reason:
            raise ValidationError(self.env._("Please tell us why you need a plan."))
        self._portal_use_daily_quota("plan")
        self._portal_post_request(
            self.env._("I ask to pay in %(count)s instalments.", count=instalments), reason
        )
        self._portal_ask_consultant(
            self.env._(
                "Instalment plan asked on the debtor's page: %(count)s instalments",
                count=instalments,
            ),
            reason,
        )

    def _portal_request_contact_update(self, values):
        """New contact data from the debtor: the consultant verifies it and updates the
        partner; nothing is written on the partner from here."""
        self.ensure_one()
        self._portal_check_open()
        values = {
            key: self._portal_clean_text(values.get(key), 200)
            for key in PORTAL_CONTACT_FIELDS
            if self._portal_clean_text(values.get(key), 200)
        }
        if not values:
            raise ValidationError(self.env._("Please fill in the data that changed."))
        if values.get("email") and not email_normalize(values["email"]):
            raise ValidationError(self.env._("This e-mail address is not valid."))
        self._portal_use_daily_quota("contact")
        labels = {
            "phone": self.env._("Phone"),
            "email": self.env._("E-mail"),
            "street": self.env._("Street"),
            "zip": self.env._("ZIP"),
            "city": self.env._("City"),
        }
        lines = "\n".join(
            f"{labels[key]}: {values[key]}" for key in PORTAL_CONTACT_FIELDS if key in values
        )
        self._portal_post_request(self.env._("Please update my contact details."))
        # the new data itself stays internal: the consultant verifies it before using it
        self._portal_ask_consultant(
            self.env._("Verify the contact data the debtor sent from their page"), lines
        )

    def _portal_post_message(self, body):
        """A message of the debtor to the consultant, shown on the page."""
        self.ensure_one()
        self._portal_check_open()
        body = self._portal_clean_text(body)
        if not body:
            raise ValidationError(self.env._("Please write your message."))
        self._portal_use_daily_quota("message")
        self._portal_post_request(body)

    def _portal_count_chatter_message(self):
        """A debtor posts in the page's chatter (mail's controller): one message of today's
        quota, as the page's message form counts it, or refused."""
        self.ensure_one()
        # sudo: the debtor reached the case by login or token (the caller checked); the quota
        # is kept in the action log, which no debtor may write
        self.sudo()._portal_use_daily_quota("message")

    # ------------------------------------------------------------------
    # Helpers of the requests
    # ------------------------------------------------------------------

    def _portal_check_open(self):
        if self.is_closed:
            raise ValidationError(self.env._("This case is closed."))

    def _portal_check_amount(self, amount):
        try:
            amount = float(amount)
        except (TypeError, ValueError):
            amount = 0.0
        if not math.isfinite(amount):
            # inf, -inf, nan: no amount a person types, and none rounding survives
            raise ValidationError(self.env._("Please enter the amount as a number."))
        if amount <= 0.0:
            raise ValidationError(self.env._("The promised amount must be positive."))
        rounding = self.currency_id.rounding
        if amount > self.amount_residual + rounding:
            # before rounding: a huge amount (1e308) overflows it
            raise ValidationError(
                self.env._(
                    "The promised amount is more than what is due (%(due)s).",
                    due=self.currency_id.format(self.amount_residual),
                )
            )
        amount = self.currency_id.round(amount)
        if float_compare(amount, 0.0, precision_rounding=rounding) <= 0:
            raise ValidationError(self.env._("The promised amount must be positive."))
        if float_compare(amount, self.amount_residual, precision_rounding=rounding) > 0:
            raise ValidationError(
                self.env._(
                    "The promised amount %(amount)s is more than what is due (%(due)s).",
                    amount=self.currency_id.format(amount),
                    due=self.currency_id.format(self.amount_residual),
                )
            )
        return amount

    @staticmethod
    def _portal_clean_text(text, size=PORTAL_TEXT_MAX):
        return (text or "").strip()[:size] if isinstance(text, str) else ""

    def _portal_daily_limit(self, kind):
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(f"debt_collection_portal.daily_limit_{kind}")
        )
        try:
            return int(param) if param else PORTAL_DAILY_LIMITS[kind]
        except ValueError:
            return PORTAL_DAILY_LIMITS[kind]

    def _portal_step_key_prefix(self, kind):
        return f"portal:{kind}:{self.id}:{fields.Date.context_today(self)}:"

    def _portal_count_today(self, kind):
        return (
            self.env["debt.collection.action"]
            .sudo()
            .search_count([("step_key", "=like", self._portal_step_key_prefix(kind) + "%")])
        )

    def _portal_use_daily_quota(self, kind):
        """Count one request of this kind today, in the action log (its step key is unique:
        two requests at once cannot both take the last one), or refuse it."""
        count = self._portal_count_today(kind)
        if count >= self._portal_daily_limit(kind):
            raise ValidationError(
                self.env._(
                    "You have reached today's limit for this request; please try again "
                    "tomorrow or call us."
                )
            )
        labels = {
            "promise": self.env._("Promise proposed on the debtor's page"),
            "dispute": self.env._("Dispute sent from the debtor's page"),
            "message": self.env._("Message from the debtor's page"),
            "plan": self.env._("Instalment plan asked on the debtor's page"),
            "contact": self.env._("Contact data sent from the debtor's page"),
            "optout": self.env._("Opt-out sent from the debtor's page"),
        }
        self.env["debt.collection.action"]._log(
            {
                "case_id": self.id,
                "stage_id": self.stage_id.id,
                "channel": "manual",
                "result": "note",
                "outbound": False,
                "user_id": self.user_id.id or self.env.user.id,
                "step_key": f"{self._portal_step_key_prefix(kind)}{count + 1}",
                "note": labels[kind],
            }
        )

    def _portal_debtor_partner(self):
        """The author of what the debtor posts: the logged-in debtor, or the case's debtor."""
        user = self.env.user
        if not user._is_public() and user.share:
            return user.partner_id
        return self.partner_id

    def _portal_post_request(self, text, detail="", attachments=None):
        """The request in the case's chatter as a message of the debtor (shown on the page)."""
        body = Markup("<p>%s</p>") % text
        if detail:
            body += Markup("<p>%s</p>") % detail
        self.message_post(
            body=body,
            author_id=self._portal_debtor_partner().id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=(attachments or self.env["ir.attachment"]).ids,
        )

    def _portal_consultant(self):
        """Who answers the debtor: the case's consultant, else a manager of its company."""
        self.ensure_one()
        if self.user_id:
            return self.user_id
        group = self.env.ref("debt_collection.debt_collection_group_manager")
        managers = group.users.filtered(lambda u: self.company_id in u.company_ids and not u.share)
        return managers[:1] or self.env.ref("base.user_admin")

    def _portal_ask_consultant(self, summary, detail=""):
        for case in self:
            case.with_context(mail_activity_quick_update=True).activity_schedule(
                "debt_collection.mail_activity_type_collection_review",
                # due today: the consultant's queue shows it at once ("Decision waiting")
                date_deadline=fields.Date.context_today(self),
                user_id=case._portal_consultant().id,
                summary=summary[:255],
                note=Markup("<p>%s</p>") % detail if detail else False,
            )
