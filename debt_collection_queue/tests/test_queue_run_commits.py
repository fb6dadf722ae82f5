"""A part's job commits after each batch, as the cron does, because its argument says so."""

from datetime import date
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.queue_job.exception import RetryableJobError

from .common import CollectionQueueCommon, trap_jobs


def _commits_as_in_a_job(run):
    """``_commits`` without its guard against tests: commit where a job would."""
    return bool(run.env.context.get("debt_collection_commit"))


@tagged("post_install", "-at_install", "dc_reliability")
class TestQueueRunCommits(CollectionQueueCommon):
    """The job is performed as queue_job performs it (``allow_commit``: on a cursor of its own,
    here Odoo's test cursor, whose commits and rollbacks behave as PostgreSQL's do), with
    ``_commits`` freed of its guard against tests. The trap stores the job's recordset without
    our context keys, as queue_job does: the commit comes from the job's argument alone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtors = cls.env["res.partner"]
        for i in range(5):
            debtor = cls._debtor(f"Commit Debtor {i}", f"commit{i}@example.com")
            cls._create_invoice(debtor, 100.0 + i, date(2026, 1, 10), date(2025, 12, 10))
            cls.debtors |= debtor
        # three batches of steps: debtors 0-1, 2-3, 4
        cls.company.write({"collection_batch_size": 2, "collection_run_parts": 1})
        cls.env.flush_all()

    def setUp(self):
        super().setUp()
        Run = self.registry["debt.collection.run"]
        patcher = patch.object(Run, "_commits", _commits_as_in_a_job)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _reminders(self):
        return self._company_actions(channel="email", result="sent")

    def _last_run(self):
        return self.env["debt.collection.run"].search(
            [("company_id", "=", self.company.id)], order="id desc", limit=1
        )

    def test_a_crashed_part_keeps_its_committed_batches_and_its_retry_finishes(self):
        """The second batch crashes: the first stays committed, the run is marked failed and
        the job asks to be retried; the retry does the rest, and nobody gets two reminders."""
        Run = self.registry["debt.collection.run"]
        apply_steps = Run._apply_steps
        calls = []

        def crash_on_second_batch(run, plan, today):
            calls.append(len(plan))
            result = apply_steps(run, plan, today)
            if len(calls) == 2:
                raise psycopg2.OperationalError("server closed the connection unexpectedly")
            return result

        with freeze_time("2026-01-12 10:00:00"), trap_jobs() as trap:
            self.Run._cron_run()
            self.assertFalse(self._reminders(), "the cron ran nothing itself")
            [job] = trap.enqueued_jobs
            self.assertNotIn("debt_collection_commit", job.recordset.env.context)
            # not assertRaises: Odoo's rolls back a savepoint of the test's transaction
            retried = None
            with patch.object(Run, "_apply_steps", crash_on_second_batch):
                try:
                    job.perform()
                except RetryableJobError as error:
                    retried = error
            self.assertIn("server closed the connection", str(retried))
            run = self._last_run()
            self.assertEqual(run.state, "failed")
            self.assertEqual(self._reminders().partner_id, self.debtors[:2], "batch 1 committed")
            job.perform()
        self.assertEqual(self._last_run().state, "done")
        self.assertEqual(self._reminders().partner_id, self.debtors)
        self.assertEqual(len(self._reminders()), 5, "one reminder each, never two")
