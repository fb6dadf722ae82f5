"""The legal settings of the company, declared once for both collection settings forms."""

from odoo import fields, models


class DebtCollectionSettingsMixin(models.AbstractModel):
    """The legal settings in Settings > Collection and in the managers' form: both inherit
    ``debt.collection.settings.mixin``, so they are declared here only."""

    _inherit = "debt.collection.settings.mixin"

    collection_notice_deadline_days = fields.Integer(
        related="company_id.collection_notice_deadline_days", readonly=False
    )
    collection_claim_consumer_interest = fields.Boolean(
        related="company_id.collection_claim_consumer_interest", readonly=False
    )
    collection_pec_server_id = fields.Many2one(
        related="company_id.collection_pec_server_id", readonly=False
    )
    collection_legal_manager_id = fields.Many2one(
        related="company_id.collection_legal_manager_id", readonly=False
    )
    collection_prescription_warning_days = fields.Integer(
        related="company_id.collection_prescription_warning_days", readonly=False
    )
    collection_vat_relief_months = fields.Integer(
        related="company_id.collection_vat_relief_months", readonly=False
    )
    collection_vat_relief_window_months = fields.Integer(
        related="company_id.collection_vat_relief_window_months", readonly=False
    )
