"""A mandate's fee per kind of step, and who bears it."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Results of a step for which a fee is charged: the step was carried out
CHARGEABLE_RESULTS = (
    "sent",
    "delivered",
    "reached",
    "no_answer",
    "promise",
    "refuses",
    "disputes",
    "paid_already",
    "left_message",
    "not_home",
)


class DebtCollectionMandateFee(models.Model):
    """What the agency charges for a kind of step, and who bears it."""

    _name = "debt.collection.mandate.fee"
    _description = "Fee per Collection Step"
    _order = "mandate_id, channel"

    mandate_id = fields.Many2one(
        "debt.collection.mandate", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="mandate_id.company_id", store=True)
    currency_id = fields.Many2one(related="mandate_id.currency_id")
    channel = fields.Selection(selection="_selection_channel", string="Step", required=True)
    amount = fields.Monetary(
        required=True,
        help="Before VAT, in the agency's currency. A fee the debtor bears is added to their "
        "debt as it stands (no VAT) when the step is carried out.",
    )
    bearer = fields.Selection(
        [
            ("creditor", "Creditor (retained from remittances)"),
            ("agency", "Agency (included in the commission)"),
            ("debtor", "Debtor (added to the debt)"),
        ],
        string="Borne By",
        required=True,
        default="creditor",
    )

    _sql_constraints = [
        ("channel_uniq", "unique(mandate_id, channel)", "One fee per kind of step.")
    ]

    @api.model
    def _selection_channel(self):
        selection = self.env["debt.collection.action"]._fields["channel"].selection
        return [item for item in selection if item[0] not in ("manual", "end")]

    @api.constrains("amount")
    def _check_amount(self):
        if any(fee.amount < 0 for fee in self):
            raise ValidationError(self.env._("A fee cannot be negative."))
