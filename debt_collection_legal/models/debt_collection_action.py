from odoo import fields, models


class DebtCollectionAction(models.Model):
    _inherit = "debt.collection.action"

    channel = fields.Selection(
        selection_add=[("legal", "Legal Notice"), ("end",)],
        ondelete={"legal": lambda actions: actions.write({"channel": "manual"})},
    )
