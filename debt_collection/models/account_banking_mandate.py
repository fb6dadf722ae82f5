"""What a SEPA mandate signed with an instalment plan adds to OCA's mandate."""

from odoo import api, fields, models


class AccountBankingMandate(models.Model):
    _inherit = "account.banking.mandate"

    collection_signed_by = fields.Char(string="Signed By", readonly=True, copy=False)
    collection_prenotice_days = fields.Integer(
        string="Pre-notification (days)",
        default=14,
        help="How many days before each debit the debtor is told its amount and date: 14 "
        "unless the mandate's terms agreed fewer.",
    )
    collection_payment_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Collected Through",
        check_company=True,
        help="The direct-debit payment mode (bank journal and creditor identifier) of this "
        "mandate's debits: the agency's client-money bank for a placed debt.",
    )
    collection_creditor_identifier = fields.Char(
        string="Creditor Identifier", compute="_compute_collection_creditor_identifier"
    )
    collection_plan_ids = fields.One2many(
        "debt.collection.plan", "mandate_id", string="Instalment Plans", readonly=True
    )

    @api.depends("collection_payment_mode_id", "company_id")
    def _compute_collection_creditor_identifier(self):
        for mandate in self:
            mandate.collection_creditor_identifier = (
                mandate.collection_payment_mode_id.sepa_creditor_identifier
                or mandate.company_id.sepa_creditor_identifier
            )
