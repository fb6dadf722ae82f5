"""The call screen's WhatsApp: the thread with the debtor and a button to write to them."""

from odoo import fields, models


class DebtCollectionCall(models.TransientModel):
    _inherit = "debt.collection.call"

    whatsapp_thread = fields.Html(related="case_id.collection_whatsapp_thread")

    def action_whatsapp(self):
        self.ensure_one()
        return self.case_id.action_collection_whatsapp()
