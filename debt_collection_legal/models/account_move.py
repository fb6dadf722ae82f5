"""Vendor bills as legal costs of a proceeding, rechargeable or not."""

from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    collection_proceeding_id = fields.Many2one(
        "debt.collection.proceeding",
        string="Legal Proceeding",
        index="btree_not_null",
        copy=False,
        ondelete="restrict",
        help="The court proceeding this vendor bill is a legal cost of.",
    )
    collection_cost_rechargeable = fields.Boolean(
        string="Rechargeable to the Debtor",
        copy=False,
        help="A legal cost the debtor is asked to bear; otherwise the creditor bears it.",
    )

    def _collection_legal_payments(self, until=None):
        """``[(date, amount)]`` paid or credited against this invoice's receivable (company
        currency), up to ``until`` included: what lowers the base of late-payment interest."""
        self.ensure_one()
        payments = []
        lines = self.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        for partial in lines.matched_credit_ids:
            counterpart = partial.credit_move_id
            day = counterpart.date
            if until and day > until:
                continue
            payments.append((day, partial.amount))
        return sorted(payments)
