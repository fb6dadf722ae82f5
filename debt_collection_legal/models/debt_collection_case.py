from odoo import api, fields, models


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    state = fields.Selection(
        selection_add=[("legal", "Legal Phase"), ("paid",)],
        ondelete={"legal": "set default"},
    )

    @api.model
    def _get_active_states(self):
        # the ladder goes on during the legal phase (its deadline, then the end step)
        return super()._get_active_states() + ["legal"]
