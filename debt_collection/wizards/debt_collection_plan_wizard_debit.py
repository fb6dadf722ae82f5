"""The plan wizard's direct-debit choice: the debtor's IBAN and their signed SEPA mandate."""

from odoo import fields, models


class DebtCollectionPlanWizard(models.TransientModel):
    _inherit = "debt.collection.plan.wizard"

    debit = fields.Boolean(
        string="Pay Each Instalment by Direct Debit",
        help="The debtor signed a SEPA mandate: each instalment is debited from their account.",
    )
    debit_iban = fields.Char(string="IBAN to Debit")
    debit_signed_by = fields.Char(string="Mandate Signed By")
    debit_signature_date = fields.Date(
        string="Mandate Signed On", default=fields.Date.context_today
    )

    def _check_terms(self):
        res = super()._check_terms()
        if self.debit:
            self.env["debt.collection.plan"]._collection_check_iban(self.debit_iban)
        return res

    def action_propose(self):
        action = super().action_propose()
        if self.debit:
            plan = self.env["debt.collection.plan"].browse(action["res_id"])
            plan._collection_debit_sign(
                self.debit_iban,
                self.debit_signed_by or self.case_id.partner_id.name,
                self.debit_signature_date,
            )
        return action
