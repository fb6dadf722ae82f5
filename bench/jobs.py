"""Benchmark of the work spread over queue_job's workers (issue 30; not a timed test).

    ~/.local/share/debt-collection/venv/bin/python bench/jobs.py --rows 100000 \
        --letters 400 --invoices 100000 --workers 1,2 [--import-workers 0,2] [--faults]

Builds (once) a database ``dc_bench_jobs`` with debt_collection_queue (debt_collection and OCA's
queue_job), then measures, side by side in one run on the same data:

- **import N rows**: the portfolio of bench/agency.py through the import wizard, placed in the
  wizard's transaction (*Parts of the nightly run* 0, as without queue_job) and in one job per
  chunk on W job workers (an Odoo server in prefork mode with queue_job's runner, ``root`` and
  ``root.collection`` of capacity W, and W + 1 HTTP workers: one answers the other requests);
  the time is the whole file's, from the click to the last chunk placed; the peak memory of
  each process of the server is read from /proc;
- **letters**: L letters queued by a cold run, rendered by the letters cron in one process and
  as one job per batch on W workers;
- **cold run of N invoices**: the first run of a generated portfolio in one process and as W
  part jobs, then the decisions of the jobs compared with the one-process run record by record;
- with ``--faults``, each of the three again on 2 job workers, one of them killed (SIGKILL) as
  in debt_collection_queue's fault tests, while it waits on a table the benchmark holds locked:
  the import's worker before it writes its chunk's placements (its invoices made), a part's
  worker before it writes its steps, a letters worker before it marks its letters sent (their
  PDFs made). Each records its seconds, the seconds lost against the uninterrupted measurement
  on 2 workers of the same run (if measured) and that the killed job was run again
  (``killed_jobs_retried``); the import that every row was placed once and that its invoices
  were numbered one after the other, none twice and no gap; the run that its decisions are
  those of the one-process run but for the letters' rendering (another job); the letters that
  each was rendered, attached and sent (one message) once. queue_job's runner finds a killed
  job dead when it wakes, at the next notification of a job or after its 60 s select timeout
  (the benchmark, unlike the tests, does not wake it): ``killed_job_started_again_after_seconds``
  is how long after the kill the job was started again.

``--import-workers`` gives the worker counts of the import alone, 0 for one process (0 and
``--workers`` by default);
``--scratch`` the name the databases made and dropped start with (``dc_bench_jobs``), so that
a small run leaves a large one's alone.

Results are printed and written as JSON to ``bench/results/jobs-<date>-<time>.json``.
"""

import argparse
import base64
import json
import subprocess
import sys
import time
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import agency  # the portfolio file and the mandate of the import benchmark

REPO = agency.REPO
HOME = agency.HOME
DB = "dc_bench_jobs"
# the databases a measurement makes from DB and drops (--scratch: a small run beside a large one)
SCRATCH = DB
ADDONS_PATH = f"{REPO},{HOME}/odoo/odoo/addons"
ODOO_ARGS = [
    f"--addons-path={ADDONS_PATH}",
    f"--data-dir={HOME / 'filestore'}",
    # a part of a large run is one long request of a worker
    "--limit-time-real=3600",
    "--limit-time-cpu=3600",
]


def odoo_setup():
    import odoo

    odoo.tools.config.parse_config([*ODOO_ARGS, f"--database={DB}", "--log-level=warn"])
    from odoo.addons.debt_collection_queue.tests import job_workers

    return job_workers


def _cpu():
    """(busy, all) clock ticks of the machine's CPUs so far (/proc/stat)."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return sum(ticks) - idle, sum(ticks)


def _cores_busy(start):
    """How many of the machine's cores were busy, on average, since ``start`` (``_cpu()``)."""
    busy, total = (now - then for now, then in zip(_cpu(), start, strict=True))
    cores = len(
        [
            line
            for line in Path("/proc/stat").read_text().split("\n")
            if line[:3] == "cpu" and line[3:4].isdigit()
        ]
    )
    return round(busy / total * cores, 2) if total else 0.0


