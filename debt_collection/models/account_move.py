"""Invoices in collection: their case, creditor, fee step, stage and dispute."""

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.sql import create_index


class AccountMove(models.Model):
    _inherit = "account.move"

    collection_case_id = fields.Many2one(
        "debt.collection.case",
        index="btree_not_null",
        copy=False,
        ondelete="restrict",
        check_company=True,
    )
    collection_creditor_id = fields.Many2one(
        "res.partner",
        string="Creditor",
        index="btree_not_null",
        copy=False,
        ondelete="restrict",
        groups="debt_collection.group_collection_agency_mode",
        help="Whom this debt is collected for (an agency's client); empty when the company "
        "collects its own invoices.",
    )
    collection_fee_action_id = fields.Many2one(
        "debt.collection.action",
        string="Fee for Step",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="restrict",
        groups="debt_collection.group_collection_agency_mode",
        help="Agency mode: this invoice charges the debtor the fee of this collection step.",
    )
    # what the debtor knows the debt by: for a debt placed with an agency, the creditor's own
    # invoice (number and date), not the agency's placement entry
    collection_document_name = fields.Char(
        string="Invoice Number for the Debtor",
        compute="_compute_collection_document",
        compute_sudo=True,
    )
    collection_document_date = fields.Date(
        string="Invoice Date for the Debtor",
        compute="_compute_collection_document",
        compute_sudo=True,
    )
    collection_stage_id = fields.Many2one(
        related="collection_case_id.stage_id", string="Collection Stage"
    )
    collection_disputed = fields.Boolean(
        string="Disputed",
        copy=False,
        tracking=True,
        help="A disputed invoice leaves the collection ladder until the dispute is resolved.",
    )
    collection_dispute_reason = fields.Text(string="Dispute Reason", copy=False)

    def _compute_collection_document(self):
        # only a company in agency mode has placed debts
        agency_moves = self.filtered(lambda move: move.company_id.collection_agency_mode)
        placements = {}
        if agency_moves:
            placements = {
                placement.move_id: placement
                for placement in self.env["debt.collection.placement"].search(
                    [("move_id", "in", agency_moves.ids)]
                )
            }
        for move in self:
            placement = placements.get(move)
            move.collection_document_name = placement.name if placement else move.name
            move.collection_document_date = (
                placement.date_original if placement else False
            ) or move.invoice_date

    def init(self):
        res = super().init()
        # the intake reads the overdue invoices in no case yet; once the portfolio is in cases
        # this index holds only the new debts, so the daily run reads them and nothing else
        create_index(
            self.env.cr,
            "account_move_collection_intake_idx",
            self._table,
            ["company_id", "commercial_partner_id"],
            where="move_type = 'out_invoice' AND state = 'posted'"
            " AND payment_state IN ('not_paid', 'partial') AND collection_case_id IS NULL",
        )
        # and, for the list of debtors to take in, the same invoices by due date (without it, the
        # invoices not yet due would be read every night)
        create_index(
            self.env.cr,
            "account_move_collection_intake_due_idx",
            self._table,
            ["company_id", "invoice_date_due"],
            where="move_type = 'out_invoice' AND state = 'posted'"
            " AND payment_state IN ('not_paid', 'partial') AND collection_case_id IS NULL",
        )
        # the run holds the cases whose open invoices are all disputed: it reads those only
        create_index(
            self.env.cr,
            "account_move_collection_disputed_idx",
            self._table,
            ["collection_case_id"],
            where="collection_disputed IS TRUE AND collection_case_id IS NOT NULL",
        )
        return res

    def _collection_set_dispute(self, reason, origin=None):
        """Dispute these customer invoices (the case's ``_collection_register_dispute`` says
        through which channel: ``origin``)."""
        if any(move.move_type != "out_invoice" for move in self):
            raise UserError(self.env._("Only customer invoices can be disputed."))
        if not (reason or "").strip():
            raise UserError(self.env._("Please give the reason of the dispute."))
        self.write({"collection_disputed": True, "collection_dispute_reason": reason})
        for move in self:
            move.message_post(
                body=self.env._("Invoice disputed: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
            case = move.collection_case_id
            if case and not case.is_closed:
                self.env["debt.collection.action"]._log(
                    {
                        "case_id": case.id,
                        "channel": "manual",
                        "result": "disputes",
                        "note": self.env._(
                            "%(invoice)s disputed: %(reason)s", invoice=move.name, reason=reason
                        )
                        if not origin
                        else self.env._(
                            "%(origin)s: %(invoice)s disputed: %(reason)s",
                            origin=origin,
                            invoice=move.name,
                            reason=reason,
                        ),
                    }
                )

    def action_collection_resolve_dispute(self):
        self.check_access("write")
        disputed = self.filtered("collection_disputed")
        disputed.write({"collection_disputed": False})
        for move in disputed:
            move.message_post(
                body=self.env._("Dispute resolved: the invoice is collected again."),
                subtype_xmlid="mail.mt_note",
            )

    def action_collection_dispute(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dispute Invoice"),
            "res_model": "debt.collection.dispute.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "account.move", "active_ids": self.ids},
        }
