"""The case in agency mode: the creditor's mandate, its ladder, consultants and authority."""

from odoo import api, fields, models


class DebtCollectionCase(models.Model):
    """Agency mode on the case: the creditor's mandate decides the ladder, the consultants,
    the settlement authority, and where a write-off goes (back to the creditor)."""

    _inherit = "debt.collection.case"

    mandate_id = fields.Many2one(
        "debt.collection.mandate",
        compute="_compute_mandate_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        help="The creditor's collection mandate (agency mode); empty for in-house collection.",
    )
    close_reason = fields.Selection(
        selection_add=[("recalled", "Recalled by the creditor")], ondelete={"recalled": "set null"}
    )
    placement_ids = fields.Many2many(
        "debt.collection.placement", compute="_compute_placement_ids", string="Placed Debts"
    )

    @api.depends("creditor_id", "company_id")
    def _compute_mandate_id(self):
        Mandate = self.env["debt.collection.mandate"]
        for company, cases in self.grouped("company_id").items():
            creditors = cases.creditor_id
            mandates = Mandate._for_creditors(company, creditors) if creditors else {}
            for case in cases:
                case.mandate_id = mandates.get(case.creditor_id.id, Mandate)

    @api.depends("invoice_ids")
    def _compute_placement_ids(self):
        placements = self.env["debt.collection.placement"].search(
            [("move_id", "in", self.invoice_ids.ids)]
        )
        for case in self:
            case.placement_ids = placements.filtered(lambda p, c=case: p.move_id in c.invoice_ids)

    def _collection_settlement_authority(self):
        """(largest discount %, most instalments) granted without asking: the creditor's
        mandate at an agency, the company's settings in-house."""
        self.ensure_one()
        if self.mandate_id:
            return self.mandate_id.max_discount, self.mandate_id.max_instalments
        return (
            self.company_id.collection_plan_max_discount,
            self.company_id.collection_plan_max_instalments,
        )

    def _collection_payment_accounts(self):
        """At an agency, debtors pay into the mandate's client-money bank account only, or,
        if it has none, into the creditor's own accounts: never the agency's own (CG-14)."""
        self.ensure_one()
        if self.mandate_id:
            # sudo: consultants may not read the agency's journals; only the account is given
            account = self.mandate_id.sudo().bank_journal_id.bank_account_id
            if account:
                return self.env["res.partner.bank"].browse(account.id)
            return self.creditor_id.commercial_partner_id.bank_ids
        return super()._collection_payment_accounts()

    # Write-offs at an agency: the uncollectable debt goes back to its creditor against the
    # placement (never a bad-debt expense of the agency), in the client-money journal

    def _collection_journal(self):
        if self.mandate_id:
            self.mandate_id._ensure_accounting()
            return self.mandate_id.entry_journal_id
        return super()._collection_journal()

    def _collection_post_writeoff(self, account, label, invoices=None):
        if self.mandate_id:
            account = self.mandate_id.placement_account_id
        return super()._collection_post_writeoff(account, label, invoices=invoices)

    def _collection_write_off(self, reason, note=False):
        move = super()._collection_write_off(reason, note)
        if self.mandate_id:
            self.placement_ids.filtered(lambda p: p.state == "placed").write(
                {"state": "returned", "return_reason": reason, "return_move_id": move.id}
            )
        return move

    def action_reverse_writeoff(self):
        move = self.writeoff_move_id
        res = super().action_reverse_writeoff()
        if move:
            self.env["debt.collection.placement"].search(
                [("return_move_id", "=", move.id), ("state", "=", "returned")]
            ).write({"state": "placed", "return_reason": False, "return_move_id": False})
        return res
