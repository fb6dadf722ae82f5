"""A column of an imported file and the allow-listed field it fills."""

from odoo import fields, models

from .debt_collection_import import IMPORT_FIELDS


class DebtCollectionImportColumn(models.TransientModel):
    """A column of the file and the allow-listed field it fills (empty: ignored, PR-1)."""

    _name = "debt.collection.import.column"
    _description = "Portfolio Import Column"
    _order = "index"

    wizard_id = fields.Many2one("debt.collection.import", required=True, ondelete="cascade")
    index = fields.Integer(required=True)
    header = fields.Char(string="Column", readonly=True)
    sample = fields.Char(string="First Value", readonly=True)
    field = fields.Selection(IMPORT_FIELDS, string="Imported As")
