"""The WhatsApp outbox: every message to a debtor, queued, sent after commit, and its receipts."""

import logging
import re
from datetime import datetime, timezone

from odoo import api, fields, models
from odoo.tools import SQL, format_amount, format_date

from ..tools.whatsapp_cloud_api import cloud_api

_logger = logging.getLogger(__name__)

STATES = [
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("read", "Read"),
    ("failed", "Failed"),
]
# Meta's receipts, in the order they come; a late "delivered" never lowers a "read"
RECEIPT_RANK = {"queued": 0, "sent": 1, "delivered": 2, "read": 3}
# Cloud API error codes that say the number cannot receive WhatsApp messages (the contact point
# is marked); others (a template Meta rejects, a rate limit) are ours to fix
RECIPIENT_ERRORS = {"131026", "131030", "1013"}
SEND_BATCH = 200


class DebtCollectionWhatsappMessage(models.Model):
    """One WhatsApp message to a debtor (a step of the ladder, a consultant's message, a pre-due
    reminder). The channel queues it; ``_cron_send`` sends it after commit through OCA's gateway
    (AR-3) and the gateway's webhook brings its receipts. It is also the record Meta-approved
    templates read their variables from: the debtor, the amount, the due date, the page link.
    """

    _name = "debt.collection.whatsapp.message"
    _description = "WhatsApp Message to a Debtor"
    _order = "id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Debtor", required=True, index=True, ondelete="restrict"
    )
    case_id = fields.Many2one(
        "debt.collection.case", index="btree_not_null", ondelete="cascade", check_company=True
    )
    action_id = fields.Many2one(
        "debt.collection.action", string="Step", index="btree_not_null", ondelete="set null"
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    kind = fields.Selection(
        [
            ("step", "Step of the Ladder"),
            ("manual", "Consultant"),
            ("reminder", "Pre-due Reminder"),
        ],
        required=True,
        default="step",
    )
    template_id = fields.Many2one("mail.whatsapp.template", ondelete="restrict")
    body = fields.Text(help="Free text (only inside the 24-hour window) or the template rendered.")
    state = fields.Selection(STATES, required=True, default="queued", index=True)
    wamid = fields.Char(string="WhatsApp Message ID", index="btree_not_null", copy=False)
    error = fields.Text()
    date_sent = fields.Datetime(string="Sent")
    date_delivered = fields.Datetime(string="Delivered")
    date_read = fields.Datetime(string="Read")
    user_id = fields.Many2one("res.users", string="Sent By", default=lambda self: self.env.user)
    mail_message_id = fields.Many2one("mail.message", ondelete="set null")
    # the template's variables (field paths of this model): kept as sent
    debtor_name = fields.Char()
    amount_text = fields.Char(string="Amount")
    date_due_text = fields.Char(string="Due Date")
    page_url = fields.Char(string="Debtor's Page")

    # ------------------------------------------------------------------
    # Queueing
    # ------------------------------------------------------------------

    @api.model
    def _prepare_values(self, partner, case=None, amount=None, currency=None, date_due=None):
        """The message's variables, in the debtor's language."""
        lang = partner.lang or self.env.lang
        env = self.with_context(lang=lang).env
        values = {"partner_id": partner.id, "debtor_name": partner.name}
        if case:
            case._portal_ensure_token()
            amount = case.amount_residual if amount is None else amount
            currency = currency or case.currency_id
            date_due = date_due or case.date_due_oldest
            values.update(
                case_id=case.id,
                company_id=case.company_id.id,
                page_url=case.get_base_url() + case.get_portal_url(),
            )
        if amount is not None and currency:
            values["amount_text"] = format_amount(env, amount, currency)
        if date_due:
            values["date_due_text"] = format_date(env, date_due)
        values.setdefault("company_id", self.env.company.id)
        return values

    @api.model
    def _queue(self, vals_list):
        """Queue messages and wake the sender up after commit; the records (sudo: the outbox is
        the system's, consultants only read it)."""
        messages = self.sudo().create(vals_list)
        self.env.ref("debt_collection.ir_cron_debt_collection_whatsapp")._trigger()
        return messages

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    @api.model
    def _cron_send(self, limit=None):
        """Send the queued messages, oldest first, skipping rows another worker holds; a commit
        after each message in a real cron run (a message is sent once, AR-1/AR-3)."""
        self.flush_model(["state"])
        rows = self.env.execute_query(
            SQL(
                """SELECT id FROM debt_collection_whatsapp_message WHERE state = 'queued'
                    ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
                limit or SEND_BATCH,
            )
        )
        commits = self.env["debt.collection.run"]._commits()
        # sudo: the sender is the system; the gateway's channels are not the consultants'
        for message in self.sudo().browse(row[0] for row in rows):
            message._send()
            if commits:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return len(rows)

    def _gateway(self):
        self.ensure_one()
        return (
            self.env["mail.gateway"]
            .sudo()
            .search(
                [
                    ("gateway_type", "=", "whatsapp"),
                    ("company_id", "in", [self.company_id.id, False]),
                ],
                order="company_id, id",
                limit=1,
            )
        )

    def _send(self):
        """Post the message on the case (or the debtor) through OCA's gateway; a failure marks
        the message failed and leaves the fallback to the channel."""
        self.ensure_one()
        gateway = self._gateway()
        partner = self.partner_id
        if not gateway:
            return self._fail(self.env._("No WhatsApp gateway is configured for this company."))
        if not partner.collection_phone_e164:
            return self._fail(self.env._("The debtor has no valid mobile number."))
        record = self.case_id or partner
        body = self.body
        if self.template_id:
            body = self.template_id.with_context(default_res_id=self.id).render_body_message()
        with cloud_api(gateway.collection_api_url):
            try:
                partner._whatsapp_get_channel("collection_phone_e164", gateway)
            except Exception as error:  # noqa: BLE001 - a number the gateway refuses
                return self._fail(str(error))
            link = partner.gateway_channel_ids.filtered(lambda c: c.gateway_id == gateway)[:1]
            message = record.with_context(
                whatsapp_template_id=self.template_id.id or False, res_id=self.id
            ).message_post(
                body=body,
                author_id=(self.user_id or self.env.user).partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                gateway_type="whatsapp",
                gateway_notifications=[
                    {
                        "channel_type": "gateway",
                        "gateway_channel_id": link.id,
                        "partner_id": partner.id,
                    }
                ],
            )
        notification = message.notification_ids.filtered(
            lambda n: n.notification_type == "gateway"
        )[:1]
        values = {"mail_message_id": message.id, "body": body}
        if notification.gateway_message_id and notification.notification_status != "exception":
            values.update(state="sent", wamid=notification.gateway_message_id)
            values["date_sent"] = fields.Datetime.now()
            self.write(values)
            self.action_id._log_update({"result": "sent", "mail_message_id": message.id})
            return True
        self.write(values)
        return self._fail(
            notification.failure_reason or self.env._("The gateway did not send it.")
        )

    def _fail(self, reason, code=None):
        """The message failed: noted, not counted as a contact (AR-5); a number that is not on
        WhatsApp is marked on the contact point; the step falls back to its stage's other
        channel."""
        self.ensure_one()
        self.write({"state": "failed", "error": reason})
        if code in RECIPIENT_ERRORS or code is None and self._looks_unreachable(reason):
            self.partner_id._collection_mark_no_whatsapp()
        if self.action_id:
            self.action_id._log_update({"result": "failed", "outbound": False, "error": reason})
            self.env["debt.collection.channel"]._whatsapp_fallback(self)
        elif self.case_id:
            self.case_id.message_post(
                body=self.case_id._collection_reader_env()._(
                    "WhatsApp message not sent: %(reason)s", reason=reason
                ),
                subtype_xmlid="mail.mt_note",
            )
        return False

    @api.model
    def _looks_unreachable(self, reason):
        return bool(reason and re.search(r"\b(131026|131030|1013)\b", str(reason)))

    # ------------------------------------------------------------------
    # Receipts (the gateway's webhook)
    # ------------------------------------------------------------------

    @api.model
    def _receive_status(self, status):
        """A status of Meta's webhook: sent, delivered, read or failed, on the message and its
        step. Idempotent: a receipt that comes twice, or late, changes nothing more."""
        message = self.sudo().search([("wamid", "=", status.get("id"))], limit=1)
        if not message or message.state == "failed":
            return message
        state = status.get("status")
        when = fields.Datetime.now()
        if status.get("timestamp"):
            when = datetime.fromtimestamp(int(status["timestamp"]), tz=timezone.utc).replace(
                tzinfo=None
            )
        if state == "failed":
            errors = status.get("errors") or [{}]
            code = str(errors[0].get("code", ""))
            detail = errors[0].get("error_data", {}).get("details") or errors[0].get("title")
            message._fail(f"[{code}] {detail or ''}".strip(), code=code)
            return message
        if RECEIPT_RANK.get(state, -1) <= RECEIPT_RANK.get(message.state, 0):
            return message
        values = {"state": state}
        if state == "delivered":
            values["date_delivered"] = when
        elif state == "read":
            values["date_read"] = when
            values["date_delivered"] = message.date_delivered or when
        message.write(values)
        if state in ("delivered", "read") and message.action_id:
            message.action_id._log_update({"result": "delivered"})
        return message
