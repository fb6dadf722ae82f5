"""The debtor on WhatsApp: their replies on their case, opt-outs, the 24-hour window."""

from datetime import timedelta

from odoo import fields, models

# Meta's customer service window: free text only within 24 hours of the debtor's last message
WINDOW_HOURS = 24


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _collection_whatsapp_window_open(self):
        """Whether the debtor wrote on WhatsApp in the last 24 hours (free text allowed)."""
        self.ensure_one()
        since = fields.Datetime.now() - timedelta(hours=WINDOW_HOURS)
        # sudo: whether the window is open is a fact of the gateway's channel, not a read of it
        return bool(
            self.env["mail.message"]
            .sudo()
            .search_count(
                [
                    ("author_id", "=", self.id),
                    ("model", "=", "discuss.channel"),
                    ("gateway_type", "=", "whatsapp"),
                    ("date", ">", since),
                ],
                limit=1,
            )
        )

    def _collection_whatsapp_case(self):
        """The open case a WhatsApp message of the debtor belongs to: the one last written to
        on WhatsApp, else the most recent open case."""
        self.ensure_one()
        debtors = self | self.commercial_partner_id
        last = self.env["debt.collection.whatsapp.message"].search(
            [("partner_id", "in", debtors.ids), ("case_id", "!=", False)], limit=1
        )
        if last.case_id and not last.case_id.is_closed:
            return last.case_id
        cases = debtors.collection_case_ids.filtered(lambda c: not c.is_closed)
        return cases.sorted("id", reverse=True)[:1]

    def _collection_whatsapp_received(self, message):
        """A message of the debtor came in: on their case's chatter as theirs (the consultant's
        queue shows "Debtor wrote"); STOP, BAJA or BASTA opts them out of WhatsApp (CG-16)."""
        self.ensure_one()
        case = self._collection_whatsapp_case()
        if case:
            case.message_post(
                body=message.body,
                author_id=self.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                gateway_type="whatsapp",
                attachment_ids=message.attachment_ids.ids,
            )
        if self.env["mail.gateway.whatsapp"]._collection_is_optout(message.body):
            debtor = case.partner_id or self
            debtor._collection_register_optout("whatsapp")
        return case

    def _collection_mark_no_whatsapp(self):
        """A message to the debtor's number failed as "not on WhatsApp": the contact point says
        so, and the debtor's open cases note it (AR-5)."""
        for partner in self:
            partner._collection_sync_contact_points()
            point = partner._collection_current_point("whatsapp")
            if not point or point.whatsapp_unreachable:
                continue
            point.whatsapp_unreachable = True
            for case in partner.collection_case_ids.filtered(lambda c: not c.is_closed):
                case.message_post(
                    body=case._collection_reader_env()._(
                        "WhatsApp cannot reach %(point)s: the number is marked.",
                        point=point.display_value,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
