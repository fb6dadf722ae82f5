"""The fields and steps every legal document of a case shares (claim, notice, proceeding)."""

from odoo import api, fields, models


class DebtCollectionLegalDocumentMixin(models.AbstractModel):
    """A legal document of one case: its numbered reference (the model's ``ir.sequence``, whose
    code is the model's name), the case and what it takes from it, and the parties it names."""

    _name = "debt.collection.legal.document.mixin"
    _description = "Legal Document of a Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    case_id = fields.Many2one(
        "debt.collection.case",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="case_id.partner_id", store=True, index=True, string="Debtor"
    )
    currency_id = fields.Many2one(related="case_id.currency_id", store=True)

    @api.depends("line_ids.amount_residual", "line_ids.interest", "line_ids.compensation")
    def _compute_amounts(self):
        """The totals of the invoices a claim or a notice lists (its ``line_ids``)."""
        for document in self:
            lines = document.line_ids
            document.amount_residual = sum(lines.mapped("amount_residual"))
            document.amount_interest = sum(lines.mapped("interest"))
            document.amount_compensation = sum(lines.mapped("compensation"))
            document.amount_total = (
                document.amount_residual + document.amount_interest + document.amount_compensation
            )
            document.rate_missing = any(lines.mapped("rate_missing"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(self._name) or "/"
        return super().create(vals_list)

    def _get_creditor(self):
        """(creditor, agency): the agency is the company when it collects for a client."""
        self.ensure_one()
        company_partner = self.company_id.partner_id
        creditor = self.case_id._collection_letter_creditor()
        if creditor:
            return creditor, company_partner
        return company_partner, self.env["res.partner"]
