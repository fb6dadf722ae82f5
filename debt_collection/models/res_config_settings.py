"""Settings > Collection: the company's collection settings for administrators."""

from odoo import models


class ResConfigSettings(models.TransientModel):
    _name = "res.config.settings"
    _inherit = ["res.config.settings", "debt.collection.settings.mixin"]
