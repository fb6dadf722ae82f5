"""The fields every record of one mandate carries: the mandate, its creditor and company."""

from odoo import fields, models


class DebtCollectionMandateRecordMixin(models.AbstractModel):
    """A record of one mandate (an import, a placed debt, a remittance and its lines): set once,
    it takes the creditor and the agency (company) from the mandate."""

    _name = "debt.collection.mandate.record.mixin"
    _description = "Record of a Collection Mandate"

    mandate_id = fields.Many2one(
        "debt.collection.mandate",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    creditor_id = fields.Many2one(related="mandate_id.creditor_id", store=True, index=True)
    company_id = fields.Many2one(related="mandate_id.company_id", store=True, index=True)