def _worker_peaks(server, peaks):
    """Peak resident memory (MB) of each of the server's processes seen so far."""
    for pid in server.worker_pids():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks[pid] = max(peaks.get(pid, 0), int(line.split()[1]) / 1024)
    return peaks


def _wait(jw, db, server):
    peaks = {}
    while True:
        _worker_peaks(server, peaks)
        try:
            return jw.wait_for_jobs(db, timeout=0), peaks
        except AssertionError:
            time.sleep(0.25)


def _parts(env, workers):
    env.company.collection_run_parts = workers


def _locked(jw, db, table, kill):
    """The table locked against writes while a worker is killed (``kill``), else nothing."""
    return jw.table_locked(db, table) if kill else nullcontext()


def _kill(jw, server, table):
    """SIGKILL the worker waiting to write ``table``; returns when (UTC, as queue_job's dates)."""
    jw.kill_worker_waiting_on(server, table, timeout=1800)
    return datetime.now(UTC).replace(tzinfo=None)


def _retried(env, method, killed_at):
    """How many jobs of ``method`` were run more than once (a killed job found dead), and how
    long after the kill the last of them was started again (queue_job's runner finds a dead job
    when it wakes: at a job's notification, or after 60 s)."""
    jobs = env["queue.job"].search([("retry", ">", 1), ("method_name", "=", method)])
    started = max(jobs.mapped("date_started"), default=None)
    return {
        "killed_jobs_retried": len(jobs),
        "killed_job_started_again_after_seconds": round((started - killed_at).total_seconds(), 1)
        if started
        else None,
    }


def measure_import(jw, rows, workers, kill=False):
    """The whole import of ``rows`` rows: in the wizard's transaction (workers 0) or placed by
    ``workers`` job workers; with ``kill``, the worker placing a chunk killed (SIGKILL) while it
    waits to write the chunk's placements, its invoices made and not committed."""
    db = f"{SCRATCH}_import_{workers}{'_killed' if kill else ''}"
    jw.copy_database(DB, db)
    content = agency.portfolio_csv(rows)
    with jw.environment(db) as env:
        agency._prepare(env)
        _parts(env, workers)
        mandate = agency._mandate(env, f"Bench creditor {rows}")
        wizard = env["debt.collection.import"].create(
            {"mandate_id": mandate.id, "file": base64.b64encode(content), "file_name": "b.csv"}
        )
        env.cr.commit()
        if not workers:
            start, cpu = time.perf_counter(), _cpu()
            wizard.action_import()
            env.flush_all()
            env.cr.commit()
            seconds = time.perf_counter() - start
            result = {
                "seconds": round(seconds, 1),
                "placed": wizard.batch_id.placed_count,
                "cores_busy": _cores_busy(cpu),
            }
    if not workers:
        jw.drop_database(db)
        return result
    jw.release(db)
    with jw.JobServer(db, jobs=workers, odoo_args=ODOO_ARGS) as server:
        with _locked(jw, db, "debt_collection_placement", kill):
            with jw.environment(db) as env:
                wizard = env["debt.collection.import"].search([], order="id desc", limit=1)
                start, cpu = time.perf_counter(), _cpu()
                wizard.action_import()
                env.cr.commit()
                checked = time.perf_counter() - start
                batch_id = wizard.batch_id.id
            killed_at = kill and _kill(jw, server, "debt_collection_placement")
        states, peaks = _wait(jw, db, server)
        seconds = time.perf_counter() - start
        cores = _cores_busy(cpu)
    with jw.environment(db) as env:
        batch = env["debt.collection.import.batch"].browse(batch_id)
        result = {
            "seconds": round(seconds, 1),
            "cores_busy": cores,
            "checked_and_queued_seconds": round(checked, 1),
            "placed": len(batch.placement_ids),
            "rows_placed_twice": rows - len(set(batch.placement_ids.mapped("import_row"))),
            "jobs": states,
            "worker_peak_rss_mb": sorted(round(mb) for mb in peaks.values()),
        }
        if kill:
            moves = batch.placement_ids.move_id
            numbers = sorted(moves.mapped("sequence_number"))
            result.update(
                {
                    "invoices": len(moves),
                    # the chunks numbered their invoices one after the other: none twice, no gap
                    "invoice_numbers_gapless": (
                        len(set(moves.mapped("sequence_prefix"))) == 1
                        and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
                    )
                    if numbers
                    else False,
                    # Odoo's marker of a move whose previous number is missing
                    "invoices_marked_gap": len(moves.filtered("made_sequence_gap")),
                    **_retried(env, "_job_place", killed_at),
                }
            )
    jw.drop_database(db)
    return result


