"""The nightly run and its letters as jobs of OCA's queue_job, for companies that split them."""

import logging

from odoo import api, models
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact

_logger = logging.getLogger(__name__)

CHANNEL = "root.collection"
# a job that fails is tried again this many times (the waits: queue_job_data.xml)
MAX_RETRIES = 5
# the states of a job that will still render the letters it was given
WAITING_JOB_STATES = ("wait_dependencies", "pending", "enqueued", "started")


class DebtCollectionRun(models.Model):
    """A company with *Parts of the nightly run* (``collection_run_parts``) set is not run by
    the shipped cron: the cron enqueues one job per part, which any job worker of any server
    takes; its letters are one job per batch. A company left at 0 runs in the crons as before.
    """

    _inherit = "debt.collection.run"

    # ------------------------------------------------------------------
    # The run
    # ------------------------------------------------------------------

    @api.model
    def _cron_run(self, part=0, parts=1):
        # the shipped cron (one part): companies split in jobs are enqueued by _run_company;
        # crons made by hand for one part each run their part as before
        run = self.with_context(debt_collection_enqueue_run=True) if parts == 1 else self
        return super(DebtCollectionRun, run)._cron_run(part=part, parts=parts)

    @api.model
    def _run_company(self, company, part=0, parts=1):
        if self.env.context.get("debt_collection_enqueue_run") and company.collection_run_parts:
            self._enqueue_run_parts(company)
            return self.browse()
        return super()._run_company(company, part, parts)

    @api.model
    def _enqueue_run_parts(self, company):
        """One job per part of the company's run. The commit is the job's argument: queue_job
        keeps no context key of ours. A part still waiting is not enqueued twice."""
        parts = company.collection_run_parts
        in_language = self._in_company_language(company)
        for part in range(parts):
            self._delay_for_company(
                company,
                in_language.env._(
                    "Collection run of %(company)s (part %(part)s of %(parts)s)",
                    company=company.name,
                    part=part + 1,
                    parts=parts,
                ),
            )._job_run_part(company.id, part, parts, commit=True)
        _logger.info("Collection run of %s: %s parts enqueued", company.name, parts)

    @api.model
    def _delay_for_company(self, company, description):
        """A job of ``company``'s collection: on the collection channel, with its retries,
        enqueued once while the same one waits, and the company's (its managers find it among
        their company's jobs)."""
        return self.with_company(company).with_delay(
            channel=CHANNEL,
            max_retries=MAX_RETRIES,
            identity_key=identity_exact,
            description=description,
        )

    @api.model
    def _in_company_language(self, company):
        """The cron's user writes the jobs' descriptions: in the language of the company whose
        managers read them, not the cron user's."""
        return self.with_context(lang=company.partner_id.lang or self.env.lang)

    @api.model
    def _job_run_part(self, company_id, part, parts, commit=True):
        """The job of one part: the whole pipeline for the company's debtors of this part,
        committing after each batch (``allow_commit`` on its job function), as the cron does.

        Done twice it takes no step twice (each step carries its key). An error that stops it
        is retried (``RetryableJobError``, the waits of its job function); PostgreSQL's
        serialization failures and deadlocks are postponed by queue_job itself. Once done,
        it triggers the letters cron, which enqueues the letters no job holds yet.
        """
        company = self.env["res.company"].browse(company_id).exists()
        if not company:
            return False
        Run = self.with_context(debt_collection_commit=commit, debt_collection_enqueue_run=False)
        try:
            run = Run._run_company(company, part, parts)
        except (RetryableJobError, *PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
            raise
        except Exception as error:
            raise RetryableJobError(str(error) or error.__class__.__name__) from error
        letters_cron = self.env.ref(
            "debt_collection.ir_cron_debt_collection_letters", raise_if_not_found=False
        )
        if letters_cron and Run._commits():
            letters_cron._trigger()
        return run.name

    # ------------------------------------------------------------------
    # The letters
    # ------------------------------------------------------------------

    @api.model
    def _render_company_letters(self, company, limit=None):
        if not company.collection_run_parts:
            return super()._render_company_letters(company, limit=limit)
        self._enqueue_letters(company, limit=limit)
        return 0

    @api.model
    def _enqueue_letters(self, company, limit=None):
        """One job per batch of the company's queued letters, leaving out the letters a
        job already holds: the parts of a run each trigger the letters cron, and each
        trigger enqueues only what is new."""
        Letters = self.env["report.debt_collection.report_collection_letter"].with_company(company)
        held = self._letters_in_jobs(company)
        batches = Letters._get_queued_letters(company, limit=limit)
        in_language = self._in_company_language(company)
        enqueued = 0
        for report, actions in batches:
            action_ids = [action_id for action_id in actions.ids if action_id not in held]
            if not action_ids:
                continue
            self._delay_for_company(
                company,
                in_language.env._(
                    "Collection letters of %(company)s (%(count)s letters)",
                    company=company.name,
                    count=len(action_ids),
                ),
            )._job_render_letters(company.id, report.id, action_ids)
            enqueued += len(action_ids)
        _logger.info("Collection letters of %s: %s enqueued", company.name, enqueued)
        return enqueued

    @api.model
    def _letters_in_jobs(self, company):
        """Ids of the company's letters a letters job is still to render."""
        # sudo: queue_job's jobs are its managers' to read, and a Collection Manager who sets
        # off the letters is not one; only the letters' ids of this company's jobs come out
        Job = self.env["queue.job"].sudo()
        jobs = Job.search(
            [
                ("model_name", "=", self._name),
                ("method_name", "=", "_job_render_letters"),
                ("state", "in", WAITING_JOB_STATES),
            ]
        )
        return {
            action_id for job in jobs if job.args[0] == company.id for action_id in job.args[2]
        }

    @api.model
    def _job_render_letters(self, company_id, report_id, action_ids):
        """The job of one batch of letters: render, attach and send those still queued.

        The letters are locked (``SKIP LOCKED``) and read again under the lock, so a job
        retried, enqueued twice or running beside another with the same letters renders and
        sends each letter once. Returns how many it rendered.
        """
        company = self.env["res.company"].browse(company_id).exists()
        report = self.env["ir.actions.report"].browse(report_id).exists()
        if not (company and report):
            return 0
        actions = self._lock_queued_letters(action_ids)
        if not actions:
            return 0
        Letters = self.env["report.debt_collection.report_collection_letter"].with_company(company)
        return len(Letters._render_letters(report, actions))

    @api.model
    def _lock_queued_letters(self, action_ids):
        """The letters among ``action_ids`` still queued (logged "scheduled", no PDF), locked
        for this transaction; those another job holds are left to it."""
        Action = self.env["debt.collection.action"]
        if not action_ids:
            return Action
        Action.flush_model(["channel", "result", "attachment_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM debt_collection_action
                 WHERE id IN %s AND channel = 'letter' AND result = 'scheduled'
                   AND attachment_id IS NULL
                 ORDER BY id
                   FOR NO KEY UPDATE SKIP LOCKED
                """,
                tuple(action_ids),
            )
        )
        actions = Action.browse([row[0] for row in self.env.cr.fetchall()])
        actions.invalidate_recordset()
        return actions
