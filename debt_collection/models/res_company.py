"""The company's collection settings, case numbering and collection accounts."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.chart_accounts import BAD_DEBT, chart_account

CASE_SEQUENCE_CODE = "debt.collection.case"
# Case numbers in the company's language: "pratica" in Italian, "cobro" in Spanish
CASE_PREFIXES = {"it": "PRA", "es": "COB"}
CASE_PREFIX_DEFAULT = "COL"
# The company's contact hours (a step held until they open is judged again when they change)
HOURS_FIELDS = {"collection_hour_from", "collection_hour_to", "collection_contact_sunday"}
# Where the company's partner has no Italian or Spanish language, its country decides
COUNTRY_LANGUAGES = {
    "IT": "it",
    "SM": "it",
    "VA": "it",
    **dict.fromkeys(
        [
            "ES",
            "MX",
            "CO",
            "AR",
            "CL",
            "PE",
            "VE",
            "EC",
            "GT",
            "CU",
            "BO",
            "DO",
            "HN",
            "PY",
            "SV",
            "NI",
            "CR",
            "PA",
            "UY",
            "PR",
            "GQ",
        ],
        "es",
    ),
}

QUEUE_WEIGHT_FIELDS = (
    "collection_queue_weight_amount",
    "collection_queue_weight_overdue",
    "collection_queue_weight_promise",
    "collection_queue_weight_contact",
    "collection_queue_weight_stage",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    # Guardrails of the daily engine (outbound contact only; manual steps are warned, not blocked)
    collection_contact_cap = fields.Integer(
        string="Contacts per Debtor",
        default=3,
        help="Maximum outbound contacts (e-mail, letter, SMS) per debtor in the rolling window.",
    )
    collection_contact_cap_days = fields.Integer(string="Contact Window (days)", default=7)
    collection_hour_from = fields.Float(string="Contact Hours From", default=8.0)
    collection_hour_to = fields.Float(string="Contact Hours To", default=21.0)
    collection_contact_sunday = fields.Boolean(
        string="Contact on Sundays", help="By default no outbound contact is made on Sundays."
    )
    collection_regime_id = fields.Many2one(
        "debt.collection.regime",
        string="Default Compliance Regime",
        check_company=True,
        ondelete="restrict",
        help="The regime of debtors whose country has none of its own.",
    )
    collection_min_overdue_days = fields.Integer(
        string="Open Cases After (days overdue)",
        default=1,
        help="An overdue invoice enters collection this many days after its due date.",
    )
    collection_min_spacing_days = fields.Integer(
        string="Days Between Two Contacts",
        default=3,
        help="The least number of days between two steps of one case, however far behind its "
        "ladder the case is.",
    )
    collection_batch_size = fields.Integer(string="Engine Batch Size", default=500)
    # Negotiation
    collection_promise_horizon_days = fields.Integer(string="Promise Horizon (days)", default=60)
    collection_promise_grace_days = fields.Integer(string="Promise Grace (days)", default=3)
    collection_plan_grace_days = fields.Integer(string="Instalment Grace (days)", default=3)
    collection_plan_max_misses = fields.Integer(
        string="Missed Instalments Before Cancellation", default=2
    )
    collection_plan_max_instalments = fields.Integer(
        string="Instalments Without Approval", default=12
    )
    collection_plan_max_discount = fields.Float(
        string="Settlement Discount Without Approval (%)", default=10.0
    )
    collection_writeoff_account_id = fields.Many2one(
        "account.account", string="Bad Debt Expense Account", check_company=True
    )
    collection_discount_account_id = fields.Many2one(
        "account.account", string="Settlement Discount Account", check_company=True
    )
    collection_journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Journal of write-off and settlement entries.",
    )

    def write(self, vals):
        if "collection_regime_id" in vals:
            # the regime of each country and company is cached (debt.collection.regime)
            self.env.registry.clear_cache()
        res = super().write(vals)
        if HOURS_FIELDS & set(vals):
            # steps held until the old hours opened are judged again with the new ones
            self.env["debt.collection.case"]._collection_release_holds()
        return res

    # The consultant's queue: weight of each part of the priority (see debt.collection.queue)
    collection_queue_weight_amount = fields.Float(string="Weight of Amount Due", default=3.0)
    collection_queue_weight_overdue = fields.Float(string="Weight of Days Overdue", default=2.0)
    collection_queue_weight_promise = fields.Float(string="Weight of Promise History", default=2.0)
    collection_queue_weight_contact = fields.Float(string="Weight of Last Contact", default=1.0)
    collection_queue_weight_stage = fields.Float(string="Weight of Stage", default=1.0)
    # Unit costs of collection (cost to collect, see debt.collection.case.report)
    collection_cost_email = fields.Monetary(string="Cost per E-mail", currency_field="currency_id")
    collection_cost_letter = fields.Monetary(
        string="Cost per Letter", currency_field="currency_id", default=1.5
    )
    collection_cost_sms = fields.Monetary(
        string="Cost per SMS", currency_field="currency_id", default=0.1
    )
    collection_cost_registered = fields.Monetary(
        string="Cost per Registered Letter or PEC", currency_field="currency_id", default=6.0
    )
    collection_cost_visit = fields.Monetary(
        string="Cost per Visit", currency_field="currency_id", default=25.0
    )
    collection_cost_minute = fields.Monetary(
        string="Cost per Consultant Minute", currency_field="currency_id", default=0.5
    )

    @api.constrains("collection_hour_from", "collection_hour_to", "collection_contact_cap")
    def _check_collection_contact_settings(self):
        for company in self:
            if not 0 <= company.collection_hour_from < company.collection_hour_to <= 24:
                raise ValidationError(
                    self.env._(
                        "Contact hours must run from an earlier to a later hour of the day."
                    )
                )
            if company.collection_contact_cap < 1:
                raise ValidationError(self.env._("The contact limit must be at least 1."))

    @api.constrains("collection_min_spacing_days", "collection_batch_size")
    def _check_collection_run_settings(self):
        for company in self:
            if company.collection_min_spacing_days < 0:
                raise ValidationError(
                    self.env._("The days between two contacts cannot be negative.")
                )
            if company.collection_batch_size < 1:
                raise ValidationError(self.env._("The engine batch size must be at least 1."))

    def _collection_case_prefix(self):
        """ "PRA" for an Italian company, "COB" for a Spanish-speaking one, "COL" otherwise."""
        self.ensure_one()
        lang = (self.partner_id.lang or "")[:2]
        if lang not in CASE_PREFIXES:
            lang = COUNTRY_LANGUAGES.get(self.country_id.code, "")
        return CASE_PREFIXES.get(lang, CASE_PREFIX_DEFAULT)

    def _collection_case_sequence(self):
        """The company's own sequence of case numbers, made the first time it needs one."""
        self.ensure_one()
        Sequence = self.env["ir.sequence"].with_context(active_test=False)
        sequence = Sequence.search(
            [("code", "=", CASE_SEQUENCE_CODE), ("company_id", "=", self.id)], order="id", limit=1
        )
        if sequence:
            return sequence
        prefix = f"{self._collection_case_prefix()}/%(year)s/"
        shared = Sequence.search(
            [("code", "=", CASE_SEQUENCE_CODE), ("company_id", "=", False)], order="id", limit=1
        )
        # numbers the shared sequence already gave with the same prefix stay taken
        number_next = shared.number_next_actual if shared.prefix == prefix else 1
        # sequences are an administrator's model; the engine and managers open cases
        return (
            Sequence.sudo()
            .create(
                {
                    "name": self.env._("Collection Cases of %(company)s", company=self.name),
                    "code": CASE_SEQUENCE_CODE,
                    "company_id": self.id,
                    "prefix": prefix,
                    "padding": 5,
                    "implementation": "standard",
                    "number_next": number_next,
                }
            )
            .sudo(self.env.su)
        )

    @api.constrains(
        "collection_queue_weight_amount",
        "collection_queue_weight_overdue",
        "collection_queue_weight_promise",
        "collection_queue_weight_contact",
        "collection_queue_weight_stage",
    )
    def _check_collection_queue_weights(self):
        for company in self:
            weights = [company[fname] for fname in QUEUE_WEIGHT_FIELDS]
            if min(weights) < 0 or not sum(weights):
                raise ValidationError(
                    self.env._(
                        "The weights of the queue's priority cannot be negative, and at least "
                        "one must be above zero."
                    )
                )

    def _collection_writeoff_account(self):
        """Where a write-off books its loss: the account set in Settings, else the chart's
        bad-debt account (PGC 650, Italy's perdite su crediti)."""
        self.ensure_one()
        return self.collection_writeoff_account_id or chart_account(self.env, self, BAD_DEBT)

    def _collection_discount_account(self):
        """Where a settlement books what it forgave: the account set in Settings, else the
        write-off's."""
        self.ensure_one()
        return self.collection_discount_account_id or self._collection_writeoff_account()
