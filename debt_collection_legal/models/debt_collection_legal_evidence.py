"""A file proving a legal notice was sent or received, with its SHA-256."""

import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

EVIDENCE_KINDS = [
    ("notice_pdf", "Notice PDF"),
    ("sent_message", "Sent Message (.eml)"),
    ("pec_receipt", "PEC Receipt"),
    ("posting_proof", "Proof of Posting"),
    ("return_receipt", "Return Receipt"),
    ("other", "Other"),
]
PEC_RECEIPT_TYPES = [
    ("accettazione", "Acceptance"),
    ("non-accettazione", "Non-acceptance"),
    ("presa-in-carico", "Taken in Charge"),
    ("avvenuta-consegna", "Delivery"),
    ("errore-consegna", "Delivery Error"),
    ("preavviso-errore-consegna", "Delivery Error Warning"),
    ("rilevazione-virus", "Virus Detected"),
]


class DebtCollectionLegalEvidence(models.Model):
    """A file that proves a legal notice was sent or received, with its SHA-256.

    Kept as it arrived (AR-6): nobody edits or deletes evidence, nor its file.
    """

    _name = "debt.collection.legal.evidence"
    _description = "Legal Notice Evidence"
    _order = "date, id"
    _check_company_auto = True

    notice_id = fields.Many2one(
        "debt.collection.legal.notice",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    case_id = fields.Many2one(related="notice_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="notice_id.company_id", store=True, index=True)
    kind = fields.Selection(EVIDENCE_KINDS, required=True)
    receipt_type = fields.Selection(PEC_RECEIPT_TYPES)
    name = fields.Char(required=True)
    date = fields.Datetime(
        required=True, help="When the event it proves happened (UTC), as the file states it."
    )
    attachment_id = fields.Many2one(
        "ir.attachment", required=True, ondelete="restrict", index=True
    )
    sha256 = fields.Char(string="SHA-256", readonly=True)
    file_size = fields.Integer(related="attachment_id.file_size")
    note = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # sudo: the hash of the file as stored, whoever may read it
            raw = self.env["ir.attachment"].sudo().browse(vals["attachment_id"]).raw or b""
            vals["sha256"] = hashlib.sha256(raw).hexdigest()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) - {"note"}:
            raise UserError(self.env._("Legal evidence is kept as it arrived."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Legal evidence cannot be deleted."))

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }
