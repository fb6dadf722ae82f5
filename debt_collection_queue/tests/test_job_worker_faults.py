"""Job workers killed (SIGKILL) mid-run and mid-letters: after queue_job's retries the result is
that of an uninterrupted run — steps once, letters once."""

import base64
import importlib.util
import os
import unittest
from datetime import date, timedelta
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
    workers_waiting_on,
)

REPO = Path(__file__).resolve().parents[2]
# a small portfolio: enough debtors for both parts to take steps
INVOICES = 150
# a portfolio file of 40 rows in chunks of 10 (4 jobs); the last chunk's debtors are the third's
IMPORT_ROWS, IMPORT_CHUNK = 40, 10
NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _portfolio_file():
    lines = ["Referencia;Nombre;NIF;Vencimiento;Importe"]
    due = (date.today() - timedelta(days=40)).strftime("%d/%m/%Y")
    for row in range(1, IMPORT_ROWS + 1):
        debtor = row - 10 if row > 30 else row
        number = 40000000 + debtor
        nif = f"{number}{NIF_LETTERS[number % 23]}"
        lines.append(f"F-{row:03};Deudor {debtor};{nif};{due};{row * 10},50")
    return base64.b64encode("\n".join(lines).encode())


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_portfolio", REPO / "setup/generate_portfolio.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _contact_at_any_hour(env):
    """The workers run at the real time of day, which no frozen clock reaches: every debtor may
    be contacted at any hour of any day, so that the runs take their steps whenever the suite
    runs (at night in Madrid, or after 9 p.m. in Mexico City, as well as at noon)."""
    env["res.company"].search([]).write(
        {
            "collection_hour_from": 0.0,
            "collection_hour_to": 24.0,
            "collection_contact_sunday": True,
        }
    )
    regimes = env["debt.collection.regime"].with_context(active_test=False).search([])
    regimes.window_ids.unlink()
    regimes.holiday_ids.unlink()
    env["debt.collection.regime.window"].create(
        [
            {"regime_id": regime.id, "weekday": str(day), "hour_from": 0.0, "hour_to": 24.0}
            for regime in regimes
            for day in range(7)
        ]
    )


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
            _contact_at_any_hour(env)
        cls.imports = f"{template}_imports"
        copy_database(cls.db, cls.imports)
        copy_database(cls.db, cls.reference)
        # the uninterrupted run, in one process: what the jobs must decide; it queues letters
        with environment(cls.reference) as env:
            env["debt.collection.run"]._cron_run()
        cls.expected = _without_letters(_decisions(cls.reference))
        release(cls.reference)

    @classmethod
    def tearDownClass(cls):
        for db in (cls.db, cls.reference, cls.imports):
            drop_database(db)
        super().tearDownClass()

    def _locked_import(self, name, kill):
        """An import of the portfolio file in chunks of ``IMPORT_CHUNK`` rows placed by two
        workers, both held before they place their first chunk's placements (their invoices
        made): one killed then (``kill``), or both let go together. Its import's id."""
        db = self.imports
        with environment(db) as env:
            company = env.ref("base.main_company")
            company.write({"collection_agency_mode": True, "collection_run_parts": 2})
            creditor = env["res.partner"].create({"name": name, "is_company": True})
            mandate = env["debt.collection.mandate"].create(
                {
                    "name": name,
                    "creditor_id": creditor.id,
                    "date_start": date.today() - timedelta(days=400),
                    "commission_rate": 20.0,
                    "debtor_country_id": env.ref("base.es").id,
                }
            )
            mandate.action_activate()
            wizard_id = (
                env["debt.collection.import"]
                .create(
                    {"mandate_id": mandate.id, "file": _portfolio_file(), "file_name": "p.csv"}
                )
                .id
            )
        with JobServer(db, jobs=2) as server:
            with table_locked(db, "debt_collection_placement"):
                with environment(db) as env:
                    wizard = env["debt.collection.import"].browse(wizard_id)
                    wizard.with_context(debt_collection_import_chunk=IMPORT_CHUNK).action_import()
                    batch_id = wizard.batch_id.id
                if kill:
                    kill_worker_waiting_on(server, "debt_collection_placement")
                else:
                    workers_waiting_on(server, "debt_collection_placement", count=2)
            states = wait_for_jobs(db)
        self.assertEqual(set(states), {"done"}, states)
        return batch_id

    def _assert_placed_once(self, env, batch_id):
        batch = env["debt.collection.import.batch"].browse(batch_id)
        self.assertEqual(batch.state, "done")
        placements = batch.placement_ids
        self.assertEqual(len(placements), IMPORT_ROWS)
        self.assertEqual(sorted(placements.mapped("import_row")), list(range(2, IMPORT_ROWS + 2)))
        self.assertEqual(len(placements.partner_id), 30, "a debtor was made twice")
        self.assertEqual(len(placements.move_id), IMPORT_ROWS)
        # the chunks placed at once by two workers numbered their invoices one after the other
        # (no number twice, none skipped), and Odoo marks no gap in them
        moves = placements.move_id
        self.assertEqual(len(set(moves.mapped("sequence_prefix"))), 1)
        numbers = sorted(moves.mapped("sequence_number"))
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + IMPORT_ROWS)))
        self.assertFalse(moves.filtered("made_sequence_gap"))

    def test_import_killed_mid_way(self):
        """The worker placing a chunk is killed after it made the chunk's invoices and before
        it placed them: the job is found dead, run again, and every row is placed once."""
        batch_id = self._locked_import("Aguas del Turia", kill=True)
        with environment(self.imports) as env:
            self._assert_placed_once(env, batch_id)
            self.assertTrue(
                env["queue.job"].search([("retry", ">", 1), ("method_name", "=", "_job_place")]),
                "no chunk job was run a second time",
            )

    def test_import_chunks_side_by_side(self):
        """Two chunks placed at the same time, each begun before the other was committed: the
        second numbers its invoices after the first's, which it does not see."""
        batch_id = self._locked_import("Aguas del Júcar", kill=False)
        with environment(self.imports) as env:
            self._assert_placed_once(env, batch_id)

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
        with JobServer(self.db, jobs=2) as server:
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
        with JobServer(db, jobs=2) as server:
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
