"""What promises and instalment plans share: their case, debtor, consultant and payments."""

from odoo import fields, models
from odoo.tools import SQL

from .debt_collection_case import CASE_PAYMENTS_JOIN, PAYMENT_MOVE


class DebtCollectionArrangementMixin(models.AbstractModel):
    """An arrangement the debtor agreed on a case (a promise, an instalment plan): it takes
    the debtor, company and currency from the case and is followed against the payments
    reconciled with the case's invoices."""

    _name = "debt.collection.arrangement.mixin"
    _description = "Arrangement with the Debtor"

    case_id = fields.Many2one(
        "debt.collection.case", required=True, index=True, ondelete="restrict", check_company=True
    )
    partner_id = fields.Many2one(related="case_id.partner_id", store=True, string="Debtor")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="case_id.currency_id", store=True)
    user_id = fields.Many2one("res.users", string="Consultant", default=lambda self: self.env.user)

    def _collection_payments_in(self, window, window_fields):
        """{record id: payments reconciled with its case's invoices that ``window`` (a
        condition on ``p``, the record's row, and ``pl``, the payment's line) keeps}; one
        query. ``window_fields``: the record's fields the window reads."""
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move.line"].flush_model(["date", "move_id", "account_id"])
        self.flush_recordset([*window_fields, "case_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id, SUM(pr.amount)
                  FROM %s p
                  %s
                 WHERE p.id IN %s
                   AND %s
                   AND %s
                 GROUP BY p.id
                """,
                SQL.identifier(self._table),
                SQL(CASE_PAYMENTS_JOIN),
                tuple(self.ids),
                window,
                SQL(PAYMENT_MOVE),
            )
        )
        return dict(rows)
