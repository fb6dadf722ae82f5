"""The write-off wizard, aware of the VAT the creditor may recover on a lost credit."""

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError


class DebtCollectionWriteoffWizard(models.TransientModel):
    """The write-off, aware of the VAT the creditor may recover on the lost credit:
    Spain, art. 80 LIVA (rectifying invoice after the months unpaid, with a court claim or a
    notarial demand, within the window); Italy, art. 26 DPR 633/72 (credit note from the
    opening of an insolvency procedure or after a failed enforcement).

    The conditions are read from what the case records and are defaults for the user's
    counsel to confirm; where they hold, a VAT-only credit note is posted and reconciled
    with the invoice before the bad-debt entry takes the rest.
    """

    _inherit = "debt.collection.writeoff.wizard"

    vat_relief_country = fields.Char(compute="_compute_vat_relief")
    vat_relief_conditions = fields.Html(
        string="VAT Relief Conditions", compute="_compute_vat_relief", sanitize=False
    )
    vat_relief_possible = fields.Boolean(compute="_compute_vat_relief")
    vat_relief_amount = fields.Monetary(
        string="VAT to Recover", compute="_compute_vat_relief", currency_field="currency_id"
    )
    issue_vat_credit_note = fields.Boolean(
        string="Issue the VAT Credit Note",
        compute="_compute_issue_vat_credit_note",
        store=True,
        readonly=False,
    )

    @api.depends("case_id")
    def _compute_vat_relief(self):
        for wizard in self:
            country, checks, invoices = wizard.case_id._legal_vat_relief_check()
            wizard.vat_relief_country = country
            wizard.vat_relief_possible = bool(invoices)
            wizard.vat_relief_amount = sum(
                wizard.case_id._legal_unpaid_vat(invoice) for invoice in invoices
            )
            items = Markup("").join(
                Markup("<li>%s %s</li>")
                % (Markup("&#10004;") if ok else Markup("&#10008;"), escape(label))
                for label, ok in checks
            )
            wizard.vat_relief_conditions = (
                Markup("<ul class='list-unstyled'>%s</ul>") % items if checks else False
            )

    @api.depends("vat_relief_possible")
    def _compute_issue_vat_credit_note(self):
        for wizard in self:
            wizard.issue_vat_credit_note = wizard.vat_relief_possible

    def action_confirm(self):
        self.ensure_one()
        if self.issue_vat_credit_note:
            case = self.case_id
            case.check_access("write")
            if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
                raise UserError(self.env._("Only a Collection Manager can write a debt off."))
            _country, _checks, invoices = case._legal_vat_relief_check()
            if not invoices:
                raise UserError(
                    self.env._("The conditions to recover the VAT of this debt do not hold.")
                )
            for invoice in invoices:
                case._legal_post_vat_credit_note(invoice)
        return super().action_confirm()
