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
        sent = self.env["debt.collection.prereminder"]._send_reminders(
            self.company_id, today, self.part, self.parts, on_batch=self._batch_done
        )
        # a run that reminds nobody (most nights, and every company without pre-due reminders)
        # writes nothing: the same figure again would cost an UPDATE and a re-read of the run
        if self.prereminder_count != sent:
            self.prereminder_count = sent
        self._commit()
        return res
