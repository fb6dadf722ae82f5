"""Wizard: the creditor takes placed debts back."""

from odoo import fields, models
from odoo.exceptions import UserError


class DebtCollectionRecallWizard(models.TransientModel):
    """The creditor takes placed debts back: they leave collection, nothing more is remitted."""

    _name = "debt.collection.recall.wizard"
    _description = "Recall Placed Debts"

    placement_ids = fields.Many2many(
        "debt.collection.placement",
        string="Debts",
        default=lambda self: self._default_placement_ids(),
    )
    reason = fields.Char(required=True)

    def _default_placement_ids(self):
        if self.env.context.get("active_model") != "debt.collection.placement":
            return self.env["debt.collection.placement"]
        return self.env["debt.collection.placement"].browse(self.env.context.get("active_ids"))

    def action_confirm(self):
        self.ensure_one()
        if not self.placement_ids:
            raise UserError(self.env._("Choose the debts the creditor recalls."))
        self.placement_ids._recall(self.reason)
        return {"type": "ir.actions.act_window_close"}