def _portfolio(jw, invoices):
    """A generated portfolio of ``invoices`` invoices, made once and kept."""
    db = f"{DB}_gen_{invoices}"
    exists = subprocess.run(
        ["psql", "-d", db, "-tAc", "select 1"], capture_output=True, check=False
    )
    if exists.returncode:
        jw.copy_database(DB, db)
        subprocess.run(
            [
                str(agency.PYTHON),
                str(REPO / "setup/generate_portfolio.py"),
                "-d",
                db,
                "--invoices",
                str(invoices),
                "--orm-invoices",
                str(min(invoices, 2000)),
                "--addons-path",
                ADDONS_PATH,
            ],
            check=True,
        )
    return db


def measure_run(jw, invoices, workers, kill=False):
    """The cold run of the portfolio: in one process (workers 0) or as ``workers`` part jobs;
    returns the time and the decisions. With ``kill``, a part's worker is killed (SIGKILL)
    while it waits to write its steps (debt_collection_action), its intake committed."""
    from odoo.addons.debt_collection.tools.run_decisions import collection_decisions

    db = f"{SCRATCH}_run_{workers}{'_killed' if kill else ''}"
    jw.copy_database(_portfolio(jw, invoices), db)
    if not workers:
        with jw.environment(db) as env:
            start, cpu = time.perf_counter(), _cpu()
            env["debt.collection.run"].with_context(debt_collection_commit=True)._cron_run()
            seconds = time.perf_counter() - start
            cores = _cores_busy(cpu)
            decisions = {c.id: collection_decisions(env, c) for c in env["res.company"].search([])}
        return db, {"seconds": round(seconds, 1), "cores_busy": cores}, decisions
    with jw.JobServer(db, jobs=workers, odoo_args=ODOO_ARGS) as server:
        # (the run only enqueues its parts here: it writes no step)
        with _locked(jw, db, "debt_collection_action", kill):
            with jw.environment(db) as env:
                env["res.company"].search([]).collection_run_parts = workers
                start, cpu = time.perf_counter(), _cpu()
                env["debt.collection.run"]._cron_run()
            killed_at = kill and _kill(jw, server, "debt_collection_action")
        states, _peaks = _wait(jw, db, server)
        seconds = time.perf_counter() - start
        cores = _cores_busy(cpu)
    with jw.environment(db) as env:
        decisions = {c.id: collection_decisions(env, c) for c in env["res.company"].search([])}
        retried = kill and _retried(env, "_job_run_part", killed_at)
    result = {"seconds": round(seconds, 1), "cores_busy": cores, "jobs": states}
    if kill:
        result.update(retried)
    return db, result, decisions


