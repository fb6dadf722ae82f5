"""Placing the checked rows of a portfolio as debts of the mandate, chunk by chunk."""

import logging

from odoo import models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Rows placed per chunk in the second pass (one partner search and one invoice batch each)
IMPORT_CHUNK = 1000


class DebtCollectionImport(models.TransientModel):
    _inherit = "debt.collection.import"

    # ------------------------------------------------------------------
    # Importing
    # ------------------------------------------------------------------

    def _import_rows(self, data, mapping, bad_rows, errors, row_count, fingerprint):
        """The import's record and its chunks of checked rows (one create per chunk), then
        their placing: here, or by job workers (``debt_collection_queue``)."""
        mandate = self.mandate_id
        report = (
            "\n".join(
                filter(
                    None,
                    [self.warning]
                    + [
                        self.env._("Row %(row)s: %(reason)s %(value)s", row=r, reason=why, value=v)
                        for r, _f, v, why in errors
                    ],
                )
            )
            or False
        )
        batch = self.env["debt.collection.import.batch"].create(
            {
                "name": f"{mandate.creditor_id.name} - {self.file_name or fingerprint[:8]}",
                "mandate_id": mandate.id,
                "file_name": self.file_name,
                "file_sha256": fingerprint,
                "row_count": row_count,
                "skipped_count": len(bad_rows),
                "report": report,
                "check_skipped_count": len(bad_rows),
                "check_report": report,
                "state": "placing",
                "date_placed": self.date_placed,
                "tax_id_conflict": self.tax_id_conflict,
            }
        )
        chunks = self._store_chunks(data, mapping, bad_rows, batch)
        jobs = batch._start_placing(chunks)
        _logger.info(
            "Portfolio import %s: %s rows in %s chunks (%s jobs), %s bad rows skipped",
            batch.id,
            row_count - len(bad_rows),
            len(chunks),
            jobs,
            len(bad_rows),
        )
        return batch, jobs

    def _store_chunks(self, data, mapping, bad_rows, batch):
        """The checked rows of the file, stored by chunks: one create per chunk, and only one
        chunk's rows in memory at a time."""
        context = self._parse_context()
        size = self.env.context.get("debt_collection_import_chunk") or IMPORT_CHUNK
        chunks, records = self.env["debt.collection.import.chunk"], []
        rows = self._iter_rows(data)
        next(rows, None)
        for number, values in rows:
            if number in bad_rows or self._is_total_row(values, mapping):
                continue
            record, _errors = self._parse_row(values, mapping, context)
            record["row"] = number
            records.append(record)
            if len(records) >= size:
                chunks |= self._store_chunk(batch, len(chunks), records)
                records = []
        if records:
            chunks |= self._store_chunk(batch, len(chunks), records)
        return chunks

    def _store_chunk(self, batch, sequence, records):
        Chunk = self.env["debt.collection.import.chunk"]
        chunk = Chunk.create(Chunk._prepare_chunk_values(batch, sequence, records))
        # flat memory over large files: the stored rows leave the cache
        chunk.flush_recordset()
        chunk.invalidate_recordset(["rows"])
        return chunk

    def _create_shared_debtors(self, batch):
        """Make, before the chunks are placed side by side, the new debtors whose tax id,
        e-mail or phone appears in more than one chunk: each chunk then finds them made, and
        two chunks placed at once never make the same debtor twice."""
        Chunk = self.env["debt.collection.import.chunk"]
        Chunk.flush_model(["batch_id", "rows"])
        self.env.cr.execute(
            SQL(
                """
                WITH keys AS (
                    SELECT c.id AS chunk_id, (r->>'row')::int AS row, k.key
                      FROM debt_collection_import_chunk c,
                           jsonb_array_elements(c.rows::jsonb) r,
                           unnest(ARRAY[
                               'vat:' || NULLIF(r->>'vat', 'false'),
                               'email:' || NULLIF(r->>'email', 'false'),
                               'phone:' || NULLIF(r->>'phone', 'false'),
                               'phone:' || NULLIF(r->>'mobile', 'false')
                           ]) k(key)
                     WHERE c.batch_id = %(batch)s AND k.key IS NOT NULL
                ), shared AS (
                    SELECT key FROM keys GROUP BY key HAVING count(DISTINCT chunk_id) > 1
                )
                SELECT DISTINCT keys.chunk_id, keys.row FROM keys JOIN shared USING (key)
                """,
                batch=batch.id,
            )
        )
        rows_of = {}
        for chunk_id, row in self.env.cr.fetchall():
            rows_of.setdefault(chunk_id, set()).add(row)
        if not rows_of:
            return 0
        # in batches of a chunk's size whatever the chunks' (a test's chunk of one row): rows
        # of one batch with two tax ids are two debtors, as in one chunk
        size = IMPORT_CHUNK
        stats = {"placed": 0, "created": 0}
        pending = []
        for chunk in Chunk.browse(sorted(rows_of)):
            pending += [r for r in chunk._records() if r["row"] in rows_of[chunk.id]]
            chunk.invalidate_recordset(["rows"])
            while len(pending) >= size:
                self._create_debtors_of(pending[:size], stats, batch)
                pending = pending[size:]
        if pending:
            self._create_debtors_of(pending, stats, batch)
        first = batch.chunk_ids[:1]
        first.partner_created_count += stats["created"]
        return stats["created"]

    def _create_debtors_of(self, records, stats, batch=None):
        # rows skipped for another debtor's tax id are reported by their chunk, not here
        self._resolve_debtors(records, {"known": _empty_known(), "batch": batch}, stats)
        self.env.flush_all()
        # the wizard may be unsaved (``batch._import_wizard()``): only the debtors leave the cache
        self.env["res.partner"].invalidate_model()

    def _import_chunk(self, records, batch, context, stats):
        # debtors of earlier chunks are found in the database (flushed), not kept in memory:
        # an index of every key of the file grew with it (56 MB over 100,000 rows)
        context["known"] = _empty_known()
        context["batch"] = batch
        partner_ids = self._resolve_debtors(records, context, stats)
        debts = [
            {
                "partner_id": partner_id,
                "import_row": record["row"],
                "name": record["ref"],
                "amount": record["amount"],
                "currency_id": record["currency_id"],
                "date_due": record["date_due"],
                "date_original": record.get("date_original"),
                "description": record["description"],
            }
            for record, partner_id in zip(records, partner_ids, strict=True)
            if partner_id  # a row skipped for another debtor's tax id
        ]
        placements = self.env["debt.collection.placement"]._place(
            self.mandate_id, debts, batch, date=self.date_placed
        )
        stats["placed"] += len(placements)
        # flat memory over large files: what this chunk loaded leaves the cache
        self.env.flush_all()
        self.env.invalidate_all()


def _empty_known():
    return {"vat": {}, "email": {}, "phone": {}, "partner_vat": {}}
