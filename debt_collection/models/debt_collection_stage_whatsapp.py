"""A stage's WhatsApp templates (Meta-approved, one per language) and its fallback channel."""

from odoo import fields, models

OUTBOX_MODEL = "debt.collection.whatsapp.message"


class DebtCollectionStage(models.Model):
    _inherit = "debt.collection.stage"

    whatsapp_template_ids = fields.Many2many(
        "mail.whatsapp.template",
        string="WhatsApp Templates",
        domain=[("model", "=", OUTBOX_MODEL)],
        help="Templates approved by Meta, one per language: the debtor gets the one in their "
        "language. Their variables read the debtor's name, the amount, the due date and the "
        "debtor's page link from the message.",
    )
    whatsapp_fallback = fields.Selection(
        [("email", "E-mail"), ("sms", "SMS"), ("none", "None")],
        string="If WhatsApp Fails",
        default="email",
        required=True,
        help="The channel the step takes when the WhatsApp message cannot be sent or is not "
        "delivered (no WhatsApp on the number, template rejected); the contact rules decide "
        "as for any step.",
    )

    def _whatsapp_template_for(self, partner):
        """The approved template of this stage in the debtor's language (exact, then the same
        language of another country), else in the company's language; or an empty recordset."""
        self.ensure_one()
        templates = self.whatsapp_template_ids.filtered(lambda t: t.state == "approved")
        return templates._collection_for_lang(
            partner.lang or self.company_id.partner_id.lang or self.env.lang
        ) or templates._collection_for_lang(self.company_id.partner_id.lang or "en_US")
