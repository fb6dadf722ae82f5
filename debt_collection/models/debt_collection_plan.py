from odoo import fields, models


class DebtCollectionPlan(models.Model):
    _name = "debt.collection.plan"
    _description = "Instalment Plan"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default="/", copy=False)
    case_id = fields.Many2one(
        "debt.collection.case", required=True, index=True, ondelete="restrict", check_company=True
    )
    partner_id = fields.Many2one(related="case_id.partner_id", store=True, string="Debtor")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="case_id.currency_id", store=True)
    line_ids = fields.One2many("debt.collection.plan.line", "plan_id", string="Instalments")
    amount_total = fields.Monetary(string="Agreed Total", required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("running", "Running"),
            ("breached", "Breached"),
            ("done", "Completed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )

    def _cron_evaluate(self):
        """Follow running plans' instalments against payments (negotiation feature).

        Called by the daily engine; batched and idempotent.
        """
        return True
