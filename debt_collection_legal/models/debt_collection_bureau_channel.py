"""What the ladder's credit-bureau step does: the records for the bureaus' next files."""

from odoo import api, models


class DebtCollectionChannel(models.AbstractModel):
    _inherit = "debt.collection.channel"

    @api.model
    def _execute_bureau(self, steps):
        """The gate let the step through: the debtor goes into the next file of every bureau
        whose conditions hold (a record per debtor and bureau, however often the step runs)."""
        Report = self.env["debt.collection.bureau.report"]
        for case, _stage, action in steps:
            bureaus, reason = case._bureau_allowed()
            if not bureaus:
                action._log_update({"result": "skipped", "note": reason})
                continue
            for bureau in bureaus:
                Report._bureau_report(case, bureau)
            action._log_update({"note": ", ".join(bureaus.mapped("name"))})
