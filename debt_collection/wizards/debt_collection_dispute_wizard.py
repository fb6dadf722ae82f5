"""Wizard: record a dispute of some of the case's invoices."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DebtCollectionDisputeWizard(models.TransientModel):
    _name = "debt.collection.dispute.wizard"
    _description = "Dispute Invoices"

    move_ids = fields.Many2many("account.move", string="Invoices", required=True)
    reason = fields.Text()

    @api.constrains("reason")
    def _check_reason(self):
        if any(not (wizard.reason or "").strip() for wizard in self):
            raise ValidationError(self.env._("Say why the debtor disputes the invoices."))

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.move":
            values["move_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return values

    def action_confirm(self):
        self.ensure_one()
        self.move_ids.check_access("write")
        self.move_ids._collection_set_dispute(self.reason)
        return {"type": "ir.actions.act_window_close"}
