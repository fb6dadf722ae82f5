"""Tests of the import placed chunk by chunk: keyed rows, partly placed imports and Resume."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from ..wizards.debt_collection_import_matching import (
    DEBTOR_LOCK_SPACE,
    IMPORT_MAKING_SPACE,
    DebtorMakingBusy,
)
from .agency_common import AgencyCommon

HEADER = "Referencia;Nombre;NIF;Teléfono;Email;Vencimiento;Importe\n"
ROWS = (
    "K-1;Lucía Gómez;12345678Z;612345678;lucia.gomez@example.com;15/11/2025;10,00\n"
    "K-2;Giulia Bianchi;X1234567L;;;31/12/2025;20,00\n"
    "K-3;Lucía Gómez;;;lucia.gomez@example.com;15/11/2025;30,00\n"
    "K-4;Pedro Sanz;87654321X;;;15/11/2025;40,00\n"
    "K-5;L. Gómez;;+34612345678;;15/11/2025;50,00\n"
)


@tagged("post_install", "-at_install", "dc_reliability")
class TestImportChunks(AgencyCommon):
    def _import(self, content=ROWS, size=2, **values):
        wizard = self._wizard((HEADER + content).encode(), **values)
        wizard.with_context(debt_collection_import_chunk=size).action_import()
        return wizard.batch_id

    def _placements(self):
        return self.Placement.search([("mandate_id", "=", self.mandate.id)], order="name")

    def _checked_batch(self, content=ROWS, size=2):
        """An import whose rows are checked and stored in chunks, none placed yet (as the
        wizard leaves it for the job workers)."""
        wizard = self._wizard((HEADER + content).encode())
        data = wizard._file_bytes()
        batch = self.env["debt.collection.import.batch"].create(
            {
                "name": "Chunks",
                "mandate_id": self.mandate.id,
                "state": "placing",
                "date_placed": wizard.date_placed,
                "row_count": len(content.splitlines()),
            }
        )
        wizard.with_context(debt_collection_import_chunk=size)._store_chunks(
            data, wizard._mapping(data), set(), batch
        )
        return batch

    def test_file_placed_in_several_chunks(self):
        batch = self._import()
        self.assertEqual(batch.chunk_ids.mapped("row_count"), [2, 2, 1])
        self.assertEqual(batch.chunk_ids.mapped("state"), ["done"] * 3)
        self.assertRecordValues(
            batch,
            [{"state": "done", "placed_count": 5, "partner_created_count": 3, "row_count": 5}],
        )
        placements = self._placements()
        self.assertEqual(placements.mapped("name"), ["K-1", "K-2", "K-3", "K-4", "K-5"])
        self.assertEqual(placements.mapped("import_row"), [2, 3, 4, 5, 6])
        self.assertEqual(batch.placement_ids, placements)
        # Lucía by tax id, e-mail and phone, in three chunks: one debtor
        lucia = placements.filtered(lambda p: p.name in ("K-1", "K-3", "K-5")).partner_id
        self.assertEqual(len(lucia), 1)
        self.assertFalse(batch.progress)

    def test_rows_with_two_tax_ids_are_two_debtors_across_chunks_too(self):
        """Two rows of the file share a phone but not their tax id: two debtors, both placed,
        in two chunks as in one (the chunk jobs place them so too), none reported."""
        batch = self._import(
            "T-1;Ana Ruiz;12345678Z;612000111;;15/11/2025;10,00\n"
            "T-2;Ana Ruiz Sanz;87654321X;612000111;;15/11/2025;20,00\n",
            size=1,
        )
        placements = self._placements()
        self.assertEqual(len(placements), 2, batch.report)
        self.assertEqual(len(placements.partner_id), 2)
        self.assertEqual(batch.placed_count, 2)
        self.assertFalse(batch.report)

    def test_same_chunk_placed_twice_places_nothing_twice(self):
        batch = self._import()
        moves = self.env["account.move"].search_count([])
        partners = self.env["res.partner"].search_count([])
        batch.chunk_ids._place()
        # even a chunk whose state was lost: its rows are placed in its import already
        batch.chunk_ids.write({"state": "pending"})
        batch.state = "placing"
        batch._start_placing(batch.chunk_ids)
        self.assertEqual(len(self._placements()), 5)
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertRecordValues(batch, [{"state": "done", "placed_count": 5}])

    def test_progress_while_placing(self):
        batch = self._checked_batch()
        self.assertEqual(batch.progress, "Placing 0/3 chunks")
        batch.chunk_ids[0]._place()
        batch.invalidate_recordset(["progress"])
        self.assertEqual(batch.progress, "Placing 1/3 chunks")
        self.assertEqual(len(self._placements()), 2)
        with self.assertRaises(UserError):
            batch.action_undo()  # not while placing

    def test_failing_chunk_leaves_import_partly_placed_and_resume_completes_it(self):
        batch = self._checked_batch()
        batch.chunk_ids[0]._place()
        account = self.mandate.placement_account_id
        account.deprecated = True
        batch._start_placing(batch.chunk_ids[1:], keep_going=True)
        self.assertEqual(batch.state, "partly")
        self.assertEqual(batch.chunk_ids.mapped("state"), ["done", "failed", "failed"])
        self.assertIn("Rows 4 to 5:", batch.failure_reason)
        self.assertIn("is deprecated", batch.failure_reason)
        self.assertEqual(batch.placed_count, 2)
        account.deprecated = False
        batch.action_resume()
        self.assertRecordValues(batch, [{"state": "done", "placed_count": 5}])
        self.assertFalse(batch.failure_reason)
        self.assertEqual(len(self._placements()), 5)
        self.assertEqual(len(set(self._placements().mapped("import_row"))), 5)

    def test_only_managers_resume(self):
        batch = self._checked_batch()
        batch.chunk_ids._mark_failed("Boom")
        batch._finish()
        self.assertEqual(batch.state, "partly")
        with self.assertRaises(UserError):
            batch.with_user(self.consultant).action_resume()
        self.assertEqual(batch.state, "partly")

    def test_undo_removes_every_placement_of_a_partly_placed_import(self):
        batch = self._checked_batch()
        batch.chunk_ids[:2]._place()
        batch.chunk_ids[2]._mark_failed("Boom")
        batch._finish()
        self.assertEqual((batch.state, batch.placed_count), ("partly", 4))
        batch.action_undo()
        self.assertEqual(batch.state, "undone")
        self.assertEqual(set(self._placements().mapped("state")), {"recalled"})
        self.assertEqual(self._balance(self.mandate.placement_account_id), 0.0)
        # a chunk of an undone import places nothing
        batch.chunk_ids[2]._place()
        self.assertEqual(len(self._placements()), 4)

    def test_undo_removes_the_whole_chunked_import(self):
        batch = self._import()
        batch.action_undo()
        self.assertEqual(batch.state, "undone")
        self.assertEqual(len(batch.placement_ids), 5)
        self.assertEqual(set(batch.placement_ids.mapped("state")), {"recalled"})

    def test_bad_row_still_writes_nothing(self):
        before = (
            self.Placement.search_count([]),
            self.env["res.partner"].search_count([]),
            self.env["debt.collection.import.chunk"].search_count([]),
        )
        with self.assertRaises(UserError):
            self._import(ROWS + "K-6;;;;;15/11/2025;10,00\n")
        after = (
            self.Placement.search_count([]),
            self.env["res.partner"].search_count([]),
            self.env["debt.collection.import.chunk"].search_count([]),
        )
        self.assertEqual(after, before)

    def test_existing_imports_show_done(self):
        batch = self.env["debt.collection.import.batch"].create(
            {"name": "Before chunks", "mandate_id": self.mandate.id}
        )
        self.assertEqual(batch.state, "done")
        self.assertFalse(batch.progress)

    def test_debtor_being_made_by_another_import_is_not_made_here(self):
        """Another import of the company is making debtors (it holds their making): this one
        refuses, rather than look for them in a snapshot taken before the other commits."""
        with self.env.registry.cursor() as other:
            other.execute(
                SQL("SELECT pg_advisory_xact_lock(%s, %s)", DEBTOR_LOCK_SPACE, self.company.id)
            )
            with self.assertRaises(UserError) as refusal:
                self._import()
            other.rollback()
        self.assertIn("Another import is making debtors for this company", str(refusal.exception))

    def test_chunk_jobs_make_debtors_side_by_side(self):
        """Chunk jobs share the making of debtors: one holding it does not stop another."""
        with self.env.registry.cursor() as other:
            other.execute(
                SQL(
                    "SELECT pg_advisory_xact_lock_shared(%s, %s)",
                    DEBTOR_LOCK_SPACE,
                    self.company.id,
                )
            )
            wizard = self._wizard((HEADER + ROWS).encode())
            wizard.with_context(debt_collection_import_job=True).action_import()
            other.rollback()
        self.assertEqual(wizard.batch_id.state, "done")

    def _making_debtors_for(self, other, batch):
        """``other`` (another connection) makes debtors for ``batch`` as a chunk job does."""
        other.execute(
            SQL("SELECT pg_advisory_xact_lock_shared(%s, %s)", DEBTOR_LOCK_SPACE, self.company.id)
        )
        other.execute(
            SQL("SELECT pg_advisory_xact_lock_shared(%s, %s)", IMPORT_MAKING_SPACE, batch.id)
        )

    def test_chunk_waits_while_another_import_makes_debtors(self):
        """Two creditors' files placed by jobs at once, with a new debtor in common: while a
        chunk of one import makes its debtors, a chunk of the other is refused (its job waits
        and is retried), rather than make the same debtor a second time."""
        first, second = self._checked_batch(), self._checked_batch()
        chunk = second.chunk_ids[:1]
        with self.env.registry.cursor() as other:
            self._making_debtors_for(other, first)
            with self.assertRaises(DebtorMakingBusy) as refusal:
                chunk.with_context(debt_collection_import_job=True)._place()
            other.rollback()
        self.assertIn("Another import is making debtors for this company", str(refusal.exception))
        self.assertEqual(chunk.state, "pending")
        # the other import done, the chunk is placed
        chunk.with_context(debt_collection_import_job=True)._place()
        self.assertEqual(chunk.state, "done")
        self.assertEqual(chunk.placed_count, 2)

    def test_chunks_of_one_import_make_debtors_side_by_side(self):
        """A chunk of the same import making its debtors on another worker stops nothing."""
        batch = self._checked_batch()
        with self.env.registry.cursor() as other:
            self._making_debtors_for(other, batch)
            batch.chunk_ids[:1].with_context(debt_collection_import_job=True)._place()
            other.rollback()
        self.assertEqual(batch.chunk_ids[:1].state, "done")

    def test_large_file_takes_one_lock(self):
        """However many debtors a file makes, its transaction holds one advisory lock for them
        (one per debtor key ran PostgreSQL out of shared memory on 20,000 rows)."""
        batch = self._import()
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM pg_locks "
                "WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            )
        )
        # one for the debtors, one for the journal's numbering, one per chunk placed
        self.assertEqual(self.env.cr.fetchone()[0], 2 + len(batch.chunk_ids))

    def test_chunks_are_for_collection_managers(self):
        batch = self._checked_batch()
        with self.assertRaises(AccessError):
            batch.chunk_ids.with_user(self.consultant).read(["rows"])
