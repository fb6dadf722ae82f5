"""The bureaus a legal notice names: the debtor is told beforehand where they may be reported."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class DebtCollectionLegalNotice(models.Model):
    _inherit = "debt.collection.legal.notice"

    bureau_ids = fields.Many2many(
        "debt.collection.bureau",
        "debt_collection_legal_notice_bureau_rel",
        "notice_id",
        "bureau_id",
        string="Credit Bureaus Named",
        compute="_compute_bureau_ids",
        store=True,
        readonly=False,
        precompute=True,
        help="The notice tells the debtor that an unpaid debt may be reported to these bureaus "
        "(the company's bureaus for the debtor's country). Empty: no warning, and no report "
        "can follow from this notice.",
    )

    @api.depends("case_id")
    def _compute_bureau_ids(self):
        Bureau = self.env["debt.collection.bureau"]
        for notice in self:
            notice.bureau_ids = Bureau._for_case(notice.case_id) if notice.case_id else Bureau

    def write(self, vals):
        if "bureau_ids" in vals and any(n.state != "draft" for n in self):
            raise UserError(
                self.env._("The bureaus a notice named cannot change once it was sent.")
            )
        return super().write(vals)
