"""A bad row of a checked file and why it cannot be placed."""

from odoo import fields, models

from .debt_collection_import import IMPORT_FIELDS


class DebtCollectionImportError(models.TransientModel):
    """A bad row of a checked file: its number in the file and why it cannot be placed."""

    _name = "debt.collection.import.error"
    _description = "Portfolio Import Error"
    _order = "row, id"

    wizard_id = fields.Many2one("debt.collection.import", required=True, ondelete="cascade")
    row = fields.Integer(required=True)
    field = fields.Selection(IMPORT_FIELDS, string="Column")
    value = fields.Char()
    reason = fields.Char(required=True)
