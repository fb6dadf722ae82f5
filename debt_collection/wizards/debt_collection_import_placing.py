"""Placing the checked rows of a portfolio as debts of the mandate, chunk by chunk."""

import logging

from odoo import models

_logger = logging.getLogger(__name__)

# Rows placed per chunk in the second pass (one partner search and one invoice batch each)
IMPORT_CHUNK = 1000


class DebtCollectionImport(models.TransientModel):
    _inherit = "debt.collection.import"

    # ------------------------------------------------------------------
    # Importing
    # ------------------------------------------------------------------

    def _import_rows(self, data, mapping, bad_rows, errors, row_count, fingerprint):
        mandate = self.mandate_id
        batch = self.env["debt.collection.import.batch"].create(
            {
                "name": f"{mandate.creditor_id.name} - {self.file_name or fingerprint[:8]}",
                "mandate_id": mandate.id,
                "file_name": self.file_name,
                "file_sha256": fingerprint,
                "row_count": row_count,
                "skipped_count": len(bad_rows),
                "report": "\n".join(
                    filter(
                        None,
                        [self.warning]
                        + [
                            self.env._(
                                "Row %(row)s: %(reason)s %(value)s", row=r, reason=why, value=v
                            )
                            for r, _f, v, why in errors
                        ],
                    )
                )
                or False,
            }
        )
        context = self._parse_context()
        stats = {"placed": 0, "created": 0}
        chunk = []
        rows = self._iter_rows(data)
        next(rows, None)
        for number, values in rows:
            if number in bad_rows or self._is_total_row(values, mapping):
                continue
            record, _errors = self._parse_row(values, mapping, context)
            record["row"] = number
            chunk.append(record)
            if len(chunk) >= IMPORT_CHUNK:
                self._import_chunk(chunk, batch, context, stats)
                chunk = []
        if chunk:
            self._import_chunk(chunk, batch, context, stats)
        batch_values = {"placed_count": stats["placed"], "partner_created_count": stats["created"]}
        if stats.get("conflicts"):
            conflicts = [
                self.env._(
                    "Row %(row)s: its e-mail or phone is an existing debtor's, whose tax id is "
                    "another: not imported.",
                    row=row,
                )
                for row in stats["conflicts"]
            ]
            batch_values["skipped_count"] = batch.skipped_count + len(conflicts)
            batch_values["report"] = "\n".join(filter(None, [batch.report, *conflicts]))
        batch.write(batch_values)
        _logger.info(
            "Portfolio import %s: %s debts placed, %s rows skipped",
            batch.id,
            stats["placed"],
            len(bad_rows),
        )
        return batch

    def _import_chunk(self, records, batch, context, stats):
        # debtors of earlier chunks are found in the database (flushed), not kept in memory:
        # an index of every key of the file grew with it (56 MB over 100,000 rows)
        context["known"] = {"vat": {}, "email": {}, "phone": {}, "partner_vat": {}}
        partner_ids = self._resolve_debtors(records, context, stats)
        debts = [
            {
                "partner_id": partner_id,
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
