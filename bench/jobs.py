"""Benchmark of the work spread over queue_job's workers (issue 30; not a timed test).

    ~/.local/share/debt-collection/venv/bin/python bench/jobs.py --rows 100000 \
        --letters 400 --invoices 100000 --workers 1,2

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
  part jobs, then the decisions of the jobs compared with the one-process run record by record.

Results are printed and written as JSON to ``bench/results/jobs-<date>-<time>.json``.
"""

import argparse
import base64
import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import agency  # the portfolio file and the mandate of the import benchmark

REPO = agency.REPO
HOME = agency.HOME
DB = "dc_bench_jobs"
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


def measure_import(jw, rows, workers):
    """The whole import of ``rows`` rows: in the wizard's transaction (workers 0) or placed by
    ``workers`` job workers."""
    db = f"{DB}_import_{workers}"
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
        with jw.environment(db) as env:
            wizard = env["debt.collection.import"].search([], order="id desc", limit=1)
            start, cpu = time.perf_counter(), _cpu()
            wizard.action_import()
            env.cr.commit()
            checked = time.perf_counter() - start
            batch_id = wizard.batch_id.id
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


def measure_run(jw, invoices, workers):
    """The cold run of the portfolio: in one process (workers 0) or as ``workers`` part jobs;
    returns the time and the decisions."""
    from odoo.addons.debt_collection.tools.run_decisions import collection_decisions

    db = f"{DB}_run_{workers}"
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
        with jw.environment(db) as env:
            env["res.company"].search([]).collection_run_parts = workers
            start, cpu = time.perf_counter(), _cpu()
            env["debt.collection.run"]._cron_run()
        states, _peaks = _wait(jw, db, server)
        seconds = time.perf_counter() - start
        cores = _cores_busy(cpu)
    with jw.environment(db) as env:
        decisions = {c.id: collection_decisions(env, c) for c in env["res.company"].search([])}
    result = {"seconds": round(seconds, 1), "cores_busy": cores, "jobs": states}
    return db, result, decisions


def measure_letters(jw, run_db, letters, workers):
    """The first ``letters`` letters the cold run queued, rendered in one process (workers 0)
    or as one job per batch on ``workers`` job workers."""
    from odoo.tools import SQL

    db = f"{DB}_letters_{workers}"
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
            start, cpu = time.perf_counter(), _cpu()
            done = env["debt.collection.run"].with_context(debt_collection_commit=True)
            done = done._cron_render_letters()
            env.cr.commit()
            enqueued = time.perf_counter() - start
        states, _peaks = _wait(jw, db, server)
        seconds = time.perf_counter() - start
        cores = _cores_busy(cpu)
    with jw.environment(db) as env:
        rendered = env["debt.collection.action"].search_count(
            [("channel", "=", "letter"), ("attachment_id", "!=", False)]
        )
    jw.drop_database(db)
    return {
        "seconds": round(seconds, 1),
        "enqueued_seconds": round(enqueued, 1),
        "cores_busy": cores,
        "rendered": rendered,
        "jobs": states,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--invoices", type=int, default=100000)
    parser.add_argument("--letters", type=int, default=400)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--skip", default="", help="import,run,letters")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    agency.build_database(DB, "debt_collection_queue")
    jw = odoo_setup()
    results = {"date": datetime.now().isoformat(timespec="seconds"), "args": vars(args)}
    if "import" not in skip:
        for count in [0, *workers]:
            key = f"import {args.rows} rows, {count or 'no'} job workers"
            results[key] = measure_import(jw, args.rows, count)
            print(key, results[key], flush=True)
    if not {"run", "letters"} <= skip:
        run_db, results["cold run, one process"], one = measure_run(jw, args.invoices, 0)
        print("cold run, one process", results["cold run, one process"], flush=True)
        for count in workers:
            key = f"cold run of {args.invoices} invoices, {count} job workers"
            db, results[key], found = measure_run(jw, args.invoices, count)
            results[key]["identical_to_one_process"] = found == one
            print(key, results[key], flush=True)
            jw.drop_database(db)
        if "letters" not in skip:
            for count in [0, *workers]:
                key = f"letters {args.letters}, {count or 'no'} job workers"
                results[key] = measure_letters(jw, run_db, args.letters, count)
                print(key, results[key], flush=True)
        jw.drop_database(run_db)
    out = REPO / "bench/results"
    out.mkdir(exist_ok=True)
    path = out / f"jobs-{datetime.now():%Y%m%d-%H%M}.json"
    path.write_text(json.dumps(results, indent=2, default=str))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
