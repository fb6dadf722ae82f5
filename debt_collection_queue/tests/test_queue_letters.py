"""The letters as jobs: one per batch, each letter rendered and sent once."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.debt_collection.tests.common import company_user
from odoo.addons.queue_job.job import Job

from .common import MANAGER_GROUPS, CollectionQueueCommon, trap_jobs

LETTER_BATCH = "odoo.addons.debt_collection.report.debt_collection_letter.LETTER_RENDER_BATCH"


@tagged("post_install", "-at_install", "dc_reliability")
class TestQueueLetters(CollectionQueueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtors = cls.debtor | cls.debtor2
        for i in range(3):
            cls.debtors |= cls._debtor(f"Letter Debtor {i}", f"letter{i}@example.com")
        for i, debtor in enumerate(cls.debtors):
            cls._create_invoice(debtor, 300.0 + i, date(2026, 1, 10), date(2025, 12, 10))
        # the reminder, then the first letter, queued by the run (the cron renders them)
        for day in (12, 22):
            with freeze_time(f"2026-01-{day} 10:00:00"):
                cls._cron_run()

    def setUp(self):
        super().setUp()
        self.company.collection_run_parts = 2
        patcher = patch(LETTER_BATCH, 2)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _letters(self):
        return self._company_actions(channel="letter")

    def _cover_messages(self, letters):
        return self.env["mail.message"].search(
            [
                ("model", "=", "debt.collection.case"),
                ("res_id", "in", letters.case_id.ids),
                ("attachment_ids", "in", letters.attachment_id.ids),
            ]
        )

    def test_letters_are_enqueued_one_job_per_batch(self):
        letters = self._letters().sorted("id")
        self.assertEqual(len(letters), 5)
        self.assertEqual(set(letters.mapped("result")), {"scheduled"})
        report = self.env.ref("debt_collection.action_report_collection_letter")
        with freeze_time("2026-01-22 11:00:00"), trap_jobs() as trap:
            self.assertEqual(self.Run._cron_render_letters(), 0, "nothing rendered by the cron")
            trap.assert_jobs_count(3, only=self.Run._job_render_letters)
            for batch in (letters[:2], letters[2:4], letters[4:]):
                trap.assert_enqueued_job(
                    self.Run._job_render_letters,
                    args=(self.company.id, report.id, batch.ids),
                    properties={"channel": "root.collection"},
                )
            self.assertFalse(self._letters().attachment_id, "no letter rendered yet")
            first = trap.enqueued_jobs[0]
            self.assertEqual(first.perform(), 2)
            self.assertEqual(first.perform(), 0, "done again, it renders and sends nothing")
            self.assertEqual(len(self._letters().filtered("attachment_id")), 2)
            trap.perform_enqueued_jobs()
        letters = self._letters()
        self.assertEqual(set(letters.mapped("result")), {"sent"})
        self.assertEqual(len(letters.attachment_id), 5, "one PDF each")
        self.assertEqual(len(self._cover_messages(letters)), 5, "each letter sent once")

    def test_stored_jobs_render_each_letter_once(self):
        """The jobs as a worker finds them: the cron triggered by each part of a run enqueues
        only the letters no job holds yet; a job done twice sends nothing twice."""
        with freeze_time("2026-01-22 11:00:00"):
            self.Run._cron_render_letters()
            self.Run._cron_render_letters()
            jobs = (
                self.env["queue.job"]
                .with_user(self.root)
                .search([("method_name", "=", "_job_render_letters")], order="id")
            )
            self.assertEqual(len(jobs), 3)
            self.assertEqual(set(jobs.mapped("channel")), {"root.collection"})
            self.assertEqual(jobs.company_id, self.company)
            self.assertEqual(
                sorted(i for job in jobs for i in job.args[2]), sorted(self._letters().ids)
            )
            for job in jobs:
                Job.load(jobs.env, job.uuid).perform()
            self.assertEqual(Job.load(jobs.env, jobs[0].uuid).perform(), 0)
        letters = self._letters()
        self.assertEqual(set(letters.mapped("result")), {"sent"})
        self.assertEqual(len(letters.attachment_id), 5)
        self.assertEqual(len(self._cover_messages(letters)), 5)

    def test_manager_enqueues_the_letters_without_queue_job_rights(self):
        """A Collection Manager who sets off the letters (not a job manager) enqueues them:
        the letters jobs already hold are read past queue_job's access rights."""
        manager = company_user(self.env, "dc_letters_manager", MANAGER_GROUPS, self.company)
        self.assertFalse(manager.has_group("queue_job.group_queue_job_manager"))
        Run = self.env["debt.collection.run"].with_user(manager)
        with freeze_time("2026-01-22 11:00:00"):
            self.assertEqual(Run._render_company_letters(self.company), 0, "none rendered")
            jobs = (
                self.env["queue.job"]
                .with_user(self.root)
                .search([("method_name", "=", "_job_render_letters")])
            )
            self.assertEqual(len(jobs), 3, "one job per batch of two")
            self.assertEqual(jobs.user_id, manager)
            self.assertEqual(Run._enqueue_letters(self.company), 0, "held by the jobs already")
            self.assertEqual(
                sorted(i for job in jobs for i in job.args[2]), sorted(self._letters().ids)
            )

    def test_without_parts_the_cron_renders_the_letters(self):
        self.company.collection_run_parts = 0
        with freeze_time("2026-01-22 11:00:00"), trap_jobs() as trap:
            self.assertEqual(self.Run._cron_render_letters(), 5)
        trap.assert_jobs_count(0)
        self.assertEqual(set(self._letters().mapped("result")), {"sent"})
