from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare
from odoo.tools.misc import format_date

from ..tools.chart_accounts import SERVICES_INCOME, chart_account, services_sale_tax

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
        "account.journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
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
        Placement = self.env["debt.collection.placement"]
        placements = dict(
            Placement._read_group([("mandate_id", "in", self.ids)], ["mandate_id"], ["__count"])
        )
        cases = dict(
            self.env["debt.collection.case"]._read_group(
                [("mandate_id", "in", self.ids)], ["mandate_id"], ["__count"]
            )
        )
        for mandate in self:
            mandate.placement_count = placements.get(mandate, 0)
            mandate.case_count = cases.get(mandate, 0)

    def _compute_figures(self):
        remittances = dict(
            self.env["debt.collection.remittance"]._read_group(
                [("mandate_id", "in", self.ids)], ["mandate_id"], ["__count"]
            )
        )
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

    @api.constrains("commission_type", "commission_rate", "band_ids", "max_discount")
    def _check_commission(self):
        for mandate in self:
            if not 0 <= mandate.commission_rate <= 100:
                raise ValidationError(self.env._("A commission rate is between 0 and 100 %."))
            if not 0 <= mandate.max_discount <= 100:
                raise ValidationError(self.env._("A discount is between 0 and 100 %."))
            if mandate.commission_type != "flat" and mandate.state == "active":
                if not mandate.band_ids:
                    raise ValidationError(
                        self.env._(
                            "Give the commission bands of mandate %(name)s.", name=mandate.name
                        )
                    )
                if float_compare(min(mandate.band_ids.mapped("threshold")), 0.0, 2) > 0:
                    raise ValidationError(self.env._("The first commission band must start at 0."))

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
        if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
            raise UserError(self.env._("Only a Collection Manager can change a mandate."))

    def action_import(self):
        self.ensure_one()
        self._check_in_force()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_import_action"
        )
        action["context"] = {"default_mandate_id": self.id}
        return action

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
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_placement_action"
        )
        action["domain"] = [("mandate_id", "=", self.id)]
        action["context"] = {"default_mandate_id": self.id, "create": False}
        return action

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_case_action"
        )
        action["domain"] = [("mandate_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_remittances(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_remittance_action"
        )
        action["domain"] = [("mandate_id", "=", self.id)]
        action["context"] = {"default_mandate_id": self.id}
        return action

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

    def _next_remittance_period(self):
        """(first day, last day) of the period after the last remittance."""
        self.ensure_one()
        last = self.env["debt.collection.remittance"].search(
            [("mandate_id", "=", self.id)], order="date_to desc", limit=1
        )
        start = last.date_to + timedelta(days=1) if last else self._period_start(self.date_start)
        return start, self._period_end(start)

    def _remittance_period_proposal(self):
        """{"date_from", "date_to"} proposed for the next remittance: from the day after the
        last one to the end of the last period ended by today, so that periods with nothing
        collected are part of the next remittance rather than empty ones of their own (the
        next period, not yet ended, when none has ended)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        date_from, date_to = self._next_remittance_period()
        end = self._period_end(date_to + timedelta(days=1))
        while end <= today:
            date_to = end
            end = self._period_end(end + timedelta(days=1))
        return {"date_from": date_from, "date_to": date_to}

    def _period_start(self, day):
        if self.remittance_frequency == "weekly":
            return day - timedelta(days=day.weekday())
        if self.remittance_frequency == "quarterly":
            return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        return day.replace(day=1)

    def _period_end(self, start):
        if self.remittance_frequency == "weekly":
            return start + timedelta(days=6 - start.weekday())
        months = 3 if self.remittance_frequency == "quarterly" else 1
        return self._period_start(start) + relativedelta(months=months, days=-1)

    def _commission_rate_for(self, value):
        """Rate (%) of the band a value (days overdue) falls in."""
        self.ensure_one()
        rate = 0.0
        for band in self.band_ids.sorted("threshold"):
            if value >= band.threshold:
                rate = band.rate
        return rate

    def _commission_tiered(self, amount):
        """Commission on ``amount`` recovered on one debt, each band's rate on its slice."""
        self.ensure_one()
        bands = self.band_ids.sorted("threshold")
        total = 0.0
        for index, band in enumerate(bands):
            upper = bands[index + 1].threshold if index + 1 < len(bands) else None
            if amount <= band.threshold:
                break
            slice_top = amount if upper is None else min(amount, upper)
            total += (slice_top - band.threshold) * band.rate / 100.0
        return total

    def _get_fee(self, channel):
        self.ensure_one()
        return self.fee_ids.filtered(lambda fee: fee.channel == channel)[:1]

    def _post_debtor_fee(self, action, fee):
        """Add ``fee`` to the debt of ``action``'s case: a new invoice of the debtor in the
        placement journal, against the agency's fee income (posted accounting is never
        edited, DI-2), on the case, due at once. Returns the invoice."""
        self.ensure_one()
        self._ensure_accounting()
        case = action.case_id
        day = action.date.date() if action.date else fields.Date.context_today(self)
        step = dict(fee._fields["channel"]._description_selection(self.env)).get(fee.channel)
        label = self.env._("Collection fee: %(step)s", step=step)
        common = {"currency_id": self.currency_id.id, "partner_id": case.partner_id.id}
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .with_context(skip_invoice_sync=True, tracking_disable=True, mail_create_nolog=True)
            .create(
                {
                    "move_type": "out_invoice",
                    "journal_id": self.journal_id.id,
                    "partner_id": case.partner_id.id,
                    "currency_id": self.currency_id.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_date_due": day,
                    "invoice_payment_term_id": False,
                    "fiscal_position_id": False,
                    "ref": f"{case.name} - {label}",
                    "payment_reference": case.name,
                    "invoice_origin": self.creditor_id.name,
                    "collection_creditor_id": self.creditor_id.id,
                    "collection_case_id": case.id,
                    "collection_fee_action_id": action.id,
                    "line_ids": [
                        Command.create(
                            {
                                **common,
                                "display_type": "product",
                                "name": label,
                                "account_id": self.fee_account_id.id,
                                "quantity": 1.0,
                                "price_unit": fee.amount,
                                "amount_currency": -fee.amount,
                                "balance": -fee.amount,
                                "tax_ids": [Command.clear()],
                                "analytic_distribution": False,
                            }
                        ),
                        Command.create(
                            {
                                **common,
                                "display_type": "payment_term",
                                "name": label,
                                "account_id": self.receivable_account_id.id,
                                "amount_currency": fee.amount,
                                "balance": fee.amount,
                                "date_maturity": day,
                            }
                        ),
                    ],
                }
            )
        )
        move.action_post()
        # the note in the language of who reads the case (the invoice keeps the run's)
        reader = case._collection_reader_env()
        reader_step = dict(fee._fields["channel"]._description_selection(reader)).get(fee.channel)
        case.sudo().message_post(
            body=reader._(
                "%(label)s: %(amount)s added to the debt (%(invoice)s).",
                label=reader._("Collection fee: %(step)s", step=reader_step),
                amount=self.currency_id.with_env(reader).format(fee.amount),
                invoice=move.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return move

    # ------------------------------------------------------------------
    # Accounting set-up
    # ------------------------------------------------------------------

    def _ensure_accounting(self):
        """Journals and accounts of the mandate, made on first activation if missing.

        sudo: accounts and journals need the chart's administrators; a Collection Manager
        activating a mandate gets exactly these (named after the creditor), nothing else.
        """
        self.ensure_one()
        company = self.company_id
        if (
            not self.env["account.account"]
            .sudo()
            .search_count([("company_ids", "in", company.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "Install a chart of accounts for %(company)s first.", company=company.name
                )
            )
        creditor = self.creditor_id.name
        Journal = self.env["account.journal"].sudo().with_company(company)
        vals = {}
        if not self.receivable_account_id:
            vals["receivable_account_id"] = self._find_or_create_account(
                self.env._("Debtors of placed debts (client money)"), "asset_receivable"
            ).id
        if not self.placement_account_id:
            vals["placement_account_id"] = self._create_account(
                self.env._("%(creditor)s: debts placed, under collection", creditor=creditor),
                "liability_current",
            ).id
        if not self.collected_account_id:
            vals["collected_account_id"] = self._create_account(
                self.env._("%(creditor)s: collected, to remit", creditor=creditor),
                "liability_current",
            ).id
        if not self.journal_id:
            vals["journal_id"] = Journal.create(
                {
                    "name": self.env._("Placements %(creditor)s", creditor=creditor),
                    "code": self._free_journal_code("PL"),
                    "type": "sale",
                    "company_id": company.id,
                    "default_account_id": vals.get(
                        "placement_account_id", self.placement_account_id.id
                    ),
                    "refund_sequence": True,
                }
            ).id
        if not self.entry_journal_id:
            vals["entry_journal_id"] = (
                Journal.search(
                    [
                        ("company_id", "=", company.id),
                        ("code", "=", "CLM"),
                        ("type", "=", "general"),
                    ],
                    limit=1,
                )
                or Journal.create(
                    {
                        "name": self.env._("Client Money"),
                        "code": self._free_journal_code("CLM"),
                        "type": "general",
                        "company_id": company.id,
                    }
                )
            ).id
        if not self.bank_journal_id:
            vals["bank_journal_id"] = (
                Journal.search(
                    [("company_id", "=", company.id), ("code", "=", "CLB"), ("type", "=", "bank")],
                    limit=1,
                )
                or Journal.create(
                    {
                        "name": self.env._("Client-Money Bank"),
                        "code": self._free_journal_code("CLB"),
                        "type": "bank",
                        "company_id": company.id,
                    }
                )
            ).id
        if not self.purchase_journal_id:
            vals["purchase_journal_id"] = self._company_journal("purchase").id
        if not self.commission_journal_id:
            vals["commission_journal_id"] = self._company_journal("sale").id
        commission_journal = self.env["account.journal"].browse(
            vals.get("commission_journal_id") or self.commission_journal_id.id
        )
        if not self.commission_account_id:
            # services rendered (PGC 705), not the sales journal's goods account (700)
            vals["commission_account_id"] = (
                chart_account(self.env, company, SERVICES_INCOME)
                or commission_journal.default_account_id
            ).id
        if not self.fee_account_id:
            vals["fee_account_id"] = vals.get(
                "commission_account_id", self.commission_account_id.id
            )
        if vals:
            self.write(vals)

    def _company_journal(self, journal_type):
        placement_journals = (
            self.sudo()
            .search([("company_id", "=", self.company_id.id), ("journal_id", "!=", False)])
            .journal_id
        )
        journal = self.env["account.journal"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("type", "=", journal_type),
                ("id", "not in", (placement_journals | self.journal_id).ids),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no %(type)s journal of its own for remittances.",
                    company=self.company_id.name,
                    type=journal_type,
                )
            )
        return journal

    def _free_journal_code(self, prefix):
        Journal = self.env["account.journal"].sudo()
        for index in range(1, 1000):
            code = prefix if index == 1 and len(prefix) > 2 else f"{prefix}{index:03d}"[:5]
            if not Journal.search_count(
                [("company_id", "=", self.company_id.id), ("code", "=", code)], limit=1
            ):
                return code
        raise UserError(self.env._("No free journal code left for %(prefix)s.", prefix=prefix))

    def _find_or_create_account(self, name, account_type):
        Account = self.env["account.account"].sudo().with_company(self.company_id)
        return Account.search(
            [("company_ids", "in", self.company_id.ids), ("name", "=", name)], limit=1
        ) or self._create_account(name, account_type)

    def _create_account(self, name, account_type):
        """An account coded next to the company's receivable (or payable for liabilities)."""
        Account = self.env["account.account"].sudo().with_company(self.company_id)
        partner = self.company_id.partner_id.with_company(self.company_id)
        base = (
            partner.property_account_receivable_id
            if account_type == "asset_receivable"
            else partner.property_account_payable_id
        ).code or ("430000" if account_type == "asset_receivable" else "400000")
        return Account.create(
            {
                "name": name,
                "code": self._free_account_code(base),
                "account_type": account_type,
                "reconcile": account_type == "asset_receivable",
                "company_ids": [Command.set(self.company_id.ids)],
            }
        )

    def _free_account_code(self, base):
        Account = self.env["account.account"].sudo().with_company(self.company_id)
        used = set(
            Account.search(
                [("company_ids", "in", self.company_id.ids), ("code", "=like", base[:2] + "%")]
            ).mapped("code")
        )
        if not base.isdigit():
            base = "".join(ch for ch in base if ch.isdigit()) or "400000"
        number = int(base)
        for _attempt in range(10000):
            number += 1
            code = str(number).zfill(len(base))
            if code not in used:
                return code
        raise UserError(self.env._("No free account code next to %(base)s.", base=base))
