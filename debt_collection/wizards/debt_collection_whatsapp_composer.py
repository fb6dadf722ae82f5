"""The consultant's WhatsApp to the debtor, from the call screen or the case."""

from odoo import api, fields, models


class DebtCollectionWhatsappComposer(models.TransientModel):
    _name = "debt.collection.whatsapp.composer"
    _description = "Write to the Debtor on WhatsApp"

    case_id = fields.Many2one("debt.collection.case", required=True, readonly=True)
    partner_id = fields.Many2one(related="case_id.partner_id")
    window_open = fields.Boolean(
        compute="_compute_window_open",
        help="The debtor wrote on WhatsApp in the last 24 hours: free text may be sent.",
    )
    template_id = fields.Many2one(
        "mail.whatsapp.template",
        domain=[("model", "=", "debt.collection.whatsapp.message"), ("state", "=", "approved")],
    )
    body = fields.Text(string="Message")

    @api.depends("case_id")
    def _compute_window_open(self):
        for wizard in self:
            wizard.window_open = bool(
                wizard.case_id and wizard.case_id.partner_id._collection_whatsapp_window_open()
            )

    def action_send(self):
        self.ensure_one()
        self.case_id._collection_send_whatsapp(body=self.body, template=self.template_id or None)
        return {"type": "ir.actions.act_window_close"}
