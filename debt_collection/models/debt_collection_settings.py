"""The collection settings of one company, for Collection Managers."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

MANAGER_GROUP = "debt_collection.debt_collection_group_manager"


class DebtCollectionSettings(models.TransientModel):
    """The collection settings of one company, for Collection Managers.

    Odoo's ``res.config.settings`` is for administrators only (its access rights are
    Administration/Settings', and saving it checks ``env.is_admin()``): opening it to managers
    would hand them every setting of every app. This form holds only the company's
    ``collection_*`` fields; once the user is checked to be a manager of that company, they are
    written as superuser, since managers have no write access to companies.
    """

    _name = "debt.collection.settings"
    _description = "Collection Settings"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids)]",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # Respectful contact
    collection_regime_id = fields.Many2one(
        related="company_id.collection_regime_id", readonly=False
    )
    collection_contact_cap = fields.Integer(
        related="company_id.collection_contact_cap", readonly=False
    )
    collection_contact_cap_days = fields.Integer(
        related="company_id.collection_contact_cap_days", readonly=False
    )
    collection_hour_from = fields.Float(related="company_id.collection_hour_from", readonly=False)
    collection_hour_to = fields.Float(related="company_id.collection_hour_to", readonly=False)
    collection_contact_sunday = fields.Boolean(
        related="company_id.collection_contact_sunday", readonly=False
    )
    collection_min_spacing_days = fields.Integer(
        related="company_id.collection_min_spacing_days", readonly=False
    )
    collection_min_overdue_days = fields.Integer(
        related="company_id.collection_min_overdue_days", readonly=False
    )
    collection_batch_size = fields.Integer(
        related="company_id.collection_batch_size", readonly=False
    )
    # Negotiation
    collection_promise_horizon_days = fields.Integer(
        related="company_id.collection_promise_horizon_days", readonly=False
    )
    collection_promise_grace_days = fields.Integer(
        related="company_id.collection_promise_grace_days", readonly=False
    )
    collection_plan_grace_days = fields.Integer(
        related="company_id.collection_plan_grace_days", readonly=False
    )
    collection_plan_max_misses = fields.Integer(
        related="company_id.collection_plan_max_misses", readonly=False
    )
    collection_plan_max_instalments = fields.Integer(
        related="company_id.collection_plan_max_instalments", readonly=False
    )
    collection_plan_max_discount = fields.Float(
        related="company_id.collection_plan_max_discount", readonly=False
    )
    # Accounting
    collection_writeoff_account_id = fields.Many2one(
        related="company_id.collection_writeoff_account_id",
        readonly=False,
        domain="[('company_ids', 'in', company_id), ('deprecated', '=', False)]",
    )
    collection_discount_account_id = fields.Many2one(
        related="company_id.collection_discount_account_id",
        readonly=False,
        domain="[('company_ids', 'in', company_id), ('deprecated', '=', False)]",
    )
    collection_journal_id = fields.Many2one(
        related="company_id.collection_journal_id",
        readonly=False,
        domain="[('company_id', '=', company_id), ('type', '=', 'general')]",
    )
    # The consultant's queue and the cost to collect
    collection_queue_weight_amount = fields.Float(
        related="company_id.collection_queue_weight_amount", readonly=False
    )
    collection_queue_weight_overdue = fields.Float(
        related="company_id.collection_queue_weight_overdue", readonly=False
    )
    collection_queue_weight_promise = fields.Float(
        related="company_id.collection_queue_weight_promise", readonly=False
    )
    collection_queue_weight_contact = fields.Float(
        related="company_id.collection_queue_weight_contact", readonly=False
    )
    collection_queue_weight_stage = fields.Float(
        related="company_id.collection_queue_weight_stage", readonly=False
    )
    collection_cost_email = fields.Monetary(
        related="company_id.collection_cost_email", readonly=False
    )
    collection_cost_letter = fields.Monetary(
        related="company_id.collection_cost_letter", readonly=False
    )
    collection_cost_sms = fields.Monetary(related="company_id.collection_cost_sms", readonly=False)
    collection_cost_registered = fields.Monetary(
        related="company_id.collection_cost_registered", readonly=False
    )
    collection_cost_visit = fields.Monetary(
        related="company_id.collection_cost_visit", readonly=False
    )
    collection_cost_minute = fields.Monetary(
        related="company_id.collection_cost_minute", readonly=False
    )

    @api.model
    def _check_collection_manager(self, companies):
        """Only a Collection Manager, and only for companies they belong to."""
        user = self.env.user
        if not self.env.su and (not user.has_group(MANAGER_GROUP) or companies - user.company_ids):
            raise AccessError(
                self.env._(
                    "Only a Collection Manager of the company can change its collection settings."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        Company = self.env["res.company"]
        companies = Company.browse(
            [vals.get("company_id") or self.env.company.id for vals in vals_list]
        )
        self._check_collection_manager(companies)
        # checked above: the related settings are written to the company as superuser
        return super(DebtCollectionSettings, self.sudo()).create(vals_list).sudo(self.env.su)

    def write(self, vals):
        companies = self.company_id
        if vals.get("company_id"):
            companies |= self.env["res.company"].browse(vals["company_id"])
        self._check_collection_manager(companies)
        # checked above: the related settings are written to the company as superuser
        return super(DebtCollectionSettings, self.sudo()).write(vals)

    def action_save(self):
        """The values were saved with the record; say so, and stay on the form."""
        self.ensure_one()
        self._check_collection_manager(self.company_id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Collection settings of %(company)s saved.", company=self.company_id.name
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
