from odoo import api, models


class DebtCollectionChannel(models.AbstractModel):
    _inherit = "debt.collection.channel"

    @api.model
    def _get_activity_types(self):
        types = super()._get_activity_types()
        types["legal"] = "debt_collection_legal.mail_activity_type_collection_legal"
        return types

    @api.model
    def _execute_legal(self, steps):
        """The legal notice is prepared by a person of the legal group: an activity for them."""
        self._schedule_activities(steps)
