"""A case's WhatsApp: its messages, and what a consultant writes to the debtor on it."""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime, html2plaintext


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    collection_whatsapp_ids = fields.One2many(
        "debt.collection.whatsapp.message", "case_id", string="WhatsApp Messages"
    )

    def _collection_contact_point(self, channel):
        # WhatsApp goes to the debtor's mobile, masked as the SMS's
        return super()._collection_contact_point("sms" if channel == "whatsapp" else channel)

    def _collection_send_whatsapp(self, body=None, template=None):
        """A consultant's WhatsApp to the debtor: free text only inside the 24-hour window,
        an approved template outside it; the contact gate decides as for every contact (a
        refusal raises with its reason). Logged as a step, queued, sent after commit."""
        self.ensure_one()
        self.check_access("write")
        partner = self.partner_id
        window = partner._collection_whatsapp_window_open()
        if not template and not window:
            raise UserError(
                self.env._(
                    "The debtor has not written on WhatsApp in the last 24 hours: only an "
                    "approved template may be sent."
                )
            )
        if not template and not (body or "").strip():
            raise UserError(self.env._("Write the message."))
        if not partner._collection_can_reach("whatsapp"):
            raise UserError(self.env._("The debtor has no valid mobile number."))
        allowed, reason = self._collection_may_contact("whatsapp")
        if not allowed:
            raise UserError(reason)
        Outbox = self.env["debt.collection.whatsapp.message"]
        action = self.env["debt.collection.action"]._log(
            {
                "case_id": self.id,
                "channel": "whatsapp",
                "result": "scheduled",
                "outbound": True,
                "contact_point": self._collection_contact_point("whatsapp"),
            }
        )
        values = Outbox._prepare_values(partner, case=self)
        values.update(action_id=action.id, kind="manual", user_id=self.env.uid)
        if template:
            values["template_id"] = template.id
        else:
            values["body"] = body.strip()
        return Outbox._queue([values])

    collection_whatsapp_thread = fields.Html(
        string="WhatsApp Thread", compute="_compute_collection_whatsapp_thread", sanitize=False
    )

    def _compute_collection_whatsapp_thread(self):
        """The messages exchanged with the debtor on WhatsApp, oldest first (escaped)."""
        Message = self.env["mail.message"]
        for case in self:
            messages = (
                Message.search(
                    [
                        ("model", "=", case._name),
                        ("res_id", "=", case.id),
                        ("gateway_type", "=", "whatsapp"),
                    ],
                    order="date, id",
                    limit=50,
                )
                if case.id
                else Message
            )
            rows = [
                Markup(
                    '<div class="o_dc_whatsapp_msg %s"><small class="text-muted">%s — %s</small>'
                    "<div>%s</div></div>"
                )
                % (
                    "o_dc_whatsapp_in"
                    if msg.author_id == case.partner_id
                    else "o_dc_whatsapp_out",
                    format_datetime(self.env, msg.date),
                    msg.author_id.name or "",
                    html2plaintext(msg.body or ""),
                )
                for msg in messages
            ]
            case.collection_whatsapp_thread = Markup("").join(rows) if rows else False

    def action_collection_whatsapp(self):
        """Open the WhatsApp composer for the debtor of this case."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("WhatsApp"),
            "res_model": "debt.collection.whatsapp.composer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }
