"""The legal addon's write() override of the case, declared so that no bulk write skips it."""

from odoo import models

# what the case's write() in this addon reacts to: the limitation date is recomputed
PRESCRIPTION_FIELDS = {"collection_date_acknowledged", "collection_prescription_rule_id"}


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    def _collection_write_watched_fields(self, fnames):
        watched = super()._collection_write_watched_fields(fnames)
        return watched | (PRESCRIPTION_FIELDS & set(fnames))
