"""Wizard: send a notice by post, with its carrier and tracking number."""

import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

DEFAULT_CARRIERS = {"burofax": "Correos (Burofax)", "registered": "Poste Italiane"}


class DebtCollectionLegalPostWizard(models.TransientModel):
    """Send a notice by post: the PDF is rendered and kept, then the letter is recorded as
    posted with its carrier and tracking number."""

    _name = "debt.collection.legal.post.wizard"
    _description = "Post a Legal Notice"

    notice_id = fields.Many2one("debt.collection.legal.notice", required=True, readonly=True)
    channel = fields.Selection(related="notice_id.channel")
    carrier = fields.Char(
        required=True, compute="_compute_carrier", store=True, readonly=False, precompute=True
    )
    tracking_ref = fields.Char(string="Tracking Number", required=True)
    date_sent = fields.Datetime(string="Posted On", required=True, default=fields.Datetime.now)
    proof_file = fields.Binary(string="Proof of Posting", help="The post office's receipt.")
    proof_filename = fields.Char()

    @api.depends("notice_id")
    def _compute_carrier(self):
        for wizard in self:
            wizard.carrier = DEFAULT_CARRIERS.get(wizard.notice_id.channel, "")

    def action_confirm(self):
        self.ensure_one()
        notice = self.notice_id
        notice._check_legal_user()
        notice.check_access("write")
        notice._check_sendable()
        if self.date_sent > fields.Datetime.now():
            raise UserError(self.env._("A letter cannot be posted in the future."))
        notice._render_pdf()
        if self.proof_file:
            notice._add_evidence(
                "posting_proof",
                self.proof_filename or "proof-of-posting",
                base64.b64decode(self.proof_file),
                self.date_sent,
            )
        notice._mark_sent(self.date_sent, self.carrier, self.tracking_ref)
        return {"type": "ir.actions.act_window_close"}
