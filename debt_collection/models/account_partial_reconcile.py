"""A reconciliation with a placed debt books the money owed to its creditor (agency mode)."""

from odoo import api, models


class AccountPartialReconcile(models.Model):
    """A payment reconciled with a placed debt is money owed to its creditor: booked at once
    (and un-booked when the reconciliation is undone), as Odoo books cash-basis taxes."""

    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        self.env["debt.collection.remittance.line"]._record_collections(partials)
        return partials

    def unlink(self):
        self.env["debt.collection.remittance.line"]._record_reversals(self)
        return super().unlink()
