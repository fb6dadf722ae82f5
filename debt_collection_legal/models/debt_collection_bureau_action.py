"""Credit-bureau reports and their files as entries of the case's action log."""

from odoo import fields, models


class DebtCollectionAction(models.Model):
    _inherit = "debt.collection.action"

    channel = fields.Selection(
        selection_add=[("bureau", "Credit Bureau Report"), ("manual",)],
        ondelete={"bureau": lambda actions: actions.write({"channel": "manual"})},
    )
