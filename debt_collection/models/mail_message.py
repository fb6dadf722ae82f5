"""Internal messages on the suite's records stay the team's alone (issue 23)."""

from odoo import models
from odoo.tools import SQL


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _get_forbidden_access(self, operation):
        """Odoo hides internal notes from portal users only when they are comments; on the
        suite's records and the invoices it notes (disputes), every internal message (notes
        the engine and the wizards post, tracking, logs) is the team's alone, whatever its
        type (issue 23)."""
        forbidden = super()._get_forbidden_access(operation)
        rest = self - forbidden
        if not rest or self.env.user._is_internal():
            return forbidden
        self.flush_model(["model", "message_type", "is_internal", "subtype_id"])
        rows = self.env.execute_query(
            SQL(
                """SELECT message.id
                     FROM mail_message AS message
                LEFT JOIN mail_message_subtype AS subtype ON message.subtype_id = subtype.id
                    WHERE message.id = ANY(%s)
                      AND (message.model LIKE %s OR message.model = 'account.move')
                      AND message.message_type != 'user_notification'
                      AND (message.is_internal IS TRUE OR message.subtype_id IS NULL
                           OR subtype.internal IS TRUE)""",
                rest.ids,
                "debt.collection.%",
            )
        )
        return forbidden + self.browse(row[0] for row in rows)
