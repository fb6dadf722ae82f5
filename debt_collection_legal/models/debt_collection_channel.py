"""The legal channel: the ladder's legal step prepares a notice for the Legal group."""

from odoo import api, models
from odoo.exceptions import UserError


class DebtCollectionChannel(models.AbstractModel):
    _inherit = "debt.collection.channel"

    @api.model
    def _get_activity_types(self):
        types = super()._get_activity_types()
        types["legal"] = "debt_collection_legal.mail_activity_type_collection_legal"
        return types

    @api.model
    def _execute_legal(self, steps):
        """The ladder reached the legal notice: a draft for the Legal group to review and
        send (never sent unattended), one per case however often the step is taken."""
        for case, _stage, action in steps:
            try:
                with self.env.cr.savepoint():
                    notice = case._legal_prepare_notice()
            except UserError as error:
                # time-barred (CG-7), disputed or nothing left to claim: no notice, and a
                # manager looks at the case instead
                action._log_update({"result": "skipped", "note": str(error)})
                case._legal_ask_decider(str(error))
                continue
            action._log_update({"note": notice.name})
