from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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
    collection_writeoff_account_id = fields.Many2one(
        related="company_id.collection_writeoff_account_id", readonly=False
    )
    collection_discount_account_id = fields.Many2one(
        related="company_id.collection_discount_account_id", readonly=False
    )
    collection_journal_id = fields.Many2one(
        related="company_id.collection_journal_id", readonly=False
    )
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
    collection_agency_mode = fields.Boolean(
        related="company_id.collection_agency_mode", readonly=False
    )
