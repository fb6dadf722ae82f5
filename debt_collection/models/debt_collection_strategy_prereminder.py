"""A strategy's friendly reminder before the due date (off unless a strategy turns it on)."""

from odoo import fields, models


class DebtCollectionStrategy(models.Model):
    _inherit = "debt.collection.strategy"

    prereminder_days = fields.Integer(
        string="Reminder before Due Date (days)",
        help="A friendly statement of the invoices falling due within these days, before any "
        "case: one message per debtor. 0: no reminder.",
    )
    prereminder_channel = fields.Selection(
        [("email", "E-mail"), ("whatsapp", "WhatsApp")],
        string="Reminder by",
        default="email",
        required=True,
    )
    prereminder_whatsapp_template_ids = fields.Many2many(
        "mail.whatsapp.template",
        "debt_collection_strategy_prereminder_template_rel",
        string="Reminder WhatsApp Templates",
        domain=[("model", "=", "debt.collection.whatsapp.message")],
        help="Approved templates, one per language; variables as for the steps' templates "
        "(the amount is the statement's total, the date its first due date, the link the first "
        "invoice's page).",
    )
    prereminder_skip_punctual = fields.Boolean(
        string="Leave out Punctual Payers",
        default=True,
        help="No reminder to debtors none of whose last invoices was paid late.",
    )
    prereminder_history = fields.Integer(
        string="Invoices Looked at",
        default=6,
        help="How many of the debtor's last invoices tell whether they pay on time.",
    )

    _sql_constraints = [
        (
            "prereminder_days_positive",
            "CHECK(prereminder_days >= 0 AND prereminder_history >= 0)",
            "Numbers of days and invoices cannot be negative.",
        )
    ]
