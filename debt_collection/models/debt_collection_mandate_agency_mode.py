# Agency mode: a company that makes a mandate is an agency (its mode turns on with it).
from odoo import api, models


class DebtCollectionMandate(models.Model):
    _inherit = "debt.collection.mandate"

    @api.model_create_multi
    def create(self, vals_list):
        mandates = super().create(vals_list)
        mandates.company_id._collection_agency_mode_on()
        return mandates
