"""The direct-debit settings: the company's and an agency mandate's payment mode, lead time."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .debt_collection_settings_mixin import company_setting


class ResCompany(models.Model):
    _inherit = "res.company"

    collection_debit_lead_days = fields.Integer(
        string="Direct Debit Lead Time (days)",
        default=5,
        help="Instalments to be debited within this many days go into a direct-debit order "
        "for the accountant to send to the bank (your bank's cut-off for SEPA Core).",
    )
    collection_debit_payment_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Direct Debit Payment Mode",
        check_company=True,
        domain="[('payment_type', '=', 'inbound'), ('payment_order_ok', '=', True)]",
        help="The SEPA direct-debit payment mode (bank journal, creditor identifier) of the "
        "instalment plans' debits.",
    )


class DebtCollectionSettings(models.TransientModel):
    _inherit = "debt.collection.settings"

    collection_debit_lead_days = company_setting(fields.Integer, "collection_debit_lead_days")
    collection_debit_payment_mode_id = company_setting(
        fields.Many2one, "collection_debit_payment_mode_id"
    )


class DebtCollectionMandate(models.Model):
    _inherit = "debt.collection.mandate"

    debit_payment_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Direct Debit Payment Mode",
        check_company=True,
        domain="[('payment_type', '=', 'inbound'), ('payment_order_ok', '=', True)]",
        help="Plans of this creditor's placed debts are debited through this mode: into the "
        "client-money bank, under the creditor identifier it carries (the agency's or the "
        "creditor's).",
    )

    @api.constrains("debit_payment_mode_id", "bank_journal_id")
    def _check_debit_payment_mode(self):
        for mandate in self:
            mode = mandate.debit_payment_mode_id
            journal = mode.fixed_journal_id if mode.bank_account_link == "fixed" else False
            if mode and mandate.bank_journal_id and journal != mandate.bank_journal_id:
                raise ValidationError(
                    self.env._(
                        "The direct debits of a placed debt go into the client-money bank "
                        "%(bank)s: choose a payment mode fixed on that journal.",
                        bank=mandate.bank_journal_id.display_name,
                    )
                )
