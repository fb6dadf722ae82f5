# Reconciliations of a company in agency mode: money collected for (or given back to) creditors.
from odoo import api, models


class AccountPartialReconcile(models.Model):
    """A payment reconciled with a placed debt is money owed to its creditor: booked at once
    (and un-booked when the reconciliation is undone), as Odoo books cash-basis taxes.
    Only a company in agency mode has placed debts: the others' reconciliations cost nothing."""

    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        agency_partials = partials._collection_agency_partials()
        if agency_partials:
            self.env["debt.collection.remittance.line"]._record_collections(agency_partials)
        return partials

    def unlink(self):
        agency_partials = self._collection_agency_partials()
        if agency_partials:
            self.env["debt.collection.remittance.line"]._record_reversals(agency_partials)
        return super().unlink()

    def _collection_agency_partials(self):
        """The partials of companies in agency mode (read from the cache: no query)."""
        return self.filtered(lambda partial: partial.company_id.collection_agency_mode)
