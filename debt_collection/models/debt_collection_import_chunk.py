"""A chunk of an import's checked rows, placed in one transaction and never twice."""

import json
import logging
from datetime import date

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

DATE_FIELDS = ("date_due", "date_original")
# the first key of the chunks' advisory locks (the second is the chunk's id)
CHUNK_LOCK_SPACE = 0x44434943


class DebtCollectionImportChunk(models.Model):
    """Up to a thousand rows of a portfolio file, checked with the whole file and stored before
    any is placed; placed in one transaction, by the import wizard or by a job worker
    (``debt_collection_queue``). Placing a chunk again places nothing twice: every placement
    carries its row's number (``import_row``, unique in its import)."""

    _name = "debt.collection.import.chunk"
    _description = "Portfolio Import Chunk"
    _order = "batch_id, sequence"

    batch_id = fields.Many2one(
        "debt.collection.import.batch",
        string="Import",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(readonly=True)
    row_first = fields.Integer(string="First Row", readonly=True)
    row_last = fields.Integer(string="Last Row", readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True)
    rows = fields.Text(
        string="Row Data",
        readonly=True,
        prefetch=False,  # a few hundred kilobytes a chunk: read when placed only
        help="The checked rows, as JSON (dates in ISO format).",
    )
    state = fields.Selection(
        [("pending", "To Place"), ("done", "Placed"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
    )
    error = fields.Text(readonly=True)
    placed_count = fields.Integer(string="Placed", readonly=True)
    partner_created_count = fields.Integer(string="New Debtors", readonly=True)
    skipped_count = fields.Integer(string="Rows Skipped", readonly=True)
    report = fields.Text(readonly=True, help="Rows skipped while placing, and why.")

    # ------------------------------------------------------------------
    # Storing
    # ------------------------------------------------------------------

    def _prepare_chunk_values(self, batch, sequence, records):
        """Values of the chunk of ``records`` (the wizard's checked rows, each with its
        ``row``): one create per chunk."""
        return {
            "batch_id": batch.id,
            "sequence": sequence,
            "row_first": records[0]["row"],
            "row_last": records[-1]["row"],
            "row_count": len(records),
            "rows": json.dumps(records, default=_json_default, separators=(",", ":")),
        }

    def _records(self):
        """The chunk's rows as the wizard checked them (dates as dates)."""
        self.ensure_one()
        records = json.loads(self.rows or "[]")
        for record in records:
            for field in DATE_FIELDS:
                if record.get(field):
                    record[field] = date.fromisoformat(record[field])
        return records

    # ------------------------------------------------------------------
    # Placing
    # ------------------------------------------------------------------

    def _place(self):
        """Place each chunk's rows not placed yet; the chunk is done. A chunk placed already,
        or of an import undone, is left as it is."""
        for chunk in self:
            chunk._lock()
            batch = chunk.batch_id
            if chunk.state == "done" or batch.state == "undone":
                continue
            records = chunk._records()
            placed = chunk._placed_rows([record["row"] for record in records])
            records = [record for record in records if record["row"] not in placed]
            stats = {"placed": 0, "created": 0}
            if records:
                wizard = batch._import_wizard()
                wizard._import_chunk(records, batch, {}, stats)
            conflicts = stats.get("conflicts", [])
            chunk.write(
                {
                    "state": "done",
                    "error": False,
                    "placed_count": len(placed) + stats["placed"],
                    "partner_created_count": chunk.partner_created_count + stats["created"],
                    "skipped_count": len(conflicts),
                    "report": "\n".join(
                        self.env._(
                            "Row %(row)s: its e-mail or phone is an existing debtor's, whose "
                            "tax id is another: not imported.",
                            row=row,
                        )
                        for row in conflicts
                    )
                    or False,
                }
            )
            _logger.info(
                "Portfolio import %s, chunk %s: %s debts placed",
                batch.id,
                chunk.sequence,
                stats["placed"],
            )

    def _place_or_fail(self):
        """Place each chunk in a savepoint of its own; a chunk that fails is failed, with its
        error, and the others are placed (a resume in the user's transaction)."""
        for chunk in self:
            try:
                with self.env.cr.savepoint():
                    chunk._place()
            except Exception as error:
                if _is_concurrency_error(error):
                    raise
                self.env.invalidate_all(flush=False)
                chunk._mark_failed(str(error))

    def _mark_failed(self, error):
        self.write({"state": "failed", "error": error or self.env._("Unknown error.")})

    def _lock(self):
        """Hold the chunk until the transaction ends, or refuse when another transaction
        places it (a duplicated job): tried, never waited for. One that placed it and
        committed after this transaction began is caught by the rows' key (a unique
        violation, retried: the chunk is then done). No row lock: queue_job marks a failed
        chunk in another transaction while this one is still open."""
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", CHUNK_LOCK_SPACE, self.id)
        )
        if not self.env.cr.fetchone()[0]:
            raise UserError(
                self.env._(
                    "Rows %(first)s to %(last)s are being placed by another job right now.",
                    first=self.row_first,
                    last=self.row_last,
                )
            )

    def _placed_rows(self, rows):
        """The rows among ``rows`` already placed by the chunk's import."""
        Placement = self.env["debt.collection.placement"]
        Placement.flush_model(["batch_id", "import_row"])
        self.env.cr.execute(
            SQL(
                "SELECT import_row FROM debt_collection_placement"
                " WHERE batch_id = %s AND import_row = ANY(%s)",
                self.batch_id.id,
                rows,
            )
        )
        return {row for (row,) in self.env.cr.fetchall()}


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _is_concurrency_error(error):
    return getattr(error, "pgcode", None) in PG_CONCURRENCY_ERRORS_TO_RETRY
