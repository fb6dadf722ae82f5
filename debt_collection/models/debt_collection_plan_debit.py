"""A plan paid by SEPA direct debit: the mandate the debtor signs with it, and its end."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.base_iban.models.res_partner_bank import normalize_iban, validate_iban


class DebtCollectionPlan(models.Model):
    _inherit = "debt.collection.plan"

    payment_method = fields.Selection(
        [("transfer", "Bank Transfer"), ("debit", "SEPA Direct Debit")],
        string="Paid By",
        default="transfer",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        help="Direct debit: each instalment is collected from the debtor's account under the "
        "SEPA mandate they signed with the plan.",
    )
    mandate_id = fields.Many2one(
        "account.banking.mandate",
        string="SEPA Mandate",
        readonly=True,
        copy=False,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )

    @api.model
    def _collection_check_iban(self, iban):
        """The IBAN normalised, or a ValidationError saying what is wrong with it."""
        iban = normalize_iban(iban or "")
        if not iban:
            raise ValidationError(self.env._("Please give the IBAN of the account to debit."))
        validate_iban(iban)
        return iban

    def _collection_debit_payment_mode(self):
        """The payment mode of this plan's debits: for a placed debt the agency mandate's
        (its client-money bank and the creditor identifier it collects under), else the
        company's."""
        self.ensure_one()
        # sudo: internal, the plan's own agency mandate read for its payment mode only (a
        # consultant, or the debtor signing on their page, may not read mandates)
        agency_mandate = self.case_id.mandate_id.sudo()
        if agency_mandate and agency_mandate.debit_payment_mode_id:
            return agency_mandate.debit_payment_mode_id.sudo(self.env.su)
        return self.company_id.collection_debit_payment_mode_id

    def _collection_debit_sign(self, iban, signed_by, signature_date, scan=False):
        """The debtor's signed SEPA mandate (OCA's ``account.banking.mandate``, valid, on the
        debtor's checked IBAN) for this plan, which is then paid by direct debit. Called after
        the caller's right on the plan was checked (the back office wizard, the portal's
        access check)."""
        self.ensure_one()
        if self.state not in ("draft", "to_approve"):
            raise UserError(self.env._("Only a plan not yet agreed can be signed for debit."))
        iban = self._collection_check_iban(iban)
        signed_by = (signed_by or "").strip()[:200]
        if not signed_by:
            raise ValidationError(self.env._("Please type the name of who signs the mandate."))
        mode = self._collection_debit_payment_mode()
        if not mode:
            raise UserError(
                self.env._(
                    "Direct debit is not set up: choose the direct-debit payment mode in the "
                    "collection settings."
                )
            )
        # sudo: bank accounts and mandates are accounting records neither a consultant nor
        # the debtor may write; the caller's right on this plan was checked
        Bank = self.env["res.partner.bank"].sudo()
        partner = self.partner_id
        bank = Bank.search(
            [("sanitized_acc_number", "=", iban), ("partner_id", "=", partner.id)], limit=1
        ) or Bank.create({"acc_number": iban, "partner_id": partner.id})
        mandate = (
            self.env["account.banking.mandate"]
            .sudo()
            .create(
                {
                    "format": "sepa",
                    "type": "recurrent",
                    "recurrent_sequence_type": "first",
                    "scheme": "CORE",
                    "partner_bank_id": bank.id,
                    "company_id": self.company_id.id,
                    "signature_date": signature_date,
                    "scan": scan,
                    "collection_signed_by": signed_by,
                    "collection_payment_mode_id": mode.id,
                }
            )
        )
        mandate.validate()
        self.write({"payment_method": "debit", "mandate_id": mandate.id})
        return mandate

    def _collection_debit_stop(self, reason):
        """The mandate cannot be used again (revoked, account closed): the plan goes back to
        transfers, debits not yet sent are dropped and the consultant is told."""
        for plan in self.filtered(lambda p: p.payment_method == "debit"):
            plan.mandate_id.filtered(lambda m: m.state == "valid").write({"state": "cancel"})
            pending = plan.line_ids.debit_payment_line_ids.filtered(
                lambda p: p.order_id.state == "draft"
            )
            pending.unlink()
            plan.payment_method = "transfer"
            case = plan.case_id
            env = case._collection_reader_env()
            text = env._(
                "Plan %(name)s: the direct debit stopped (%(reason)s); the next instalments "
                "are to be paid by transfer. Call the debtor.",
                name=plan.name,
                reason=reason,
            )
            plan.message_post(body=text, subtype_xmlid="mail.mt_note")
            case._collection_ask_consultant(text)

    def _collection_debit_reopen(self):
        """A debit returned or refunded after the plan was completed: the plan runs again and
        the case it had closed as paid is open again, held by the plan (a settlement stays as
        it was)."""
        for plan in self.filtered(lambda p: p.state == "done" and not p.settlement_move_id):
            case = plan.case_id
            if case.state == "paid":
                case.write({"state": "plan", "close_reason": False, "date_closed": False})
            plan.state = "running"

    def _collection_debit_creditor_identifier(self):
        """The creditor identifier this plan's debits would go out under."""
        self.ensure_one()
        mode = self._collection_debit_payment_mode()
        return mode.sepa_creditor_identifier or self.company_id.sepa_creditor_identifier or ""

    def action_stop_debit(self):
        """The debtor revoked the mandate (by phone, by letter): the plan goes back to
        transfers at once, as after a return for a revoked mandate."""
        self.check_access("write")
        if any(plan.payment_method != "debit" for plan in self):
            raise UserError(self.env._("This plan is not paid by direct debit."))
        reason = self.env._("mandate revoked by the debtor")
        # sudo: the mandate and the debits not yet sent are accounting records a consultant
        # may not write; the caller's right on these plans was checked above
        self.sudo()._collection_debit_stop(reason)
