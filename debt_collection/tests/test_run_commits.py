"""The run's commits: each batch committed, a failing batch rolled back, the run going on."""

from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged

from .common import DebtCollectionCommon


def _commits_as_in_a_cron(run):
    """``_commits`` without its guard against tests: commit where a cron would."""
    return bool(run.env.context.get("debt_collection_commit"))


@tagged("post_install", "-at_install", "dc_reliability")
class TestRunCommits(DebtCollectionCommon):
    """The run as the cron runs it (``debt_collection_commit``): a commit after each batch, so
    that a crash loses one batch only; a batch whose steps fail is rolled back and done again
    case by case; a crash rolls back what is not committed and the run is marked failed.

    The run works on its own cursor (``registry.cursor()`` in test mode: Odoo's test cursor,
    whose ``commit`` and ``rollback`` keep and drop work as PostgreSQL's do, over the test's
    transaction), with ``_commits`` freed of its guard against tests.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtors = cls._overdue_debtors(5)
        # three batches of steps: debtors 0-1, 2-3, 4
        cls.company.collection_batch_size = 2
        cls.template = cls.env.ref("debt_collection.mail_template_collection_reminder")
        cls.env.flush_all()

    def setUp(self):
        super().setUp()
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)
        Run = self.registry["debt.collection.run"]
        patcher = patch.object(Run, "_commits", _commits_as_in_a_cron)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _run_on_own_cursor(self, after=None):
        """Run the company's collection on a cursor of its own, as the cron does; ``after``
        is called with that cursor's environment once the run ends (or failed)."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"debt_collection_commit": True})
            Run = env["debt.collection.run"]
            try:
                Run._run_company(env["res.company"].browse(self.company.id))
            finally:
                if after:
                    after(env)
        self.env.invalidate_all()

    def _steps(self, debtors):
        return self.env["debt.collection.action"].search(
            [("partner_id", "in", debtors.ids), ("channel", "=", "email"), ("result", "=", "sent")]
        )

    def _last_run(self):
        return self.env["debt.collection.run"].search(
            [("company_id", "=", self.company.id)], order="id desc", limit=1
        )

    def test_each_batch_is_committed(self):
        def drop_uncommitted(env):
            # what the run left uncommitted is lost; nothing is
            env.cr.rollback()

        with freeze_time("2026-01-12 10:00:00"):
            self._run_on_own_cursor(after=drop_uncommitted)
        self.assertEqual(self._steps(self.debtors).partner_id, self.debtors)
        self.assertEqual(self._last_run().state, "done")
        self.assertEqual(self._last_run().case_opened_count, 5)

    def test_failing_batch_is_rolled_back_and_the_run_goes_on(self):
        """The second batch fails half-way (debtor 2's reminder cannot be rendered, after
        the batch's steps were logged): the batch is rolled back and done again case by
        case; debtor 2's step is logged as failed, every other debtor gets one reminder, and
        the third batch is done."""
        broken = self.debtors[2]
        self.template.subject = (
            "{{ object.partner_id.name if object.partner_id.id != "
            + str(broken.id)
            + " else 1/0 }}"
        )
        self.env.flush_all()
        with freeze_time("2026-01-12 10:00:00"):
            self._run_on_own_cursor(after=lambda env: env.cr.rollback())
        self.assertEqual(self._steps(self.debtors).partner_id, self.debtors - broken)
        self.assertEqual(len(self._steps(self.debtors)), 4, "one reminder each, never two")
        failed = self._case(broken).action_ids.filtered(lambda a: a.result == "failed")
        self.assertEqual(len(failed), 1)
        self.assertEqual(self._last_run().state, "done")

    def test_crash_keeps_the_committed_batches_and_a_new_run_finishes(self):
        """A crash in the second batch (the database refuses it): the first batch stays
        done, the second is rolled back, the run is marked failed; the next run does the
        rest, and no debtor gets two reminders."""
        Run = self.registry["debt.collection.run"]
        apply_steps = Run._apply_steps
        calls = []

        def crash_on_second_batch(run, plan, today):
            calls.append(len(plan))
            result = apply_steps(run, plan, today)
            if len(calls) == 2:
                # after the batch's steps were written: they must not survive
                raise psycopg2.OperationalError("could not serialize access")
            return result

        with freeze_time("2026-01-12 10:00:00"):
            # not assertRaises: Odoo's rolls back a savepoint of the test's transaction
            crashed = None
            with patch.object(Run, "_apply_steps", crash_on_second_batch):
                try:
                    self._run_on_own_cursor()
                except psycopg2.OperationalError as error:
                    crashed = error
            self.assertTrue(crashed, "the crash reaches the cron")
            self.env.invalidate_all()
            run = self._last_run()
            self.assertEqual(run.state, "failed")
            self.assertIn("could not serialize access", run.error)
            self.assertEqual(self._steps(self.debtors).partner_id, self.debtors[:2])
            for debtor in self.debtors[2:4]:
                self.assertFalse(self._case(debtor).stage_id, "rolled back: not moved on")
            self._run_on_own_cursor()
        self.assertEqual(self._last_run().state, "done")
        self.assertEqual(self._steps(self.debtors).partner_id, self.debtors)
        self.assertEqual(len(self._steps(self.debtors)), 5, "one reminder each, never two")
