"""The legal stage of a ladder: only after a written notice that went unheeded."""

from odoo import api, fields, models


class DebtCollectionStage(models.Model):
    _inherit = "debt.collection.stage"

    action_type = fields.Selection(
        selection_add=[("legal", "Legal Notice"), ("end",)], ondelete={"legal": "cascade"}
    )

    @api.depends("action_type")
    def _compute_requirements(self):
        res = super()._compute_requirements()
        # the legal notice is the last chance: only after a written notice that went unheeded
        for stage in self.filtered(lambda s: s.action_type == "legal"):
            stage.requires_letter = True
        return res