def measure_letters(jw, run_db, letters, workers, kill=False):
    """The first ``letters`` letters the cold run queued, rendered in one process (workers 0)
    or as one job per batch on ``workers`` job workers; with ``kill``, a worker is killed
    (SIGKILL) while it waits to mark its letters sent, their PDFs made and not committed."""
    from odoo.tools import SQL

    db = f"{SCRATCH}_letters_{workers}{'_killed' if kill else ''}"
    jw.copy_database(run_db, db)
    with jw.JobServer(db, jobs=max(workers, 1), odoo_args=ODOO_ARGS) as server:
        with jw.environment(db) as env:
            env["ir.config_parameter"].set_param("report.url", f"http://127.0.0.1:{server.port}")
            # only the first ``letters`` stay queued
            queued = env["debt.collection.action"].search(
                [("channel", "=", "letter"), ("result", "=", "scheduled")], order="id"
            )
            # (the action log is written by the engine alone: set aside in SQL, bench only)
            if queued[letters:]:
                env.cr.execute(
                    SQL(
                        "UPDATE debt_collection_action SET result = 'skipped' WHERE id IN %s",
                        tuple(queued[letters:].ids),
                    )
                )
            env["res.company"].search([]).collection_run_parts = workers
            env.cr.commit()
            letter_ids = queued[:letters].ids
            # (with jobs the letters are only enqueued here: no letter is written)
            with _locked(jw, db, "debt_collection_action", kill):
                start, cpu = time.perf_counter(), _cpu()
                done = env["debt.collection.run"].with_context(debt_collection_commit=True)
                done = done._cron_render_letters()
                env.cr.commit()
                enqueued = time.perf_counter() - start
                killed_at = kill and _kill(jw, server, "debt_collection_action")
        states, _peaks = _wait(jw, db, server)
        seconds = time.perf_counter() - start
        cores = _cores_busy(cpu)
    with jw.environment(db) as env:
        rendered = env["debt.collection.action"].search_count(
            [("channel", "=", "letter"), ("attachment_id", "!=", False)]
        )
        if kill:
            once = _letters_once(env, letter_ids)
            once.update(_retried(env, "_job_render_letters", killed_at))
    jw.drop_database(db)
    result = {
        "seconds": round(seconds, 1),
        "enqueued_seconds": round(enqueued, 1),
        "cores_busy": cores,
        "rendered": rendered,
        "jobs": states,
    }
    if kill:
        result.update(once)
    return result


def _letters_once(env, letter_ids):
    """Whether each letter of ``letter_ids`` was rendered, attached and sent once (as the fault
    test checks)."""
    letters = env["debt.collection.action"].browse(letter_ids)
    pdfs = env["ir.attachment"].search_count(
        [
            ("res_model", "=", "debt.collection.case"),
            ("res_id", "in", letters.case_id.ids),
            ("mimetype", "=", "application/pdf"),
        ]
    )
    # each letter in one message: e-mailed with its cover, or a note to post it
    messages = env["mail.message"].search_count(
        [("attachment_ids", "in", letters.attachment_id.ids)]
    )
    return {
        "letters": len(letters),
        "letters_left_queued_or_failed": len(
            letters.filtered(lambda letter: letter.result in ("scheduled", "failed"))
        ),
        "letters_attached": len(letters.attachment_id),
        "letter_pdfs": pdfs,
        "letter_messages": messages,
        "each_letter_once": len(letters.attachment_id) == pdfs == messages == len(letters),
    }


# the job workers of the fault measurements, one of them killed
FAULT_WORKERS = 2


def _lost(result, results, key):
    """The seconds a killed worker cost against the uninterrupted measurement ``key``."""
    if key in results:
        result["seconds_lost"] = round(result["seconds"] - results[key]["seconds"], 1)
    return result


def _decisions_identical(one, found):
    """The decisions of a run with a killed worker against the one-process run's, but for
    whether a letter was rendered yet (the letters are another job): the differences."""
    from odoo.addons.debt_collection.tools.run_decisions import decision_differences
    from odoo.addons.debt_collection_queue.tests.test_job_worker_faults import (
        _without_letters,
    )

    return [
        difference
        for company in sorted(set(one) | set(found))
        for difference in decision_differences(
            _without_letters(one.get(company, {})), _without_letters(found.get(company, {}))
        )
    ]


