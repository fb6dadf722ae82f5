"""Settings > Collection: the company's collection settings for administrators."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _name = "res.config.settings"
    _inherit = ["res.config.settings", "debt.collection.settings.mixin"]

    # an administrator's setting only: not in the managers' debt.collection.settings
    collection_agency_mode = fields.Boolean(
        related="company_id.collection_agency_mode", readonly=False
    )
