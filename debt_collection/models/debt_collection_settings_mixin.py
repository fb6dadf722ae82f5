"""The company's collection settings as related fields, declared once for both forms."""

from odoo import fields, models


def company_setting(field_type, name, **kwargs):
    """The company's field ``name``, editable on a settings form (a related field)."""
    return field_type(related=f"company_id.{name}", readonly=False, **kwargs)


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
    collection_regime_id = company_setting(fields.Many2one, "collection_regime_id")
    collection_contact_cap = company_setting(fields.Integer, "collection_contact_cap")
    collection_contact_cap_days = company_setting(fields.Integer, "collection_contact_cap_days")
    collection_hour_from = company_setting(fields.Float, "collection_hour_from")
    collection_hour_to = company_setting(fields.Float, "collection_hour_to")
    collection_contact_sunday = company_setting(fields.Boolean, "collection_contact_sunday")
    collection_min_spacing_days = company_setting(fields.Integer, "collection_min_spacing_days")
    collection_min_overdue_days = company_setting(fields.Integer, "collection_min_overdue_days")
    collection_batch_size = company_setting(fields.Integer, "collection_batch_size")
    # Negotiation
    collection_promise_horizon_days = company_setting(
        fields.Integer, "collection_promise_horizon_days"
    )
    collection_promise_grace_days = company_setting(
        fields.Integer, "collection_promise_grace_days"
    )
    collection_plan_grace_days = company_setting(fields.Integer, "collection_plan_grace_days")
    collection_plan_max_misses = company_setting(fields.Integer, "collection_plan_max_misses")
    collection_plan_max_instalments = company_setting(
        fields.Integer, "collection_plan_max_instalments"
    )
    collection_plan_max_discount = company_setting(fields.Float, "collection_plan_max_discount")
    # Accounting
    collection_writeoff_account_id = company_setting(
        fields.Many2one,
        "collection_writeoff_account_id",
        domain="[('company_ids', 'in', company_id), ('deprecated', '=', False)]",
    )
    collection_discount_account_id = company_setting(
        fields.Many2one,
        "collection_discount_account_id",
        domain="[('company_ids', 'in', company_id), ('deprecated', '=', False)]",
    )
    collection_journal_id = company_setting(
        fields.Many2one,
        "collection_journal_id",
        domain="[('company_id', '=', company_id), ('type', '=', 'general')]",
    )
    # The consultant's queue and the cost to collect
    collection_queue_weight_amount = company_setting(
        fields.Float, "collection_queue_weight_amount"
    )
    collection_queue_weight_overdue = company_setting(
        fields.Float, "collection_queue_weight_overdue"
    )
    collection_queue_weight_promise = company_setting(
        fields.Float, "collection_queue_weight_promise"
    )
    collection_queue_weight_contact = company_setting(
        fields.Float, "collection_queue_weight_contact"
    )
    collection_queue_weight_stage = company_setting(fields.Float, "collection_queue_weight_stage")
    collection_cost_email = company_setting(fields.Monetary, "collection_cost_email")
    collection_cost_letter = company_setting(fields.Monetary, "collection_cost_letter")
    collection_cost_sms = company_setting(fields.Monetary, "collection_cost_sms")
    collection_cost_registered = company_setting(fields.Monetary, "collection_cost_registered")
    collection_cost_visit = company_setting(fields.Monetary, "collection_cost_visit")
    collection_cost_minute = company_setting(fields.Monetary, "collection_cost_minute")
