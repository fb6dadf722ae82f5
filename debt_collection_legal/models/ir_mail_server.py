"""A certified (PEC) mail server: what it sends is kept as legal evidence."""

from odoo import fields, models


class IrMailServer(models.Model):
    _inherit = "ir.mail_server"

    collection_certified = fields.Boolean(
        string="Certified (PEC)",
        help="A certified e-mail server (posta elettronica certificata): legal notices sent "
        "through it are kept as sent, and its receipts prove sending and delivery.",
    )

    def send_email(self, message, mail_server_id=None, smtp_server=None, *args, **kwargs):
        message_id = super().send_email(message, mail_server_id, smtp_server, *args, **kwargs)
        # what a certified server accepted is the legal evidence: keep it byte for byte
        # sudo: the mail queue sends as whoever runs it; only the server's flag is read
        if mail_server_id and self.sudo().browse(mail_server_id).collection_certified:
            self.env["debt.collection.legal.notice"]._pec_keep_sent_message(message)
        return message_id
