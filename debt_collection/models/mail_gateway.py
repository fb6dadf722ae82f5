"""The WhatsApp gateway's Cloud API address (Meta's, a provider's, or a test stand-in)."""

from odoo import fields, models

from ..tools import whatsapp_cloud_api

whatsapp_cloud_api.install()


class MailGateway(models.Model):
    _inherit = "mail.gateway"

    collection_api_url = fields.Char(
        string="Cloud API Address",
        help="Leave empty for Meta's Cloud API (graph.facebook.com). A business solution "
        "provider's Cloud API-compatible address goes here, e.g. https://waba.example.com/.",
    )

    def button_import_whatsapp_template(self):
        with whatsapp_cloud_api.cloud_api(self[:1].collection_api_url):
            return super().button_import_whatsapp_template()
