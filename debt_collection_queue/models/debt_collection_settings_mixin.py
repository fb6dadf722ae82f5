"""The parts of the nightly run, declared once for both collection settings forms."""

from odoo import fields, models


class DebtCollectionSettingsMixin(models.AbstractModel):
    """Settings > Collection (administrators) and the Collection Managers' form both inherit
    ``debt.collection.settings.mixin``: the setting is declared here only."""

    _inherit = "debt.collection.settings.mixin"

    collection_run_parts = fields.Integer(
        related="company_id.collection_run_parts", readonly=False
    )
