"""Wizard: what the carrier reports for a registered letter or burofax."""

import base64

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.debt_collection_legal_notice import PROVEN_OUTCOMES

POSTAL_OUTCOMES = [
    ("delivered", "Delivered"),
    ("refused", "Refused by the Debtor"),
    ("not_collected", "Not Collected"),
    ("undeliverable", "Undeliverable"),
]


class DebtCollectionLegalOutcomeWizard(models.TransientModel):
    """What the carrier reports for a registered letter or burofax, with the scan of the
    return receipt (acuse de recibo, avviso di ricevimento)."""

    _name = "debt.collection.legal.outcome.wizard"
    _description = "Record Delivery of a Legal Notice"

    notice_id = fields.Many2one("debt.collection.legal.notice", required=True, readonly=True)
    outcome = fields.Selection(POSTAL_OUTCOMES, required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    receipt_file = fields.Binary(string="Return Receipt (scan)")
    receipt_filename = fields.Char()
    note = fields.Char()

    def action_confirm(self):
        self.ensure_one()
        notice = self.notice_id
        notice._check_legal_user()
        notice.check_access("write")
        if notice.state not in ("sent", "sending"):
            raise UserError(self.env._("Only a posted notice has a delivery to record."))
        if self.date > fields.Date.context_today(self):
            raise UserError(self.env._("The delivery date cannot be in the future."))
        if notice.date_sent and self.date < fields.Date.context_today(self, notice.date_sent):
            raise UserError(self.env._("The notice cannot be delivered before it was posted."))
        if self.outcome in PROVEN_OUTCOMES and not self.receipt_file:
            # CG-10: a deadline runs only from proof; the scan is that proof
            raise UserError(
                self.env._("Attach the scan of the return receipt: it is the proof of delivery.")
            )
        if self.receipt_file:
            notice._add_evidence(
                "return_receipt",
                self.receipt_filename or "return-receipt",
                base64.b64decode(self.receipt_file),
                fields.Datetime.to_datetime(self.date),
                note=self.note,
            )
        notice._mark_outcome(self.outcome, self.date, self.note)
        return {"type": "ir.actions.act_window_close"}
