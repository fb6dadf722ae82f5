"""The debtor chooses direct debit on their page and signs the SEPA mandate with the plan."""

from odoo import fields, models
from odoo.exceptions import ValidationError


class DebtCollectionPlan(models.Model):
    _inherit = "debt.collection.plan"

    portal_debit_iban = fields.Char(
        string="IBAN Chosen on the Page",
        readonly=True,
        copy=False,
        help="The debtor chose to pay each instalment by direct debit from this account; the "
        "mandate is made when they sign the plan.",
    )

    def _portal_choose_payment(self, method, iban=None):
        """How the debtor will pay the proposed plan (called on the plan of the case that
        ``_document_check_access`` returned): by transfer, or by direct debit from a checked
        IBAN."""
        self.ensure_one()
        if not self._portal_can_sign() or self.case_id.is_closed:
            raise ValidationError(self.env._("This plan is not waiting for your signature."))
        if method == "debit":
            self.portal_debit_iban = self._collection_check_iban(iban)
        elif method == "transfer":
            self.portal_debit_iban = False
        else:
            raise ValidationError(self.env._("Please choose how you will pay."))

    def _portal_iban_masked(self):
        """The account as the debtor's page shows it: country, check digits, last four."""
        self.ensure_one()
        iban = self.mandate_id.partner_bank_id.sanitized_acc_number or (
            self.portal_debit_iban or ""
        ).replace(" ", "")
        return f"{iban[:4]} **** {iban[-4:]}" if iban else ""

    def _portal_sign(self, name, signature):
        """Signing the plan signs the mandate too when the debtor chose direct debit: the same
        name, signature and date, on the IBAN they gave."""
        self.ensure_one()
        if self.portal_debit_iban and self._portal_can_sign() and not self.case_id.is_closed:
            self._collection_debit_sign(
                self.portal_debit_iban, name, fields.Date.context_today(self), scan=signature
            )
            self.portal_debit_iban = False
        return super()._portal_sign(name, signature)
