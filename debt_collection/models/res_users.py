"""The consultant's place in the queue (the last case opened)."""

from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # Where the consultant is in their queue today (the "Next case" button goes on from there)
    collection_queue_case_id = fields.Many2one(
        "debt.collection.case", string="Last Case Opened From the Queue", ondelete="set null"
    )
    collection_queue_score = fields.Float(string="Priority of the Last Case Opened")
    collection_queue_amount = fields.Float(string="Amount Due of the Last Case Opened")
    collection_queue_date = fields.Date(string="Queue Position Of")

    def _collection_queue_remember(self, row):
        """Keep the position of the queue row just opened (a position is valid for the day)."""
        self.ensure_one()
        # sudo: a user keeps their own place in their queue, not a field they may write
        self.sudo().write(
            {
                "collection_queue_case_id": row.case_id.id,
                "collection_queue_score": row.score,
                "collection_queue_amount": row.amount_residual,
                "collection_queue_date": fields.Date.context_today(self),
            }
        )

    def _collection_queue_bookmark(self):
        """(score, amount, case id) of the last case opened today, or None."""
        self.ensure_one()
        user = self.sudo()
        if (
            not user.collection_queue_case_id
            or user.collection_queue_date != fields.Date.context_today(self)
        ):
            return None
        return (
            user.collection_queue_score,
            user.collection_queue_amount,
            user.collection_queue_case_id.id,
        )
