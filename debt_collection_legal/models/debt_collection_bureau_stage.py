"""The credit-bureau report as a kind of step of the ladder, and the steps that warn of it."""

from odoo import fields, models


class DebtCollectionStage(models.Model):
    _inherit = "debt.collection.stage"

    action_type = fields.Selection(
        selection_add=[("bureau", "Credit Bureau Report"), ("end",)],
        ondelete={"bureau": "cascade"},
    )
    bureau_warning = fields.Boolean(
        string="Warns of the Credit Bureau Report",
        help="The message of this step tells the debtor that they may be reported and to which "
        "bureaus: where the regime lets an e-mail or SMS be the notice, it counts as one.",
    )
