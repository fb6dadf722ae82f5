"""Which invoices a pre-due reminder already listed (so that no later run lists them again)."""

from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    collection_prereminder_date = fields.Date(
        string="Pre-due Reminder Sent",
        readonly=True,
        copy=False,
        help="The day a friendly reminder before the due date listed this invoice.",
    )
