"""The collection mandate: its fields, figures, dates in force and buttons."""

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..tools.access import check_manager
from ..tools.actions import related_action, window_action
from ..tools.chart_accounts import services_sale_tax
from ..tools.counts import counts_by

# who reads remittances and their lines (security/ir.model.access.csv)
REMITTANCE_READERS = "debt_collection.debt_collection_group_manager,account.group_account_readonly"
COMMISSION_TYPES = [
    ("flat", "Flat Rate"),
    ("days_overdue", "Bands by Days Overdue at Placement"),
    ("amount_recovered", "Bands by Amount Recovered"),
]


class DebtCollectionMandate(models.Model):
    """A creditor's collection mandate with the agency (the company).

    It says how the agency is paid (commission, fees), how it collects (strategy, consultants,
    settlement authority) and how the money goes back (remittance frequency, gross or net),
    and holds the accounts that keep the creditor's money apart from the agency's.
    """

    _name = "debt.collection.mandate"
    _description = "Collection Mandate"
    _inherit = ["mail.thread"]
    _order = "creditor_id, date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, tracking=True)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="restrict",
    )
    creditor_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
        help="The client company whose debts the agency collects (mandante, committente).",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="Valid Until", tracking=True)
    # Commission
    commission_type = fields.Selection(
        COMMISSION_TYPES, required=True, default="flat", tracking=True
    )
    commission_rate = fields.Float(string="Commission (%)", digits=(5, 2), tracking=True)
    band_ids = fields.One2many(
        "debt.collection.mandate.band", "mandate_id", string="Commission Bands", copy=True
    )
    commission_on_direct_payments = fields.Boolean(
        string="Commission on Direct Payments",
        default=True,
        help="The agency earns its commission on payments the debtor made to the creditor "
        "directly while the debt was placed.",
    )
    commission_tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes on Commission",
        check_company=True,
        default=lambda self: self._default_commission_tax_ids(),
        domain="[('type_tax_use', '=', 'sale')]",
        help="VAT charged on the commission and on the fees the creditor bears.",
    )
    fee_ids = fields.One2many(
        "debt.collection.mandate.fee", "mandate_id", string="Fees per Action", copy=True
    )
    # Collection
    strategy_id = fields.Many2one(
        "debt.collection.strategy",
        check_company=True,
        ondelete="restrict",
        help="Ladder for this creditor's cases; empty: the strategies' own rules choose.",
    )
    user_ids = fields.Many2many(
        "res.users",
        "debt_collection_mandate_res_users_rel",
        "mandate_id",
        "user_id",
        string="Consultants",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Who works this creditor's cases. They see no other creditor's cases.",
    )
    max_discount = fields.Float(
        string="Largest Discount Without Asking (%)",
        default=10.0,
        help="Settlement discount the agency may grant without the creditor's approval.",
    )
    max_instalments = fields.Integer(string="Most Instalments Without Asking", default=12)
    regime_id = fields.Many2one(
        "debt.collection.regime",
        string="Compliance Regime",
        check_company=True,
        ondelete="restrict",
        tracking=True,
        help="The rules of contact for all of this creditor's debtors, whatever their country "
        "(e.g. a US creditor's contract asks for Regulation F); empty: each debtor's country's.",
    )
    # Remittance
    remittance_frequency = fields.Selection(
        [("weekly", "Weekly"), ("monthly", "Monthly"), ("quarterly", "Quarterly")],
        default="monthly",
        required=True,
    )
    remittance_mode = fields.Selection(
        [
            ("gross", "Gross: remit everything, invoice the commission"),
            ("net", "Net: deduct the commission and fees"),
        ],
        default="net",
        required=True,
        tracking=True,
    )
    remittance_method = fields.Selection(
        [
            ("bill", "Vendor Bill (paid by the accountant)"),
            ("payment", "Vendor Bill and Payment from the Client-Money Account"),
        ],
        default="bill",
        required=True,
    )
    # Accounting: where the creditor's money is kept apart from the agency's
    journal_id = fields.Many2one(
        "account.journal",
        string="Placement Journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="Placed debts are customer invoices of the debtors in this journal.",
    )
    entry_journal_id = fields.Many2one(
        "account.journal",
        string="Client-Money Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Entries moving collected money to the creditor's account, returns and "
        "direct payments.",
    )
    bank_journal_id = fields.Many2one(
        "account.journal",
        string="Client-Money Bank",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="The bank account debtors pay into and remittances are paid from.",
    )
    purchase_journal_id = fields.Many2one(
        "account.journal",
        string="Remittance Journal",
        check_company=True,
        domain="[('type', '=', 'purchase')]",
        help="The amount due to the creditor is a vendor bill in this journal.",
    )
    commission_journal_id = fields.Many2one(
        "account.journal", check_company=True, domain="[('type', '=', 'sale')]"
    )
    receivable_account_id = fields.Many2one(
        "account.account",
        string="Debtors of Placed Debts",
        check_company=True,
        domain="[('account_type', '=', 'asset_receivable')]",
    )
    placement_account_id = fields.Many2one(
        "account.account",
        string="Placed, Under Collection",
        check_company=True,
        help="Credited by each placement, debited by what is collected, returned or paid to "
        "the creditor directly: its balance is what is still outstanding for this creditor.",
    )
    collected_account_id = fields.Many2one(
        "account.account",
        string="Collected, To Remit",
        check_company=True,
        help="What the agency collected and owes the creditor until it is remitted.",
    )
    commission_account_id = fields.Many2one(
        "account.account",
        string="Commission Income",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
    )
    fee_account_id = fields.Many2one(
        "account.account",
        string="Fee Income",
        check_company=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
    )
    # Import
    debtor_country_id = fields.Many2one(
        "res.country",
        string="Debtors' Country",
        default=lambda self: self.env.company.country_id,
        help="Country of tax ids and phone numbers when the file does not say.",
    )
    import_profile = fields.Json(
        copy=False, help="Column mapping and reading options saved by the last import."
    )
    # Figures
    placement_ids = fields.One2many("debt.collection.placement", "mandate_id")
    placement_count = fields.Integer(compute="_compute_counts")
    case_count = fields.Integer(compute="_compute_counts")
    remittance_ids = fields.One2many("debt.collection.remittance", "mandate_id")
    # the creditor's money: for those who may read remittances (a consultant works the cases)
    remittance_count = fields.Integer(compute="_compute_figures", groups=REMITTANCE_READERS)
    amount_outstanding = fields.Monetary(
        string="Placed, Outstanding", compute="_compute_figures", groups=REMITTANCE_READERS
    )
    amount_to_remit = fields.Monetary(
        string="Collected, Not Remitted", compute="_compute_figures", groups=REMITTANCE_READERS
    )

    def _compute_counts(self):
        placements = counts_by(self, "debt.collection.placement", "mandate_id")
        cases = counts_by(self, "debt.collection.case", "mandate_id")
        for mandate in self:
            mandate.placement_count = placements.get(mandate, 0)
            mandate.case_count = cases.get(mandate, 0)

    def _compute_figures(self):
        remittances = counts_by(self, "debt.collection.remittance", "mandate_id")
        pending = {
            mandate: collected - debtor_fees
            for mandate, collected, debtor_fees in self.env[
                "debt.collection.remittance.line"
            ]._read_group(
                [("mandate_id", "in", self.ids), ("remittance_state", "!=", "done")],
                ["mandate_id"],
                ["amount_collected:sum", "amount_debtor_fee:sum"],
            )
        }
        for mandate in self:
            mandate.remittance_count = remittances.get(mandate, 0)
            mandate.amount_to_remit = pending.get(mandate, 0.0)
            mandate.amount_outstanding = (
                -mandate._account_balance(mandate.placement_account_id)
                if mandate.placement_account_id
                else 0.0
            )

    def _account_balance(self, account):
        self.ensure_one()
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("account_id", "=", account.id),
                    ("company_id", "=", self.company_id.id),
                    ("parent_state", "=", "posted"),
                ],
                [],
                ["balance:sum"],
            )
        )
        return groups[0][0] if groups else 0.0

    def _default_commission_tax_ids(self):
        # the agency sells a service: the chart's VAT on services
        return services_sale_tax(self.env, self.env.company)

    def write(self, vals):
        res = super().write(vals)
        if "regime_id" in vals:
            # steps held until the old regime's hours opened are judged again under the new one
            self.env["debt.collection.case"]._collection_release_holds()
        return res

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("date_start", "date_end", "creditor_id", "company_id", "state", "active")
    def _check_dates(self):
        for mandate in self:
            if mandate.date_end and mandate.date_end < mandate.date_start:
                raise ValidationError(self.env._("A mandate cannot end before it starts."))
            if mandate.creditor_id == mandate.company_id.partner_id:
                raise ValidationError(
                    self.env._("The agency cannot hold a collection mandate from itself.")
                )
            if mandate.state != "active":
                continue
            others = self.search(
                [
                    ("id", "!=", mandate.id),
                    ("company_id", "=", mandate.company_id.id),
                    ("creditor_id", "=", mandate.creditor_id.id),
                    ("state", "=", "active"),
                ]
            )
            for other in others:
                if mandate._overlaps(other):
                    raise ValidationError(
                        self.env._(
                            "%(creditor)s already has an active mandate (%(other)s) for these "
                            "dates.",
                            creditor=mandate.creditor_id.display_name,
                            other=other.name,
                        )
                    )

    def _overlaps(self, other):
        end = self.date_end or date.max
        other_end = other.date_end or date.max
        return self.date_start <= other_end and other.date_start <= end

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_activate(self):
        """Put the mandate in force: its journals and accounts are made if missing."""
        self._check_manager()
        for mandate in self:
            if mandate.state != "draft":
                raise UserError(self.env._("Only a draft mandate can be activated."))
            mandate._ensure_accounting()
            mandate.state = "active"

    def action_close(self):
        self._check_manager()
        self.write({"state": "closed", "date_end": fields.Date.context_today(self)})

    def _check_manager(self):
        check_manager(self.env, self.env._("Only a Collection Manager can change a mandate."))

    def action_import(self):
        self.ensure_one()
        self._check_in_force()
        return window_action(
            self.env,
            "debt_collection.debt_collection_import_action",
            context={"default_mandate_id": self.id},
        )

    def action_new_remittance(self):
        """Ask the period to remit: proposed, every ended period since the last remittance."""
        self.ensure_one()
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Remittance"),
            "res_model": "debt.collection.remittance.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_mandate_id": self.id},
        }

    def action_view_placements(self):
        return related_action(
            self,
            "debt_collection.debt_collection_placement_action",
            "mandate_id",
            default_mandate_id=self.id,
            create=False,
        )

    def action_view_cases(self):
        return related_action(
            self, "debt_collection.debt_collection_case_action", "mandate_id", create=False
        )

    def action_view_remittances(self):
        return related_action(
            self,
            "debt_collection.debt_collection_remittance_action",
            "mandate_id",
            default_mandate_id=self.id,
        )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    def _check_in_force(self, when=None):
        self.ensure_one()
        when = when or fields.Date.context_today(self)
        if not self._in_force(when):
            raise UserError(
                self.env._(
                    "The mandate %(name)s is not in force on %(date)s.",
                    name=self.name,
                    date=format_date(self.env, when),
                )
            )

    @api.model
    def _for_creditors(self, company, creditors, when=None):
        """{creditor id: mandate} of ``company``: the one in force on ``when``, else the latest."""
        when = when or fields.Date.context_today(self)
        mandates = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("creditor_id", "in", creditors.ids),
                ("state", "in", ("active", "closed")),
            ],
            order="date_start desc, id desc",
        )
        result = {}
        for mandate in mandates.sorted(lambda m: not m._in_force(when)):
            result.setdefault(mandate.creditor_id.id, self.browse(mandate.id))
        return result

    def _in_force(self, when):
        self.ensure_one()
        return (
            self.state == "active"
            and self.date_start <= when
            and (not self.date_end or self.date_end >= when)
        )
