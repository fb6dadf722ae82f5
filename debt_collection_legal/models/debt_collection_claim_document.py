"""The numbered documents attached to a court claim, and how a claim gathers them from its
case: invoices, delivery notes, the signed acknowledgment, the demands and their proofs."""

import re

from odoo import api, fields, models

DOCUMENT_KINDS = [
    ("invoice", "Invoice"),
    ("delivery_note", "Delivery Note"),
    ("acknowledgment", "Signed Acknowledgment of Debt"),
    ("demand", "Payment Demand"),
    ("delivery_proof", "Proof of Delivery of the Demand"),
    ("ledger_extract", "Extract of the Accounting Records"),
    ("other", "Other"),
]
# how a kept file is recognised by its name (es, it, en)
DELIVERY_NOTE = re.compile(r"albar|delivery|ddt|bolla|documento di trasporto", re.IGNORECASE)
ACKNOWLEDGMENT = re.compile(r"reconoc|ricognizi|acknowledg", re.IGNORECASE)
PROOF_KINDS = ("pec_receipt", "return_receipt", "posting_proof")


class DebtCollectionClaimDocument(models.Model):
    _name = "debt.collection.claim.document"
    _description = "Court Claim Document"
    _order = "claim_id, sequence, id"

    claim_id = fields.Many2one(
        "debt.collection.claim", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    sequence = fields.Integer(string="No.", default=1)
    kind = fields.Selection(DOCUMENT_KINDS, required=True, default="other")
    name = fields.Char(required=True)
    date = fields.Date()
    attachment_id = fields.Many2one("ir.attachment", string="File", ondelete="set null")
    note = fields.Char()

    @api.model
    def _prepare_claim_documents(self, claim):
        """``[values]`` of the documents of ``claim``, numbered in the order a court reads
        them: the invoices and what proves the supply, the acknowledgment, then each demand
        followed by its proofs of delivery."""
        case = claim.case_id
        # the names the petition prints, in the court's language
        env = self.with_context(lang=claim._get_report_lang()).env
        docs = []
        Attachment = self.env["ir.attachment"]
        for invoice in case.invoice_ids.filtered(lambda m: m.state == "posted").sorted(
            lambda m: (m.invoice_date or m.date, m.id)
        ):
            docs.append(
                {
                    "kind": "invoice",
                    "name": invoice.collection_document_name or invoice.name,
                    "date": invoice.invoice_date,
                    "attachment_id": invoice.invoice_pdf_report_id.id,
                }
            )
            kept = Attachment.search(
                [("res_model", "=", "account.move"), ("res_id", "=", invoice.id)]
            ).filtered(lambda a, inv=invoice: a != inv.invoice_pdf_report_id)
            for attachment in kept.filtered(lambda a: DELIVERY_NOTE.search(a.name or "")):
                docs.append(
                    {
                        "kind": "delivery_note",
                        "name": attachment.name,
                        "date": attachment.create_date.date(),
                        "attachment_id": attachment.id,
                    }
                )
        if claim.procedure == "decreto_ingiuntivo":
            docs.append(
                {
                    "kind": "ledger_extract",
                    "name": env._("Extract of the accounting records (art. 634 c.p.c.)"),
                    "note": env._(
                        "To be certified by a notary before filing (estratto autentico)."
                    ),
                }
            )
        if case.collection_date_acknowledged:
            signed = Attachment.search(
                [("res_model", "=", case._name), ("res_id", "=", case.id)]
            ).filtered(lambda a: ACKNOWLEDGMENT.search(a.name or ""))[:1]
            docs.append(
                {
                    "kind": "acknowledgment",
                    "name": signed.name or env._("Signed acknowledgment of debt"),
                    "date": case.collection_date_acknowledged,
                    "attachment_id": signed.id,
                }
            )
        for action in case.action_ids.filtered(
            lambda a: a.attachment_id and a.channel == "letter"
        ).sorted("date"):
            docs.append(
                {
                    "kind": "demand",
                    "name": action.attachment_id.name,
                    "date": action.date.date(),
                    "attachment_id": action.attachment_id.id,
                }
            )
        for notice in case.legal_notice_ids.filtered(lambda n: n.state != "draft").sorted("id"):
            docs.append(
                {
                    "kind": "demand",
                    "name": notice.name,
                    "date": notice.date_notice,
                    "attachment_id": notice.pdf_attachment_id.id,
                }
            )
            for evidence in notice.evidence_ids.filtered(lambda e: e.kind in PROOF_KINDS):
                if evidence.kind == "pec_receipt" and evidence.receipt_type != "avvenuta-consegna":
                    continue
                docs.append(
                    {
                        "kind": "delivery_proof",
                        "name": evidence.name,
                        "date": evidence.date.date(),
                        "attachment_id": evidence.attachment_id.id,
                    }
                )
        for number, values in enumerate(docs, 1):
            values["sequence"] = number
        return docs


class DebtCollectionClaim(models.Model):
    _inherit = "debt.collection.claim"

    def _refresh_documents(self):
        Document = self.env["debt.collection.claim.document"]
        for claim in self.filtered(lambda c: c.state == "draft"):
            commands = [fields.Command.clear()]
            commands += [
                fields.Command.create(values)
                for values in Document._prepare_claim_documents(claim)
            ]
            claim.document_ids = commands
