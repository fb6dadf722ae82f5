"""Job workers killed (SIGKILL) mid-run and mid-letters: after queue_job's retries the result is
that of an uninterrupted run — steps once, letters once."""

import importlib.util
import os
import unittest
from pathlib import Path

from odoo.addons.debt_collection.tools.run_decisions import (
    collection_decisions,
    decision_differences,
)

from .job_workers import (
    JobServer,
    copy_database,
    drop_database,
    environment,
    kill_worker_waiting_on,
    release,
    table_locked,
    wait_for_jobs,
)

REPO = Path(__file__).resolve().parents[2]
# a small portfolio: enough debtors for both parts to take steps
INVOICES = 150


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_portfolio", REPO / "setup/generate_portfolio.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _decisions(db):
    with environment(db) as env:
        company = env.ref("base.main_company")
        return collection_decisions(env, company)


def _without_letters(decisions):
    """The decisions but for whether a letter was rendered yet (the letters are another job)."""
    return {
        key: (
            case,
            tuple(
                (stage, channel, "scheduled" if channel == "letter" else result, tone, deadline)
                for stage, channel, result, tone, deadline, _attached in actions
            ),
            activities,
        )
        for key, (case, actions, activities) in decisions.items()
    }


class TestJobWorkerFaults(unittest.TestCase):
    """Two real worker processes (Odoo in prefork mode with queue_job's runner) on a database of
    their own, made by setup/test.sh from the test database (``DC_TEST_WORKERS_DB``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        template = os.environ.get("DC_TEST_WORKERS_DB")
        if not template:
            raise AssertionError("run the tests with setup/test.sh (it makes DC_TEST_WORKERS_DB)")
        cls.db = f"{template}_faults"
        cls.reference = f"{template}_reference"
        copy_database(template, cls.db)
        with environment(cls.db) as env:
            _generator().generate(env, INVOICES, seed=30, log=lambda *_a: None)
        copy_database(cls.db, cls.reference)
        # the uninterrupted run, in one process: what the jobs must decide; it queues letters
        with environment(cls.reference) as env:
            env["debt.collection.run"]._cron_run()
        cls.expected = _without_letters(_decisions(cls.reference))
        release(cls.reference)

    @classmethod
    def tearDownClass(cls):
        for db in (cls.db, cls.reference):
            drop_database(db)
        super().tearDownClass()

    def test_run_killed_mid_way(self):
        """A part's worker is killed after its intake was committed and before its steps were:
        the job is found dead, run again, and decides what one uninterrupted run decides."""
        expected = self.expected
        self.assertTrue(expected, "the reference run opened no case")

        with environment(self.db) as env:
            env.ref("base.main_company").collection_run_parts = 2
            env["debt.collection.run"]._cron_run()
            self.assertEqual(env["queue.job"].search_count([]), 2)
        release(self.db)
        with JobServer(self.db, workers=2) as server:
            with table_locked(self.db, "debt_collection_action"):
                kill_worker_waiting_on(server, "debt_collection_action")
            states = wait_for_jobs(self.db)
        self.assertEqual(set(states), {"done"}, states)
        found = _without_letters(_decisions(self.db))
        self.assertEqual(decision_differences(expected, found), [])
        with environment(self.db) as env:
            killed = env["queue.job"].search([("retry", ">", 1)])
            self.assertTrue(killed, "no job was run a second time")

    def test_letters_killed_mid_way(self):
        """The worker rendering a batch of letters is killed after the PDFs were made and before
        the letters were marked sent: the job is found dead, run again, and each letter is
        rendered, attached and sent once."""
        db = self.reference
        with JobServer(db, workers=2) as server:
            with environment(db) as env:
                # wkhtmltopdf fetches the letters' styles from the workers' server
                env["ir.config_parameter"].set_param(
                    "report.url", f"http://127.0.0.1:{server.port}"
                )
                env.ref("base.main_company").collection_run_parts = 1
                letters = env["debt.collection.action"].search(
                    [("channel", "=", "letter"), ("result", "=", "scheduled")]
                )
                self.assertTrue(letters, "the run queued no letter")
                letter_ids, case_ids = letters.ids, letters.case_id.ids
                env["debt.collection.run"]._cron_render_letters()
            with table_locked(db, "debt_collection_action"):
                kill_worker_waiting_on(server, "debt_collection_action")
            states = wait_for_jobs(db)
        self.assertEqual(set(states), {"done"}, states)
        with environment(db) as env:
            letters = env["debt.collection.action"].browse(letter_ids)
            self.assertEqual(set(letters.mapped("result")) & {"scheduled", "failed"}, set())
            self.assertEqual(len(letters.attachment_id), len(letters))
            pdfs = env["ir.attachment"].search_count(
                [
                    ("res_model", "=", "debt.collection.case"),
                    ("res_id", "in", case_ids),
                    ("mimetype", "=", "application/pdf"),
                ]
            )
            self.assertEqual(pdfs, len(letters), "a letter was rendered twice")
            # each letter in one message: e-mailed with its cover, or a note to post it
            self.assertEqual(
                env["mail.message"].search_count(
                    [("attachment_ids", "in", letters.attachment_id.ids)]
                ),
                len(letters),
                "a letter was sent twice",
            )
            self.assertTrue(
                env["queue.job"].search(
                    [("retry", ">", 1), ("method_name", "=", "_job_render_letters")]
                ),
                "no letters job was run a second time",
            )
