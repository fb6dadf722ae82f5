"""Browser tours of the imports as jobs: a manager sets the parts, reads why an import was partly
placed, resumes it, and sees it placed once the job workers did their work."""

from odoo.tests import HttpCase, tagged

from odoo.addons.debt_collection.tests.agency_common import AgencyCommon
from odoo.addons.debt_collection.tests.common import company_user
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .common import MANAGER_GROUPS, trap_jobs

HEADER = "Referencia;Nombre;NIF;Teléfono;Email;Vencimiento;Importe\n"
PLACING = (
    "P-1;Ana Ruiz;;;ana.ruiz@example.com;15/11/2025;10,00\n"
    "P-2;Pedro Sanz;;;pedro.sanz@example.com;15/11/2025;20,00\n"
    "P-3;Marta Gil;;;marta.gil@example.com;15/11/2025;30,00\n"
)
PARTLY = (
    "R-1;Luis Vidal;;;luis.vidal@example.com;15/11/2025;10,00\n"
    "R-2;Sara Mora;;;sara.mora@example.com;15/11/2025;20,00\n"
    "R-3;Iván Prieto;;;ivan.prieto@example.com;15/11/2025;30,00\n"
    "R-4;Nuria Pons;;;nuria.pons@example.com;15/11/2025;40,00\n"
)
IMPORTS = "debt_collection.debt_collection_import_batch_action"


@tagged("post_install", "-at_install")
class TestImportJobsTour(AgencyCommon, HttpCase):
    """The agency already places its imports as jobs (one part). Two imports wait for the
    manager, their jobs taken by the test as a job worker would: one still placing (its first
    chunk placed, the worker not at the second yet), one partly placed (its second chunk
    failed for good: the mandate's placement account was deprecated meanwhile)."""

    def setUp(self):
        super().setUp()
        self.company.collection_run_parts = 1
        # a Collection Manager as an administrator makes one, not a job queue manager
        self.tour_manager = company_user(
            self.env, "dc_queue_tour_manager", MANAGER_GROUPS, self.company
        )
        with trap_jobs() as trap:
            self.placing = self._import(PLACING, "placing.csv")
            first, _second = trap.enqueued_jobs
            self._perform(trap, first)
            trap.enqueued_jobs = []
            self.partly = self._import(PARTLY, "partly.csv")
            first, second = trap.enqueued_jobs
            self._perform(trap, first)
            account = self.mandate.placement_account_id
            account.deprecated = True
            with self.assertRaises(RetryableJobError) as failure, self.env.cr.savepoint():
                second.perform()
            # what queue_job's runner does once the job is out of retries (each try failing
            # the same way)
            trap.enqueued_jobs = []
            second.recordset._job_failed(exc_message=str(failure.exception))
            trap.perform_enqueued_jobs()
            # the cause corrected, for the manager to resume
            account.deprecated = False
        self.assertEqual(self.placing.progress, "Placing 1/2 chunks")
        self.assertRecordValues(self.partly, [{"state": "partly", "placed_count": 2}])
        self.assertIn("Rows 4 to 5:", self.partly.failure_reason)

    def _import(self, rows, file_name):
        wizard = self._wizard((HEADER + rows).encode(), file_name=file_name)
        wizard.with_context(debt_collection_import_chunk=2).action_import()
        return wizard.batch_id

    def _perform(self, trap, job):
        """``job`` performed, then the count of the import it enqueued; the other trapped
        jobs left waiting."""
        waiting = [other for other in trap.enqueued_jobs if other is not job]
        trap.enqueued_jobs = []
        job.perform()
        trap.perform_enqueued_jobs()
        trap.enqueued_jobs = waiting

    def _run_stored_jobs(self):
        """Perform the waiting jobs as a job worker does: loaded from the database and run as
        the user who enqueued them, until none is left (a chunk enqueues its import's count)."""
        Jobs = self.env["queue.job"].sudo()
        performed = []
        while True:
            self.env.invalidate_all()
            waiting = Jobs.search([("state", "=", "pending")], order="id")
            if not waiting:
                return performed
            for record in waiting:
                job = Job.load(self.env, record.uuid)
                job.set_started()
                job.perform()
                job.set_done()
                job.store()
                performed.append(record)

    def test_manager_sets_the_parts_and_resumes_a_partly_placed_import(self):
        """With 2 parts the resume gives the failed chunk to a job: the jobs are stored (not
        trapped) by the browser's request, and performed between the tours as a worker does,
        as the manager who enqueued them."""
        self.start_tour(
            "/odoo/action-debt_collection.debt_collection_settings_action",
            "debt_collection_queue_manager_parts",
            login=self.tour_manager.login,
        )
        self.assertEqual(self.company.collection_run_parts, 2)
        # the list of imports (one placing), the partly placed one read and resumed
        self.start_tour(
            f"/odoo/action-{IMPORTS}",
            "debt_collection_queue_import_resume",
            login=self.tour_manager.login,
        )
        self.partly.invalidate_recordset()
        self.assertEqual(self.partly.state, "placing", "the failed chunk given to a job")
        failed_chunk = self.partly.chunk_ids[1]
        jobs = self._run_stored_jobs()
        self.assertEqual(jobs[0].method_name, "_job_place")
        self.assertEqual(jobs[0].records, failed_chunk)
        self.assertEqual(jobs[0].channel, "root.collection")
        self.assertEqual(jobs[0].user_id, self.tour_manager)
        self.assertRecordValues(self.partly, [{"state": "done", "placed_count": 4}])
        self.assertEqual(self.placing.state, "placing", "its worker is still to come")
        self.start_tour(
            f"/odoo/action-{IMPORTS}/{self.partly.id}",
            "debt_collection_queue_import_placed",
            login=self.tour_manager.login,
        )
