"""Agency mode on the action log: a step's fee the mandate puts on the debtor."""

from odoo import api, models

from .debt_collection_mandate_fee import CHARGEABLE_RESULTS


class DebtCollectionAction(models.Model):
    """Agency mode on the action log: a step whose fee the mandate puts on the debtor adds
    the fee to the debtor's debt (a new posted invoice, once per step)."""

    _inherit = "debt.collection.action"

    @api.model
    def _log(self, vals_list):
        actions = super()._log(vals_list)
        actions._collection_charge_debtor_fees()
        return actions

    def _log_update(self, vals):
        result = super()._log_update(vals)
        if "result" in vals:
            self._collection_charge_debtor_fees()
        return result

    def _collection_charge_debtor_fees(self):
        """Charge the debtor the fee of each step carried out on a case under a mandate that
        says so; a step already charged is never charged again (retries, later updates)."""
        steps = self.filtered(
            lambda action: action.result in CHARGEABLE_RESULTS and action.case_id.mandate_id
        )
        if not steps:
            return self.env["account.move"]
        # sudo: whoever records the step (a consultant) has no right on invoices; the fee is
        # the mandate's, charged to the step's own debtor
        charged = set(
            self.env["account.move"]
            .sudo()
            .search([("collection_fee_action_id", "in", steps.ids)])
            .collection_fee_action_id.ids
        )
        moves = self.env["account.move"]
        for action in steps:
            mandate = action.case_id.mandate_id.sudo()
            fee = mandate._get_fee(action.channel)
            if (
                action.id in charged
                or not fee
                or fee.bearer != "debtor"
                or fee.currency_id.is_zero(fee.amount)
            ):
                continue
            moves |= mandate._post_debtor_fee(action, fee)
        return moves
