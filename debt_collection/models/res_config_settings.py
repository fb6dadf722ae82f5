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
