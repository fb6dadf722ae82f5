"""A PEC receipt arriving by e-mail keeps its original source."""

from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_parse(self, message, save_original=False):
        # A PEC receipt is evidence as it arrived: keep its source (headers, signature and
        # daticert.xml) whatever the incoming server's "keep original" option says
        if message.get("X-Ricevuta"):
            save_original = True
        return super().message_parse(message, save_original=save_original)
