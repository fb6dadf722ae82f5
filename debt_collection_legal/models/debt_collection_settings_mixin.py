"""The legal settings of the company, declared once for both collection settings forms."""

from odoo import fields, models

from odoo.addons.debt_collection.models.debt_collection_settings_mixin import company_setting


class DebtCollectionSettingsMixin(models.AbstractModel):
    """The legal settings in Settings > Collection and in the managers' form: both inherit
    ``debt.collection.settings.mixin``, so they are declared here only."""

    _inherit = "debt.collection.settings.mixin"

    collection_notice_deadline_days = company_setting(
        fields.Integer, "collection_notice_deadline_days"
    )
    collection_claim_consumer_interest = company_setting(
        fields.Boolean, "collection_claim_consumer_interest"
    )
    collection_pec_server_id = company_setting(fields.Many2one, "collection_pec_server_id")
    collection_legal_manager_id = company_setting(fields.Many2one, "collection_legal_manager_id")
    collection_prescription_warning_days = company_setting(
        fields.Integer, "collection_prescription_warning_days"
    )
    collection_vat_relief_months = company_setting(fields.Integer, "collection_vat_relief_months")
    collection_vat_relief_window_months = company_setting(
        fields.Integer, "collection_vat_relief_window_months"
    )
