"""Tests of a portfolio import placed by job workers: one job per chunk, each row placed once."""

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.debt_collection.tests.agency_common import AgencyCommon
from odoo.addons.debt_collection.wizards.debt_collection_import_matching import (
    IMPORT_MAKING_SPACE,
)
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError

from .common import trap_jobs

HEADER = "Referencia;Nombre;NIF;Teléfono;Email;Vencimiento;Importe\n"
# Lucía in chunks 1, 2 and 3 (tax id and phone, e-mail, phone): one debtor
ROWS = (
    "Q-1;Lucía Gómez;12345678Z;612345678;lucia.gomez@example.com;15/11/2025;10,00\n"
    "Q-2;Giulia Bianchi;X1234567L;;;31/12/2025;20,00\n"
    "Q-3;Lucía Gómez;;;lucia.gomez@example.com;15/11/2025;30,00\n"
    "Q-4;Pedro Sanz;87654321X;;;15/11/2025;40,00\n"
    "Q-5;L. Gómez;;+34612345678;;15/11/2025;50,00\n"
)


@tagged("post_install", "-at_install", "dc_reliability")
class TestImportJobs(AgencyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.collection_run_parts = 2

    def _import(self, content=ROWS, size=2):
        wizard = self._wizard((HEADER + content).encode())
        wizard.with_context(debt_collection_import_chunk=size).action_import()
        return wizard

    def _placements(self):
        return self.Placement.search([("mandate_id", "=", self.mandate.id)], order="name")

    def _perform(self, trap, jobs):
        """Perform ``jobs`` (trapped chunk jobs) as workers would, then the jobs they
        enqueued (the counts of the import), leaving the other trapped jobs waiting."""
        waiting = [job for job in trap.enqueued_jobs if job not in jobs]
        trap.enqueued_jobs = []
        for job in jobs:
            job.perform()
        while trap.enqueued_jobs:
            trap.perform_enqueued_jobs()
        trap.enqueued_jobs = waiting

    def _fail(self, job):
        """Perform ``job`` rolled back, as queue_job's runner does with a failing job."""
        with self.env.cr.savepoint():
            job.perform()

    def _progress(self, batch):
        batch.invalidate_recordset()
        return batch.progress

    def test_import_enqueues_one_job_per_chunk_on_the_collection_channel(self):
        with trap_jobs() as trap:
            wizard = self._import()
            batch = wizard.batch_id
            trap.assert_jobs_count(3)
            for chunk in batch.chunk_ids:
                trap.assert_enqueued_job(chunk._job_place)
            self.assertEqual({job.channel for job in trap.enqueued_jobs}, {"root.collection"})
            self.assertEqual({job.company_id for job in trap.enqueued_jobs}, {self.company.id})
            self.assertTrue(all(job.identity_key for job in trap.enqueued_jobs))
            self.assertIn("placing in 3 jobs", wizard.summary)
            self.assertEqual(batch.state, "placing")
            self.assertEqual(batch.progress, "Placing 0/3 chunks")
            self.assertFalse(self._placements(), "nothing placed before the jobs run")

    def test_jobs_performed_twice_place_each_row_once(self):
        with trap_jobs() as trap:
            batch = self._import().batch_id
            first, *others = trap.enqueued_jobs
            self._perform(trap, [first])
            self.assertEqual(self._progress(batch), "Placing 1/3 chunks")
            self.assertEqual(batch.state, "placing")
            self._perform(trap, others)
            self.assertFalse(self._progress(batch))
            self.assertRecordValues(
                batch, [{"state": "done", "placed_count": 5, "partner_created_count": 3}]
            )
            moves = self.env["account.move"].search_count([])
            partners = self.env["res.partner"].search_count([])
            # the same jobs again (a retried or duplicated job): nothing placed twice
            self._perform(trap, [first, *others])
            self.assertEqual(len(self._placements()), 5)
            self.assertEqual(self.env["account.move"].search_count([]), moves)
            self.assertEqual(self.env["res.partner"].search_count([]), partners)
            self.assertRecordValues(batch, [{"state": "done", "placed_count": 5}])

    def test_debtor_of_several_chunks_is_made_once_before_the_jobs(self):
        with trap_jobs() as trap:
            batch = self._import().batch_id
            # made with the import, before any job: no two jobs make her at once
            lucia = self.env["res.partner"].search([("vat", "=", "12345678Z")])
            self.assertEqual(len(lucia), 1)
            jobs = list(trap.enqueued_jobs)
            self._perform(trap, list(reversed(jobs)))
        placements = self._placements()
        self.assertEqual(
            placements.filtered(lambda p: p.name in ("Q-1", "Q-3", "Q-5")).partner_id, lucia
        )
        self.assertEqual(batch.partner_created_count, 3)

    def test_chunk_waits_without_spending_a_retry_while_another_import_makes_debtors(self):
        """Two files placed by jobs at once: while a worker makes the debtors of one import,
        the other import's chunk job is put off for a few seconds, its retries untouched, and
        places its rows when it runs again."""
        with trap_jobs() as trap:
            first = self._import().batch_id
            second = self._import(ROWS.replace("Q-", "R-")).batch_id
            job = next(job for job in trap.enqueued_jobs if job.recordset.batch_id == second)
            with self.env.registry.cursor() as other:
                # a worker making the first import's debtors (the company's making it shares
                # with this test's transaction, which holds it since the imports)
                other.execute(
                    SQL(
                        "SELECT pg_advisory_xact_lock_shared(%s, %s)",
                        IMPORT_MAKING_SPACE,
                        first.id,
                    )
                )
                with self.assertRaises(RetryableJobError) as wait:
                    self._fail(job)
                other.rollback()
            self.assertTrue(wait.exception.ignore_retry)
            self.assertTrue(5 <= wait.exception.seconds <= 20)
            self.assertEqual(job.retry, 0)
            self.assertIn("Another import is making debtors", str(wait.exception))
            self._perform(trap, [job])
            self.assertEqual(job.recordset.state, "done")

    def test_job_failing_for_good_leaves_import_partly_placed_and_resume_enqueues(self):
        account = self.mandate.placement_account_id
        with trap_jobs() as trap:
            batch = self._import().batch_id
            first, second, third = trap.enqueued_jobs
            self._perform(trap, [first, third])
            account.deprecated = True
            trap.enqueued_jobs.remove(second)
            second.max_retries = 2
            with self.assertRaises(RetryableJobError):
                self._fail(second)
            self.assertEqual(batch.state, "placing", "retried, not failed yet")
            with self.assertRaises(FailedJobError) as failure:
                self._fail(second)
            # what queue_job's runner does with a job failed for good
            second.recordset._job_failed(exc_message=str(failure.exception))
            self._perform(trap, list(trap.enqueued_jobs))
            self.assertEqual(batch.state, "partly")
            self.assertIn("Rows 4 to 5:", batch.failure_reason)
            self.assertIn("is deprecated", batch.failure_reason)
            self.assertNotIn("Max. retries", batch.failure_reason)
            self.assertEqual(batch.placed_count, 3)
            account.deprecated = False
            batch.action_resume()
            self.assertEqual(batch.state, "placing")
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(batch.chunk_ids[1]._job_place)
            self._perform(trap, list(trap.enqueued_jobs))
        self.assertRecordValues(batch, [{"state": "done", "placed_count": 5}])
        self.assertEqual(len(self._placements()), 5)

    def test_no_jobs_when_the_company_does_not_spread_its_work(self):
        self.company.collection_run_parts = 0
        with trap_jobs() as trap:
            batch = self._import().batch_id
            trap.assert_jobs_count(0)
        self.assertRecordValues(batch, [{"state": "done", "placed_count": 5}])

    def test_rows_with_two_tax_ids_stay_two_debtors_across_chunks(self):
        """The debtors shared by chunks are made as the wizard alone would make them."""
        content = (
            "F-1;Ana Ruiz;87654321X;;ana.ruiz@example.com;01/11/2025;10,00\n"
            "F-2;Ana Ruiz (otra);X1234567L;;ana.ruiz@example.com;01/11/2025;20,00\n"
            "F-3;Ana Ruiz;;;ana.ruiz@example.com;01/11/2025;30,00\n"
        )
        wizard = self._wizard((HEADER + content).encode(), tax_id_conflict="create")
        with trap_jobs() as trap:
            wizard.with_context(debt_collection_import_chunk=1).action_import()
            trap.assert_jobs_count(3)
            self._perform(trap, list(trap.enqueued_jobs))
        partner_of = {p.name: p.partner_id for p in self._placements()}
        self.assertNotEqual(partner_of["F-1"], partner_of["F-2"])
        self.assertEqual(partner_of["F-3"], partner_of["F-1"])
        self.assertRecordValues(
            wizard.batch_id, [{"state": "done", "placed_count": 3, "partner_created_count": 2}]
        )
