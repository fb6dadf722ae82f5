"""The agency's work as jobs of OCA's queue_job in the demo (with ``debt_collection_queue``).

The agency of the demo sets *Parts of the nightly run* to 2: its portfolio imports are placed
one job per chunk of rows, its nightly run is two jobs and its letters one job per batch, on
the ``root.collection`` channel. While the demo is built no job runner is running, so the jobs
the demo enqueues are performed here, one after the other, through queue_job's own ``Job``
(loaded, started, performed, done, stored), as a job worker of the served demo would: the
*Job Queue* app lists them done (*Queue > Jobs*), and once the demo is served, its nightly run
is enqueued and the server's job runner performs it.
"""

# the demo files are a few dozen rows: placed in chunks of this many, each chunk a job
DEMO_IMPORT_CHUNK = 10
DEMO_RUN_PARTS = 2


def jobs_installed(env):
    return "queue.job" in env and "collection_run_parts" in env["res.company"]._fields


def spread_over_jobs(company):
    """The company's run, letters and imports become jobs (nothing without the bridge)."""
    if jobs_installed(company.env):
        company.collection_run_parts = DEMO_RUN_PARTS


def import_context(env):
    """The import wizard's context: chunks small enough that a demo file makes several."""
    return {"debt_collection_import_chunk": DEMO_IMPORT_CHUNK} if jobs_installed(env) else {}


def perform_jobs(env, log=None):
    """Perform every pending job, those the performed ones enqueue included (the count of an
    import's chunks), as a job worker would; returns how many were performed."""
    if not jobs_installed(env):
        return 0
    # imported here: the addons path is set once Odoo's configuration is parsed
    from odoo.addons.queue_job.job import Job

    performed = 0
    while True:
        pending = env["queue.job"].sudo().search([("state", "=", "pending")], order="id")
        if not pending:
            break
        for uuid in pending.mapped("uuid"):
            job = Job.load(env, uuid)
            job.set_started()
            job.store()
            # a run part commits its batches on a cursor of its own: it reads what the demo
            # made so far
            env.cr.commit()
            job.perform()
            env.flush_all()
            job.set_done()
            job.store()
            env.cr.commit()
            performed += 1
            if log:
                log(f"    job done: {job.description}")
    return performed
