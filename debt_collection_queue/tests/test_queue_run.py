"""The nightly run as jobs: one per part, the commit as argument, the same decisions."""

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.debt_collection.tools.run_decisions import (
    collection_decisions,
    decision_differences,
)

from .common import CollectionQueueCommon, trap_jobs

DAYS = (12, 15, 22, 29)


@tagged("post_install", "-at_install", "dc_reliability")
class TestQueueRun(CollectionQueueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtors = cls._mixed_debtors(10, "Queue")

    def _reminders(self):
        return self._company_actions(channel="email", result="sent")

    def test_parts_enqueue_one_job_each_with_the_commit_as_argument(self):
        self.company.collection_run_parts = 2
        with freeze_time("2026-01-12 10:00:00"), trap_jobs() as trap:
            self.Run._cron_run()
            # the cron run twice the same night: the parts still waiting are not doubled
            self.Run._cron_run()
        trap.assert_jobs_count(2)
        trap.assert_jobs_count(2, only=self.Run._job_run_part)
        for part in range(2):
            trap.assert_enqueued_job(
                self.Run._job_run_part,
                args=(self.company.id, part, 2),
                kwargs={"commit": True},
                properties={
                    "channel": "root.collection",
                    "description": f"Collection run of {self.company.name} (part {part + 1} of 2)",
                },
            )
        self.assertFalse(
            self.env["debt.collection.run"].search([("company_id", "=", self.company.id)]),
            "the company is not run by the cron itself",
        )
        self.assertFalse(self.Case.search([("company_id", "=", self.company.id)]))

    def test_parts_are_stored_as_jobs_of_the_collection_channel(self):
        """Without the trap: the jobs a job worker would take, stored once."""
        self.company.collection_run_parts = 3
        with freeze_time("2026-01-12 10:00:00"):
            self.Run._cron_run()
            self.Run._cron_run()
        jobs = (
            self.env["queue.job"]
            .with_user(self.root)
            .search(
                [
                    ("method_name", "=", "_job_run_part"),
                    ("model_name", "=", "debt.collection.run"),
                ],
                order="id",
            )
        )
        self.assertEqual(len(jobs), 3)
        self.assertEqual(set(jobs.mapped("channel")), {"root.collection"})
        self.assertEqual([job.args for job in jobs], [[self.company.id, p, 3] for p in range(3)])
        self.assertEqual([job.kwargs for job in jobs], [{"commit": True}] * 3)
        self.assertEqual(jobs.user_id, self.root, "the job runs as the cron did")
        self.assertNotEqual(self.root.company_id, self.company)
        self.assertEqual(
            jobs.company_id, self.company, "the company's jobs, listed for its managers"
        )
        self.assertTrue(jobs.job_function_id.allow_commit)

    def test_jobs_are_described_in_the_company_language(self):
        """The cron's user is English; the Spanish company's managers read its jobs."""
        self.env["res.lang"]._activate_lang("es_ES")
        self.company.partner_id.lang = "es_ES"
        self.company.collection_run_parts = 2
        with freeze_time("2026-01-12 10:00:00"), trap_jobs() as trap:
            self.Run.with_context(lang="en_US")._cron_run()
        self.assertEqual(
            sorted(job.description for job in trap.enqueued_jobs),
            [f"Ejecución del cobro de {self.company.name} (parte {part} de 2)" for part in (1, 2)],
        )

    def test_no_parts_runs_inline_without_jobs(self):
        with freeze_time("2026-01-12 10:00:00"), trap_jobs() as trap:
            runs = self.Run._cron_run()
        trap.assert_jobs_count(0)
        run = runs.filtered(lambda r: r.company_id == self.company)
        self.assertEqual((run.state, run.part, run.parts), ("done", 0, 1))
        self.assertTrue(self._reminders())

    def test_part_jobs_decide_exactly_what_one_run_decides(self):
        savepoint = self.env.cr.savepoint()
        one = self._days_inline()
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        self.company.collection_run_parts = 2
        two = self._days_in_jobs()
        self.assertGreaterEqual(len(one), 8, "the portfolio opened cases")
        self.assertTrue(
            any(step[1] == "letter" for _case, steps, _acts in one.values() for step in steps),
            "letters were sent",
        )
        self.assertEqual(decision_differences(one, two), [])
        self.assertEqual(one, two)
        runs = self.env["debt.collection.run"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(runs), 2 * len(DAYS))
        self.assertEqual(set(runs.mapped("parts")), {2})
        self.assertIn("(part 2 of 2)", runs.filtered(lambda r: r.part == 1)[0].name)

    def _days_inline(self):
        for day in DAYS:
            with freeze_time(f"2026-01-{day} 10:00:00"):
                self.Run._cron_run()
                self.Run._cron_render_letters()
        return collection_decisions(self.env, self.company)

    def _days_in_jobs(self):
        for day in DAYS:
            with freeze_time(f"2026-01-{day} 10:00:00"), trap_jobs() as trap:
                self.Run._cron_run()
                trap.assert_jobs_count(2, only=self.Run._job_run_part)
                trap.perform_enqueued_jobs()
                self.env.invalidate_all()
                self.Run._cron_render_letters()
                trap.perform_enqueued_jobs()
                self.env.invalidate_all()
        return collection_decisions(self.env, self.company)

    def test_a_part_done_twice_takes_no_step_twice(self):
        """A job retried after its worker died, or enqueued twice: the second time finds the
        steps taken and the cases moved on."""
        self.company.collection_run_parts = 2
        with freeze_time("2026-01-12 10:00:00"), trap_jobs() as trap:
            self.Run._cron_run()
            jobs = list(trap.enqueued_jobs)
            for job in jobs:
                job.perform()
            steps = self._company_actions()
            for job in jobs:
                job.perform()
        self.assertEqual(self._company_actions(), steps, "no step taken twice")
        self.assertGreaterEqual(len(steps.filtered("step_key")), 5)
        self.assertEqual(len(steps.case_id), len(steps), "one step per case that night")
        runs = self.env["debt.collection.run"].search(
            [("company_id", "=", self.company.id)], order="id"
        )
        self.assertEqual(runs.mapped("part"), [0, 1, 0, 1])
        self.assertEqual(runs[2:].mapped("case_opened_count"), [0, 0])
        self.assertFalse(runs[2:].action_ids, "the second time took no step")
