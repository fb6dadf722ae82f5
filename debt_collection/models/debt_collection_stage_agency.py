"""A step of the ladder that places the case with an external agency (e.g. after the visit)."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class DebtCollectionStage(models.Model):
    _inherit = "debt.collection.stage"

    action_type = fields.Selection(
        selection_add=[("agency", "Place with Agency"), ("end",)], ondelete={"agency": "cascade"}
    )
    agency_agreement_id = fields.Many2one(
        "debt.collection.agency.agreement",
        ondelete="restrict",
        # a shared strategy may serve several companies: the case's company is checked when
        # it is placed
        help="The agency the case is placed with when it reaches this step.",
    )


class DebtCollectionAction(models.Model):
    _inherit = "debt.collection.action"

    channel = fields.Selection(
        selection_add=[("agency", "Place with Agency"), ("manual",)],
        ondelete={"agency": "cascade"},
    )


class DebtCollectionChannel(models.AbstractModel):
    _inherit = "debt.collection.channel"

    @api.model
    def _execute_agency(self, steps):
        """The ladder reached its agency step: the case is placed with the stage's agreement
        (the placement ZIP kept on the agreement, e-mailed if it says so)."""
        for case, stage, action in steps:
            agreement = stage.agency_agreement_id
            if not agreement:
                action._log_update(
                    {"result": "skipped", "note": self.env._("The step names no agency.")}
                )
                continue
            try:
                with self.env.cr.savepoint():
                    case._external_place_from_ladder(agreement)
            except UserError as error:
                action._log_update({"result": "skipped", "note": str(error)})
                continue
            action._log_update(
                {
                    "result": "sent",
                    "note": self.env._("Placed with %(agency)s.", agency=agreement.agency_id.name),
                }
            )
