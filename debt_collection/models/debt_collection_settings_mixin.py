"""The company's collection settings as related fields, declared once for both forms."""

from odoo import fields, models


class DebtCollectionSettingsMixin(models.AbstractModel):
    """The ``collection_*`` fields of the company, editable where this mixin is inherited.

    Two forms show them: Settings > Collection (``res.config.settings``, administrators) and
    the Collection Managers' own form (``debt.collection.settings``, which checks the manager
    and writes as superuser). Both inherit this mixin, so a setting is declared here only; an
    addon adds its settings by inheriting this mixin (the legal addon does).
    """

    _name = "debt.collection.settings.mixin"
    _description = "Collection Settings Fields"

    # each form declares its own company (required, defaulting to the current one)
    company_id = fields.Many2one("res.company")
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
