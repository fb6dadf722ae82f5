"""An in-house company's agreement with an external collection agency (the creditor's side)."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.access import check_manager
from ..tools.counts import counts_by
from .debt_collection_case_external import UPDATE_COLUMNS, _amount_text


class DebtCollectionAgencyAgreement(models.Model):
    """What an external agency charges, how it remits and which file it reads.

    The creditor's side of agency work: cases placed with the agency leave the in-house ladder,
    and the agency's statements are booked against the agreement's transit account.
    """

    _name = "debt.collection.agency.agreement"
    _description = "External Collection Agreement"
    _inherit = ["mail.thread", "debt.collection.accounting.mixin"]
    _order = "agency_id, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    agency_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    commission_rate = fields.Float(
        string="Commission (%)",
        digits=(5, 2),
        tracking=True,
        help="On the amounts the agency collects (and on direct payments, if so agreed).",
    )
    commission_tax_ids = fields.Many2many(
        "account.tax",
        string="Commission Taxes",
        check_company=True,
        domain="[('type_tax_use', '=', 'purchase')]",
        help="The VAT the agency charges on its commission and fees.",
    )
    commission_on_direct = fields.Boolean(
        string="Commission on Direct Payments",
        help="A debtor who pays us directly while placed still earns the agency its commission.",
    )
    fees_borne_by = fields.Selection(
        [("creditor", "Us (the creditor)"), ("debtor", "The debtor"), ("agency", "The agency")],
        default="debtor",
        required=True,
    )
    remittance_mode = fields.Selection(
        [
            ("net", "Net: the agency keeps its commission"),
            ("gross", "Gross: the agency remits everything and bills its commission"),
        ],
        default="net",
        required=True,
        tracking=True,
    )
    file_format = fields.Selection(
        [
            ("ours", "Our placement file (read as is by our agency mode)"),
            ("profile", "Column profile"),
        ],
        default="ours",
        required=True,
    )
    column_profile = fields.Text(
        help="For another agency's format: one line per column, 'our column = their column'."
    )
    send_method = fields.Selection(
        [("download", "Download"), ("email", "E-mail to the agency")],
        default="download",
        required=True,
    )
    email = fields.Char(help="Where placement and recall files go; the agency's e-mail if empty.")
    transit_account_id = fields.Many2one(
        "account.account",
        string="Agency Transit Account",
        check_company=True,
        help="What the agency collected for us and has not paid yet: the debtors' invoices "
        "are settled against it, the agency's payments clear it.",
    )
    commission_account_id = fields.Many2one(
        "account.account", string="Commission Expense Account", check_company=True
    )
    entry_journal_id = fields.Many2one(
        "account.journal",
        string="Statement Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
    )
    purchase_journal_id = fields.Many2one(
        "account.journal",
        string="Bill Journal",
        check_company=True,
        domain="[('type', '=', 'purchase')]",
    )
    case_ids = fields.One2many("debt.collection.case", "external_agreement_id", string="Cases")
    case_count = fields.Integer(compute="_compute_case_count", string="Placed Cases")
    statement_ids = fields.One2many(
        "debt.collection.agency.statement", "agreement_id", string="Statements"
    )

    @api.depends("case_ids.external_agency_id")
    def _compute_case_count(self):
        counts = counts_by(
            self, "debt.collection.case", "external_agreement_id", [("state", "=", "agency")]
        )
        for agreement in self:
            agreement.case_count = counts.get(agreement, 0)

    @api.constrains("commission_rate")
    def _check_commission_rate(self):
        for agreement in self:
            if not 0 <= agreement.commission_rate <= 100:
                raise ValidationError(self.env._("A commission is between 0 and 100 %."))

    def _ensure_accounting(self):
        """The transit and commission accounts and the journals, created once per company."""
        self.ensure_one()
        if (
            self.transit_account_id
            and self.commission_account_id
            and self.entry_journal_id
            and self.purchase_journal_id
        ):
            return
        # sudo: a collection manager need not be an accountant to get the agreement's accounts
        agreement = self.sudo()
        company = agreement.company_id
        Journal = agreement.env["account.journal"].with_company(company)
        values = {}
        if not agreement.transit_account_id:
            values["transit_account_id"] = agreement._find_or_create_collection_account(
                self.env._("Collection agencies: collected, to receive"),
                "asset_current",
                code="COLAGT",
                reconcile=True,
            ).id
        if not agreement.commission_account_id:
            values["commission_account_id"] = agreement._find_or_create_collection_account(
                self.env._("Collection agency commissions"),
                "expense",
                code="COLAGC",
                reconcile=False,
            ).id
        for field, journal_type in (
            ("entry_journal_id", "general"),
            ("purchase_journal_id", "purchase"),
        ):
            if agreement[field]:
                continue
            journal = Journal.search(
                [*Journal._check_company_domain(company), ("type", "=", journal_type)], limit=1
            )
            if not journal:
                raise UserError(
                    self.env._("The company has no miscellaneous journal.")
                    if journal_type == "general"
                    else self.env._("The company has no purchase journal.")
                )
            values[field] = journal.id
        agreement.write(values)

    def _commission_taxes(self):
        self.ensure_one()
        fiscal_position = (
            self.env["account.fiscal.position"]
            .with_company(self.company_id)
            ._get_fiscal_position(self.agency_id)
        )
        return fiscal_position.map_tax(self.commission_tax_ids)

    def _send_to(self):
        self.ensure_one()
        return self.email or self.agency_id.email

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_case_action"
        )
        action["domain"] = [("external_agreement_id", "=", self.id)]
        action["context"] = {}
        return action

    def _profile_columns(self, columns):
        """Our columns, renamed as another agency's file wants them (the column profile:
        one line per column, "our column = their column")."""
        self.ensure_one()
        if self.file_format != "profile" or not self.column_profile:
            return columns
        renamed = {}
        for line in self.column_profile.splitlines():
            ours, _sep, theirs = line.partition("=")
            if theirs.strip():
                renamed[ours.strip().lower()] = theirs.strip()
        return [(key, renamed.get(title.lower(), title)) for key, title in columns]

    def action_send_update(self):
        """The placement update: debts the debtors paid us directly while placed, for the
        agency (its commission on them, if agreed, comes on its next statement)."""
        self.ensure_one()
        check_manager(self.env, self.env._("Only a Collection Manager can update the agency."))
        invoices = self.env["account.move"].search([("collection_agreement_id", "=", self.id)])
        untold = invoices._collection_agency_untold()
        if not untold:
            raise UserError(self.env._("No debtor paid you directly since the last update."))
        Case = self.env["debt.collection.case"]
        rows = [
            {
                "ref": invoice.name,
                "name": invoice.commercial_partner_id.name,
                "direct": _amount_text(invoice, amount),
                "amount": _amount_text(invoice, invoice.amount_residual),
            }
            for invoice, amount in untold.items()
        ]
        content = Case._external_csv(UPDATE_COLUMNS, rows, self)
        for invoice, amount in untold.items():
            # sudo: what the agency was told is ours to record, not the invoice's author's
            invoice.sudo().collection_agency_amount_told += amount
        name = f"update-{fields.Date.to_string(fields.Date.context_today(self))}.csv"
        attachment = self._external_send_file(
            name, content, "text/csv", self.env._("Placement update: paid to us directly")
        )
        invoices.collection_case_id._external_after_collection()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _external_send_file(self, name, raw, mimetype, subject):
        """Keep a placement, recall or update file on the agreement and send it as
        ``_external_send`` says; the attachment."""
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": raw,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": mimetype,
            }
        )
        self._external_send(attachment, subject)
        return attachment

    def _external_send(self, attachment, subject):
        """E-mail a placement or recall file to the agency, if the agreement says so; it is
        kept on the agreement's chatter either way."""
        self.ensure_one()
        if self.send_method == "email" and self._send_to():
            mail = (
                self.env["mail.mail"]
                .sudo()
                .create(
                    {
                        "subject": subject,
                        "email_to": self._send_to(),
                        "email_from": self.company_id.email_formatted
                        or self.env.user.email_formatted,
                        "body_html": self.env._(
                            "<p>%(subject)s: the file is attached.</p>", subject=subject
                        ),
                        "attachment_ids": [fields.Command.set(attachment.ids)],
                        "model": self._name,
                        "res_id": self.id,
                    }
                )
            )
            mail.send()
        self.message_post(body=subject, attachment_ids=attachment.ids)
