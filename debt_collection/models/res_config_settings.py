"""Settings > Collection: the company's collection settings for administrators."""

from odoo import fields, models

from .debt_collection_settings_mixin import company_setting


class ResConfigSettings(models.TransientModel):
    _name = "res.config.settings"
    _inherit = ["res.config.settings", "debt.collection.settings.mixin"]

    # an administrator's setting only: not in the managers' debt.collection.settings
    collection_agency_mode = company_setting(fields.Boolean, "collection_agency_mode")
