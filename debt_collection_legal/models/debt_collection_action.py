"""The legal channel in the action log; an acknowledgment of debt interrupts prescription."""

from odoo import api, fields, models


class DebtCollectionAction(models.Model):
    _inherit = "debt.collection.action"

    channel = fields.Selection(
        selection_add=[("legal", "Legal Notice"), ("end",)],
        ondelete={"legal": lambda actions: actions.write({"channel": "manual"})},
    )

    @api.model
    def _log(self, vals_list):
        """A step with a signed acknowledgment of debt interrupts prescription: the case's
        *Debt Acknowledged On* moves to the step's day (in the consultant's time zone)."""
        actions = super()._log(vals_list)
        for action in actions.filtered("acknowledgment"):
            # the caller may work the case (checked by super), in its own rights
            case = action.case_id.with_env(self.env)
            day = fields.Date.context_today(case, action.date)
            if not case.collection_date_acknowledged or case.collection_date_acknowledged < day:
                case.collection_date_acknowledged = day
        return actions
