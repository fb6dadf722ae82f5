"""One invoice of a court claim with its interest to the claim date, as the legal notice
computes it (the figures come from ``debt.collection.legal.notice.line._get_figures``)."""

from odoo import fields, models


class DebtCollectionClaimLine(models.Model):
    _name = "debt.collection.claim.line"
    _description = "Court Claim Invoice"
    _order = "claim_id, date_due, id"

    claim_id = fields.Many2one(
        "debt.collection.claim", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    move_id = fields.Many2one("account.move", string="Invoice", required=True, ondelete="restrict")
    date_due = fields.Date(string="Due Date", readonly=True)
    amount_total = fields.Monetary(string="Amount", readonly=True)
    amount_residual = fields.Monetary(string="Still Due", readonly=True)
    days_late = fields.Integer(readonly=True)
    interest = fields.Monetary(readonly=True)
    compensation = fields.Monetary(readonly=True)
    interest_segments = fields.Json(readonly=True)
    rate_missing = fields.Boolean(readonly=True)
