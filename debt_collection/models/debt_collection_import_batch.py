"""One imported portfolio file: what it placed and skipped, its chunks' progress; undone whole."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.actions import window_action


class DebtCollectionImportBatch(models.Model):
    """One imported portfolio file: what it placed, what it skipped, and its fingerprint (the
    same file is never imported twice). Its checked rows are placed chunk by chunk
    (``debt.collection.import.chunk``): the import is *placing* until every chunk is placed
    (*done*), or *partly placed* when one failed for good, and then resumed. Undone as a whole
    while nothing was collected."""

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
        [
            ("placing", "Placing"),
            ("done", "Imported"),
            ("partly", "Partly Placed"),
            ("undone", "Undone"),
        ],
        default="done",
        required=True,
        tracking=True,
        readonly=True,
    )
    # what the chunks need to place their rows after the wizard is gone
    date_placed = fields.Date(string="Placed On", readonly=True)
    tax_id_conflict = fields.Selection(
        [("report", "Skip and Report the Row"), ("create", "Make a New Debtor")],
        string="Same E-mail or Phone, Other Tax ID",
        default="report",
        readonly=True,
    )
    check_report = fields.Text(readonly=True, help="The check's part of the report.")
    check_skipped_count = fields.Integer(readonly=True, help="Bad rows the check skipped.")
    chunk_ids = fields.One2many("debt.collection.import.chunk", "batch_id", string="Chunks")
    chunk_count = fields.Integer(string="Number of Chunks", compute="_compute_progress")
    chunk_done_count = fields.Integer(string="Chunks Placed", compute="_compute_progress")
    progress = fields.Char(compute="_compute_progress")
    failure_reason = fields.Text(string="Why Not Placed", compute="_compute_failure_reason")

    @api.depends("state", "chunk_ids.state")
    def _compute_progress(self):
        counts = {
            (batch.id, state): count
            for batch, state, count in self.env["debt.collection.import.chunk"]._read_group(
                [("batch_id", "in", self.ids)], ["batch_id", "state"], ["__count"]
            )
        }
        for batch in self:
            total = sum(
                counts.get((batch.id, state), 0) for state in ("pending", "done", "failed")
            )
            done = counts.get((batch.id, "done"), 0)
            batch.chunk_count = total
            batch.chunk_done_count = done
            batch.progress = (
                self.env._("Placing %(done)s/%(total)s chunks", done=done, total=total)
                if batch.state == "placing"
                else False
            )

    @api.depends("chunk_ids.state", "chunk_ids.error")
    def _compute_failure_reason(self):
        for batch in self:
            failed = batch.chunk_ids.filtered(lambda chunk: chunk.state == "failed")
            batch.failure_reason = (
                "\n".join(
                    self.env._(
                        "Rows %(first)s to %(last)s: %(error)s",
                        first=chunk.row_first,
                        last=chunk.row_last,
                        error=chunk.error,
                    )
                    for chunk in failed
                )
                or False
            )

    def action_undo(self):
        """Recall every debt of the import, while nothing was collected on any of them."""
        self.ensure_one()
        if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
            raise UserError(self.env._("Only a Collection Manager can undo an import."))
        self.check_access("write")
        if self.state == "undone":
            raise UserError(self.env._("This import was already undone."))
        if self.state == "placing":
            raise UserError(
                self.env._("This import is still being placed: undo it once it is placed.")
            )
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

    def action_resume(self):
        """Place again the chunks of a partly placed import that failed (or were left)."""
        self.ensure_one()
        if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
            raise UserError(self.env._("Only a Collection Manager can resume an import."))
        self.check_access("write")
        if self.state != "partly":
            raise UserError(self.env._("Only a partly placed import can be resumed."))
        chunks = self.chunk_ids.filtered(lambda chunk: chunk.state != "done")
        chunks.write({"state": "pending", "error": False})
        self.state = "placing"
        self._start_placing(chunks, keep_going=True)
        return True

    def action_view_placements(self):
        self.ensure_one()
        return window_action(
            self.env,
            "debt_collection.debt_collection_placement_action",
            domain=[("batch_id", "=", self.id)],
            context={"create": False},
        )

    # ------------------------------------------------------------------
    # Placing the chunks
    # ------------------------------------------------------------------

    def _import_wizard(self):
        """The import's options as the wizard held them, for the wizard's placing methods (an
        unsaved wizard: the chunks outlive the one that checked the file)."""
        self.ensure_one()
        return self.env["debt.collection.import"].new(
            {
                "mandate_id": self.mandate_id.id,
                "date_placed": self.date_placed or fields.Date.context_today(self),
                "tax_id_conflict": self.tax_id_conflict or "report",
            }
        )

    def _start_placing(self, chunks, keep_going=False):
        """Place ``chunks`` of the import; the number of jobs they were given (none here: they
        are placed in this transaction, and a failure rolls everything back unless
        ``keep_going``, which fails the chunk alone). ``debt_collection_queue`` gives each
        chunk a job instead.

        The new debtors that several chunks share are made first (``_create_shared_debtors``),
        as before jobs: a debtor is then made from all of its rows at once, wherever the
        chunks' borders fall (two rows of the file with two tax ids are two debtors, in one
        chunk or in two) and whoever places the chunks."""
        self.ensure_one()
        if not keep_going and len(chunks) > 1:
            self._import_wizard()._create_shared_debtors(self)
        if keep_going:
            chunks._place_or_fail()
        else:
            chunks._place()
        self._finish()
        return 0

    def _finish(self):
        """Once no chunk is left to place: the import is done, or partly placed when a chunk
        failed; its counts and report are its chunks'."""
        for batch in self:
            chunks = batch.chunk_ids
            if batch.state not in ("placing", "partly") or not chunks:
                continue
            if any(chunk.state == "pending" for chunk in chunks):
                continue
            values = {
                "state": "partly" if any(c.state == "failed" for c in chunks) else "done",
                "placed_count": sum(chunks.mapped("placed_count")),
                "partner_created_count": sum(chunks.mapped("partner_created_count")),
                "skipped_count": batch.check_skipped_count + sum(chunks.mapped("skipped_count")),
                "report": "\n".join(filter(None, [batch.check_report, *chunks.mapped("report")]))
                or False,
            }
            # a finish seeing what an earlier one saw writes nothing (no needless row lock)
            if any(batch[name] != value for name, value in values.items()):
                batch.write(values)