def measure_faults_import(jw, rows, results):
    key = f"import {rows} rows, {FAULT_WORKERS} job workers, one killed"
    result = measure_import(jw, rows, FAULT_WORKERS, kill=True)
    result["placed_all"] = result["placed"] == rows
    results[key] = _lost(result, results, f"import {rows} rows, {FAULT_WORKERS} job workers")
    print(key, results[key], flush=True)


def measure_faults_run(jw, invoices, one, results):
    key = f"cold run of {invoices} invoices, {FAULT_WORKERS} job workers, one killed"
    db, result, found = measure_run(jw, invoices, FAULT_WORKERS, kill=True)
    jw.drop_database(db)
    differences = _decisions_identical(one, found)
    result["identical_to_one_process"] = not differences
    result["differences"] = differences[:20]
    uninterrupted = f"cold run of {invoices} invoices, {FAULT_WORKERS} job workers"
    results[key] = _lost(result, results, uninterrupted)
    print(key, results[key], flush=True)


def measure_faults_letters(jw, run_db, letters, results):
    key = f"letters {letters}, {FAULT_WORKERS} job workers, one killed"
    result = measure_letters(jw, run_db, letters, FAULT_WORKERS, kill=True)
    results[key] = _lost(result, results, f"letters {letters}, {FAULT_WORKERS} job workers")
    print(key, results[key], flush=True)


def main():
    global SCRATCH
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--invoices", type=int, default=100000)
    parser.add_argument("--letters", type=int, default=400)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument(
        "--import-workers",
        default=None,
        help="the import's worker counts, 0 for one process (default: 0 and --workers)",
    )
    parser.add_argument(
        "--faults",
        action="store_true",
        help=f"also on {FAULT_WORKERS} job workers with one killed mid-import, -run and -letters",
    )
    parser.add_argument(
        "--scratch", default=DB, help="the name the databases made and dropped start with"
    )
    parser.add_argument("--skip", default="", help="import,run,letters")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    # the import in one process (0) too, unless --import-workers says which
    import_workers = (
        [int(w) for w in args.import_workers.split(",")] if args.import_workers else [0, *workers]
    )
    skip = set(filter(None, args.skip.split(",")))
    SCRATCH = args.scratch
    agency.build_database(DB, "debt_collection_queue")
    jw = odoo_setup()
    results = {"date": datetime.now().isoformat(timespec="seconds"), "args": vars(args)}
    if "import" not in skip:
        for count in import_workers:
            key = f"import {args.rows} rows, {count or 'no'} job workers"
            results[key] = measure_import(jw, args.rows, count)
            print(key, results[key], flush=True)
        if args.faults:
            measure_faults_import(jw, args.rows, results)
    if not {"run", "letters"} <= skip:
        run_db, results["cold run, one process"], one = measure_run(jw, args.invoices, 0)
        print("cold run, one process", results["cold run, one process"], flush=True)
        for count in workers:
            key = f"cold run of {args.invoices} invoices, {count} job workers"
            db, results[key], found = measure_run(jw, args.invoices, count)
            results[key]["identical_to_one_process"] = found == one
            print(key, results[key], flush=True)
            jw.drop_database(db)
        if args.faults and "run" not in skip:
            measure_faults_run(jw, args.invoices, one, results)
        if "letters" not in skip:
            for count in [0, *workers]:
                key = f"letters {args.letters}, {count or 'no'} job workers"
                results[key] = measure_letters(jw, run_db, args.letters, count)
                print(key, results[key], flush=True)
            if args.faults:
                measure_faults_letters(jw, run_db, args.letters, results)
        jw.drop_database(run_db)
    out = REPO / "bench/results"
    out.mkdir(exist_ok=True)
    path = out / f"jobs-{datetime.now():%Y%m%d-%H%M}.json"
    path.write_text(json.dumps(results, indent=2, default=str))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
