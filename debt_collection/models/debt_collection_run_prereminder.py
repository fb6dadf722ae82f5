"""The nightly run's pre-due step: after the ladder's steps, the friendly reminders."""

from odoo import fields, models


class DebtCollectionRun(models.Model):
    _inherit = "debt.collection.run"

    prereminder_count = fields.Integer(
        string="Pre-due Reminders",
        readonly=True,
        help="Debtors sent a reminder before the due date.",
    )

    def _advance(self, today):
        res = super()._advance(today)
        self.prereminder_count = self.env["debt.collection.prereminder"]._send_reminders(
            self.company_id, today, self.part, self.parts, on_batch=self._batch_done
        )
        self._commit()
        return res
