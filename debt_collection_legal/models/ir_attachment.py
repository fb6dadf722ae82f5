"""Files of legal evidence stay as they are (AR-6)."""

from odoo import models
from odoo.exceptions import UserError

# Changing these would change what the evidence proves or where it is found
PROTECTED_FIELDS = {"raw", "datas", "db_datas", "store_fname", "res_model", "res_id", "res_field"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _collection_check_evidence(self):
        """Files of legal evidence stay as they are (AR-6); only the superuser may act."""
        if self.env.su or not self.ids:
            return
        # sudo: whether a file is evidence, whoever asks
        protected = (
            self.env["debt.collection.legal.evidence"]
            .sudo()
            .search_count([("attachment_id", "in", self.ids)], limit=1)
        )
        if protected:
            raise UserError(
                self.env._("This file is evidence of a legal notice: it cannot be changed.")
            )

    def write(self, vals):
        if PROTECTED_FIELDS & set(vals):
            self._collection_check_evidence()
        return super().write(vals)

    def unlink(self):
        self._collection_check_evidence()
        return super().unlink()
