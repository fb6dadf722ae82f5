"""One imported portfolio file: what it placed and skipped; undone as a whole."""

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.actions import window_action


class DebtCollectionImportBatch(models.Model):
    """One imported portfolio file: what it placed, what it skipped, and its fingerprint (the
    same file is never imported twice). Undone as a whole while nothing was collected."""

    _name = "debt.collection.import.batch"
    _description = "Portfolio Import"
    _inherit = ["mail.thread", "debt.collection.mandate.record.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    creditor_id = fields.Many2one(index=False)
    file_name = fields.Char(readonly=True)
    file_sha256 = fields.Char(string="Fingerprint", index=True, readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users", string="Imported By", readonly=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(string="Imported On", readonly=True, default=fields.Datetime.now)
    row_count = fields.Integer(string="Rows", readonly=True)
    placed_count = fields.Integer(string="Placed", readonly=True)
    skipped_count = fields.Integer(string="Bad Rows Skipped", readonly=True)
    partner_created_count = fields.Integer(string="New Debtors", readonly=True)
    report = fields.Text(readonly=True, help="Bad rows skipped and columns ignored.")
    placement_ids = fields.One2many("debt.collection.placement", "batch_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("done", "Imported"), ("undone", "Undone")],
        default="done",
        required=True,
        tracking=True,
        readonly=True,
    )

    def action_undo(self):
        """Recall every debt of the import, while nothing was collected on any of them."""
        self.ensure_one()
        if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
            raise UserError(self.env._("Only a Collection Manager can undo an import."))
        self.check_access("write")
        if self.state != "done":
            raise UserError(self.env._("This import was already undone."))
        placements = self.placement_ids
        touched = placements.filtered(
            lambda p: (
                p.state != "placed"
                or p.remittance_line_ids
                or not p.currency_id.is_zero(p.amount_placed - p.amount_residual)
            )
        )
        if touched:
            raise UserError(
                self.env._(
                    "Something was collected, paid or recalled on %(count)s debts of this import "
                    "(e.g. %(ref)s): recall the others one by one.",
                    count=len(touched),
                    ref=touched[0].name,
                )
            )
        placements._return_to_creditor(
            "recalled", self.env._("Import %(name)s undone", name=self.name)
        )
        self.state = "undone"
        self.message_post(
            body=self.env._("Import undone: %(count)s debts recalled.", count=len(placements))
        )
        return True

    def action_view_placements(self):
        self.ensure_one()
        return window_action(
            self.env,
            "debt_collection.debt_collection_placement_action",
            domain=[("batch_id", "=", self.id)],
            context={"create": False},
        )
