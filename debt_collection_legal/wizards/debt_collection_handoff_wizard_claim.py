"""The hand-off to court started from a court claim: the claim follows its proceeding."""

from odoo import models


class DebtCollectionHandoffWizard(models.TransientModel):
    _inherit = "debt.collection.handoff.wizard"

    def action_confirm(self):
        action = super().action_confirm()
        claim_id = self.env.context.get("debt_collection_claim_id")
        if claim_id:
            claim = self.env["debt.collection.claim"].browse(claim_id).exists()
            if claim and claim.case_id == self.case_id and claim.state == "ready":
                claim.write({"state": "handed_off", "proceeding_id": action.get("res_id")})
        return action
