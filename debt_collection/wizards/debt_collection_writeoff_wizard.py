"""Wizard: close a case as lost, with its reason."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.debt_collection_case import WRITEOFF_REASONS


class DebtCollectionWriteoffWizard(models.TransientModel):
    """Close a case as lost (castigo, stralcio): a bad-debt entry against the receivable."""

    _name = "debt.collection.writeoff.wizard"
    _description = "Write Off a Debt"

    case_id = fields.Many2one("debt.collection.case", required=True, readonly=True)
    currency_id = fields.Many2one(related="case_id.currency_id")
    amount_residual = fields.Monetary(related="case_id.amount_residual", string="To Write Off")
    reason = fields.Selection(WRITEOFF_REASONS, required=True)
    legal_cost = fields.Monetary(
        string="Estimated Legal Cost", help="What suing would cost, to weigh against the residual."
    )
    note = fields.Text(string="Cost-benefit Note")

    @api.constrains("legal_cost")
    def _check_legal_cost(self):
        for wizard in self:
            if wizard.legal_cost < 0:
                raise ValidationError(
                    self.env._(
                        "The estimated legal cost cannot be negative: enter what suing would "
                        "cost, or leave it empty."
                    )
                )

    @api.onchange("legal_cost")
    def _onchange_legal_cost(self):
        if self.legal_cost > 0 and not self.note:
            self.note = self.env._(
                "Residual %(residual)s against an estimated legal cost of %(cost)s.",
                residual=self.currency_id.format(self.amount_residual),
                cost=self.currency_id.format(self.legal_cost),
            )

    def action_confirm(self):
        self.ensure_one()
        self.case_id.check_access("write")
        self.case_id._collection_write_off(self.reason, self.note)
        return {"type": "ir.actions.act_window_close"}
