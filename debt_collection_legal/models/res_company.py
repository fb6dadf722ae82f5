"""The company's legal settings: notice deadline and interest claims."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Italian diffida: at least 15 days from proven delivery (RELIABILITY CG-10)
MIN_DEADLINE_DAYS = 15


def check_deadline_days(env, days):
    """The company's default and each notice's own deadline: never under the minimum."""
    if days < MIN_DEADLINE_DAYS:
        raise ValidationError(
            env._(
                "A legal notice gives the debtor at least %(days)s days from delivery.",
                days=MIN_DEADLINE_DAYS,
            )
        )


class ResCompany(models.Model):
    _inherit = "res.company"

    collection_notice_deadline_days = fields.Integer(
        string="Legal Notice Deadline (days)",
        default=MIN_DEADLINE_DAYS,
        help="Days the debtor is given to pay, counted from the proven delivery of the notice.",
    )
    collection_claim_consumer_interest = fields.Boolean(
        string="Claim Legal Interest from Consumers",
        help="Claim the legal interest rate from consumer debtors in legal notices (never the "
        "commercial rate, never the fixed compensation).",
    )
    collection_pec_server_id = fields.Many2one(
        "ir.mail_server",
        string="Certified Mail Server (PEC)",
        domain="[('collection_certified', '=', True)]",
        help="Outgoing server of the company's certified mailbox: legal notices by PEC are "
        "sent through it and nowhere else.",
    )
    collection_legal_manager_id = fields.Many2one(
        "res.users",
        string="Legal Decisions By",
        domain="[('share', '=', False)]",
        help="Who decides, when a legal notice's deadline passes unpaid, whether to go to "
        "court or write the debt off. Empty: the company's first Collection Manager.",
    )
    collection_prescription_warning_days = fields.Integer(
        string="Prescription Warning (days)",
        default=90,
        help="Cases whose debt becomes time-barred within this many days are flagged.",
    )
    collection_vat_relief_months = fields.Integer(
        string="VAT Relief: Months Unpaid",
        default=6,
        help="Spain (art. 80 LIVA): months from the due date before the VAT of an unpaid "
        "invoice may be rectified (6, or 12 for large companies under the old rule).",
    )
    collection_vat_relief_window_months = fields.Integer(
        string="VAT Relief: Window (months)",
        default=6,
        help="Spain (art. 80 LIVA): months after that period within which the rectifying "
        "invoice must be issued.",
    )

    @api.constrains("collection_notice_deadline_days")
    def _check_collection_notice_deadline_days(self):
        for company in self:
            check_deadline_days(self.env, company.collection_notice_deadline_days)
