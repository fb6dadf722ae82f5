"""What comes in from WhatsApp for collection: receipts on the steps, replies on the cases."""

import re

from odoo import models
from odoo.tools import html2plaintext

from ..tools.whatsapp_cloud_api import cloud_api

# A reply that starts with one of these words is an opt-out of WhatsApp (CG-16)
OPTOUT_WORDS = re.compile(r"^\W*(stop|baja|basta)\b", re.IGNORECASE)


class MailGatewayWhatsapp(models.AbstractModel):
    _inherit = "mail.gateway.whatsapp"

    def _send(self, gateway, record, auto_commit=False, raise_exception=False, parse_mode=False):
        with cloud_api(gateway.collection_api_url):
            return super()._send(
                gateway,
                record,
                auto_commit=auto_commit,
                raise_exception=raise_exception,
                parse_mode=parse_mode,
            )

    def _receive_update(self, gateway, update):
        with cloud_api(gateway.collection_api_url):
            res = super()._receive_update(gateway, update)
        Outbox = self.env["debt.collection.whatsapp.message"]
        for entry in (update or {}).get("entry", []):
            for change in entry.get("changes", []):
                if change.get("field") != "messages":
                    continue
                for status in change.get("value", {}).get("statuses", []):
                    Outbox._receive_status(status)
        return res

    def _process_update(self, chat, message, value):
        # the reply goes to the debtor's case below; OCA's copy on a quoted message's record
        # would post it there a second time
        message = {key: val for key, val in message.items() if key != "context"}
        return super()._process_update(chat, message, value)

    def _post_process_message(self, message, channel):
        res = super()._post_process_message(message, channel)
        partner = message.author_id
        if partner:
            partner.sudo()._collection_whatsapp_received(message)
        return res

    def _collection_is_optout(self, body):
        return bool(OPTOUT_WORDS.match(html2plaintext(body or "").strip()))
