"""Benchmark of the nightly collection run, side by side with OCA's account_credit_control.

Usage (with the suite's Python; see bench/README.md):

    python bench/run.py --sizes 10000,20000 [--skip-oca] [--skip-letters] [--workers 2]
                        [--db-prefix dc_bench_] [--pg-setting max_wal_size=8GB ...]

For each size it builds a portfolio once with setup/generate_portfolio.py, copies the database
with ``createdb -T`` so every contender starts from the same data, and measures, each in its own
process (so peak memory is per measurement):

- ours, cold: the first run, no case exists yet (letters are queued, not rendered);
- ours, N workers: the cold run on another copy, split between N processes that start their
  runs together once all have loaded Odoo (timed from then to the end of the last run),
  then compared record by record with the one-worker cold run (``collection_decisions`` of
  every company): "identical", or the differences (cases, actions, activities by type, letters
  queued) and the first debtors that differ;
- ours, letters: the letters cron rendering the first BENCH_LETTERS (200) queued letters;
- ours, idle: a second run with nothing changed;
- ours, incremental: after 1% of the invoices got paid and 5% of the cases reached their next step;
- OCA account_credit_control: ``credit.control.run.generate_credit_lines()`` on the same data
  (installed from PyPI into a bench-only folder, never a dependency of our addons).

Each measurement also gives the WAL the PostgreSQL server wrote during it and the checkpoints
it made (nothing else should run meanwhile). ``--pg-setting`` sets server settings that a
reload applies (``max_wal_size``, ``wal_compression``...) for the whole benchmark, with
``ALTER SYSTEM`` (the installer's role is a superuser), and resets them at the end.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from datetime import time as dt_time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DC_HOME = Path(
    os.environ.get("DEBT_COLLECTION_HOME")
    or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local/share") / "debt-collection"
)
VENV_PY = DC_HOME / "venv/bin/python"
BENCH_ADDONS = DC_HOME / "bench-addons"
OCA_REQUIREMENT = "odoo-addon-account-credit-control==18.0.*"
OUR_ADDONS = "debt_collection"
# invoices made (and some paid) through the ORM; the rest of a portfolio are SQL copies of them
ORM_INVOICES = 2000
BENCH_HTTP_PORT = 8269


def sh(*cmd, check=True, **kw):
    return subprocess.run([str(c) for c in cmd], check=check, **kw)


def addons_path():
    paths = [REPO, DC_HOME / "odoo/odoo/addons"]
    if (BENCH_ADDONS / "odoo/addons").is_dir():
        paths.append(BENCH_ADDONS / "odoo/addons")
    return ",".join(str(p) for p in paths)


def odoo_args(db):
    return [
        f"--addons-path={addons_path()}",
        f"--data-dir={DC_HOME / 'filestore'}",
        f"--database={db}",
        "--log-level=warn",
        "--no-http",
        "--max-cron-threads=0",
    ]


def db_exists(db):
    out = sh(
        "psql",
        "-d",
        "postgres",
        "-tAc",
        f"SELECT 1 FROM pg_database WHERE datname = '{db}'",
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() == "1"


def copy_db(src, dst):
    sh("dropdb", "--if-exists", "--force", dst)
    sh("createdb", "-T", src, dst)
    # the filestore holds letters and assets: copy it too, so the copy is complete
    src_fs, dst_fs = DC_HOME / "filestore/filestore" / src, DC_HOME / "filestore/filestore" / dst
    if src_fs.is_dir():
        sh("rm", "-rf", dst_fs)
        sh("cp", "-a", src_fs, dst_fs)
    settle_writes()


def settle_writes():
    """The copy's writes done before a measurement starts: PostgreSQL 15 copies a database
    through its WAL (gigabytes at a million invoices), so a checkpoint, then the system's
    dirty pages written out; otherwise the first minutes of the next measurement share the
    disk and the cores with them."""
    sh("psql", "-q", "-d", "postgres", "-c", "CHECKPOINT")
    sh("sync")


def ensure_oca_addon():
    if (BENCH_ADDONS / "odoo/addons/account_credit_control").is_dir():
        return
    sh(
        VENV_PY,
        "-m",
        "pip",
        "install",
        "-q",
        "--no-deps",
        "--target",
        BENCH_ADDONS,
        OCA_REQUIREMENT,
    )


def ensure_portfolio(size, seed, prefix):
    base, gen = f"{prefix}base", f"{prefix}gen_{size}"
    if not db_exists(base):
        sh(
            DC_HOME / "venv/bin/odoo",
            *odoo_args(base),
            "-i",
            OUR_ADDONS,
            "--without-demo=all",
            "--stop-after-init",
        )
    if not db_exists(gen):
        copy_db(base, gen)
        start = time.perf_counter()
        sh(
            VENV_PY,
            REPO / "setup/generate_portfolio.py",
            "-d",
            gen,
            "--invoices",
            size,
            "--seed",
            seed,
            "--orm-invoices",
            min(size, ORM_INVOICES),
            "--addons-path",
            addons_path(),
        )
        print(f"  generated {size} invoices in {time.perf_counter() - start:.0f} s", flush=True)
    else:
        # a kept portfolio gets the addons' current data (letter templates, crons)
        sh(
            DC_HOME / "venv/bin/odoo",
            *odoo_args(gen),
            "-u",
            OUR_ADDONS,
            "--stop-after-init",
        )
    return gen


CLOCK = ["--clock", "10:00"]


def wal_state():
    """(WAL bytes written so far, checkpoints so far) of the PostgreSQL server."""
    out = sh(
        "psql",
        "-d",
        "postgres",
        "-Atc",
        "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn,"
        " checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter",
        capture_output=True,
        text=True,
    )
    wal, checkpoints = out.stdout.strip().split("|")
    return int(float(wal)), int(checkpoints)


def set_pg_settings(settings, reset=False):
    """``ALTER SYSTEM`` the server's settings (name=value) and reload, or reset them: the
    installer's role is a superuser. Only settings a reload applies (max_wal_size,
    wal_compression, checkpoint_timeout...)."""
    for setting in settings:
        name, _sep, value = setting.partition("=")
        statement = (
            f"ALTER SYSTEM RESET {name}" if reset else f"ALTER SYSTEM SET {name} = '{value}'"
        )
        sh("psql", "-q", "-d", "postgres", "-c", statement)
    if settings:
        sh("psql", "-q", "-d", "postgres", "-Atc", "SELECT pg_reload_conf()")


def measure(db, what, extra=()):
    """Run one measurement in a child process; returns its JSON result, with the WAL the
    server wrote meanwhile and its checkpoints (nothing else should run)."""
    wal, checkpoints = wal_state()
    out = sh(
        VENV_PY,
        __file__,
        "--child",
        what,
        "--db",
        db,
        *CLOCK,
        *extra,
        capture_output=True,
        text=True,
    )
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1]
    result = json.loads(line)
    wal_after, checkpoints_after = wal_state()
    result["wal_mb"] = round((wal_after - wal) / 2**20, 1)
    result["checkpoints"] = checkpoints_after - checkpoints
    return result


def measure_workers(db, workers):
    """The cold run split between ``workers`` processes; the wall-clock time from the moment
    all of them have loaded Odoo (they wait for each other, as cron workers of a running
    server would not load anything) to the end of the last one's run, as the one-worker cold
    run is timed from its start to its end."""
    barrier = Path(tempfile.mkdtemp(prefix="dc_bench_"))
    procs = [
        subprocess.Popen(
            [VENV_PY, __file__, "--child", "cold", "--db", db, "--part", str(k)]
            + ["--parts", str(workers), "--barrier", str(barrier), *CLOCK],
            stdout=subprocess.PIPE,
            text=True,
        )
        for k in range(workers)
    ]
    while len(list(barrier.glob("ready-*"))) < workers:
        if any(proc.poll() is not None for proc in procs):
            break
        time.sleep(0.05)
    start = time.time()
    (barrier / "go").touch()
    results = []
    for proc in procs:
        out, _err = proc.communicate()
        if proc.returncode:
            raise RuntimeError(f"worker failed on {db}")
        results.append(json.loads([ln for ln in out.splitlines() if ln.startswith("{")][-1]))
    shutil.rmtree(barrier, ignore_errors=True)
    seconds = round(max(r["ended_at"] for r in results) - start, 3)
    # each worker counts the rows of the whole database: the last to finish saw them all
    created = {key: max(r["created"][key] for r in results) for key in results[0]["created"]}
    return {
        "what": f"cold x{workers}",
        "seconds": seconds,
        "worker_seconds": [r["seconds"] for r in results],
        "created": created,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
        "queries": sum(r.get("queries", 0) for r in results),
        "cpu_python": round(sum(r.get("cpu_python", 0) for r in results), 1),
        "cpu_postgres": round(sum(r.get("cpu_postgres", 0) for r in results), 1),
        "invoices_overdue": results[0]["invoices_overdue"],
    }


# ----------------------------------------------------------------------------------------------
# Child side: runs inside one process with the Odoo registry loaded
# ----------------------------------------------------------------------------------------------


def compare(db, against):
    """Company by company, the run's decisions on ``db`` against those on ``against`` (a copy
    of the same portfolio): "identical", or what differs (cases, actions, activities by type,
    letters queued) and the first debtors that differ."""
    import odoo

    odoo.tools.config.parse_config(odoo_args(db))
    decided = {}
    for name in (against, db):
        with odoo.modules.registry.Registry(name).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            from odoo.addons.debt_collection.tools.run_decisions import (
                collection_decisions,
                decision_differences,
            )

            types = {t.id: t.name for t in env["mail.activity.type"].search([])}
            decided[name] = {
                company.name: collection_decisions(env, company)
                for company in env["res.company"].search([])
            }
    result = {"what": "compare", "identical": True, "companies": {}}
    for company in sorted(set(decided[against]) | set(decided[db])):
        one, two = decided[against].get(company, {}), decided[db].get(company, {})
        keys = set(one) | set(two)
        differing = sum(one.get(key) != two.get(key) for key in keys)
        result["companies"][company] = {
            "identical": not differing,
            "one": _summary(one, types),
            "two": _summary(two, types),
            "debtors_differing": differing,
            "differences": decision_differences(one, two, limit=10),
        }
        result["identical"] = result["identical"] and not differing
    print(json.dumps(result))


def _summary(decisions, types):
    """Totals of one company's decisions: cases, actions, activities by type, letters queued."""
    activities = {}
    for _case, _actions, case_activities in decisions.values():
        for type_id, _user, count in case_activities:
            name = types.get(type_id, str(type_id))
            activities[name] = activities.get(name, 0) + count
    actions = [action for _case, case_actions, _ in decisions.values() for action in case_actions]
    # an action is (stage, channel, result, tone, deadline, has attachment)
    queued = sum(a[1] == "letter" and a[2] == "scheduled" and not a[5] for a in actions)
    return {
        "cases": len(decisions),
        "actions": len(actions),
        "activities": dict(sorted(activities.items())),
        "letters_queued": queued,
    }


def fix_clock(clock):
    """The run's "now" at ``clock`` (UTC) of today, as bench/gate.py does: the regimes' contact
    windows (Spain, Italy, Mexico...) otherwise hold a share of the steps that depends on the
    hour the benchmark is run at (at 00:00 UTC, 25,000 of the 27,000 first steps at 100,000)."""
    if not clock:
        return
    import odoo

    hour, minute = (int(x) for x in clock.split(":"))
    fixed = datetime.combine(date.today(), dt_time(hour, minute))
    odoo.fields.Datetime.now = staticmethod(lambda *args: fixed)


def open_registry(db, clock):
    """Odoo's registry of ``db`` in this process, its clock fixed at ``clock`` (``fix_clock``):
    what the scripts that measure one statement of the run (explain, profile_run, link_table)
    start from."""
    import odoo

    fix_clock(clock)
    odoo.tools.config.parse_config(odoo_args(db))
    return odoo.modules.registry.Registry(db)


def child(what, db, part=0, parts=1, clock=None, barrier=None):
    import odoo

    fix_clock(clock)
    args = odoo_args(db)
    if what == "letters":
        # wkhtmltopdf fetches the letters' styles from Odoo over HTTP, as in production
        args = [a for a in args if a != "--no-http"] + [f"--http-port={BENCH_HTTP_PORT}"]
    odoo.tools.config.parse_config(args)
    registry = odoo.modules.registry.Registry(db)
    result = {"what": what}
    if what == "letters":
        import odoo.service.server

        odoo.service.server.ThreadedServer(odoo.http.root).http_spawn()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        counts_before = _counts(env)
        # as the crons run: committing each finished batch
        Run = env["debt.collection.run"].with_context(debt_collection_commit=True)
        if barrier:
            # the other workers load Odoo too: start together
            (Path(barrier) / f"ready-{part}").touch()
            while not (Path(barrier) / "go").exists():
                time.sleep(0.01)
        queries = odoo.sql_db.sql_counter
        cpu = _cpu_seconds(cr)
        start = time.perf_counter()
        if what in ("cold", "idle", "incremental"):
            Run._cron_run(part=part, parts=parts)
        elif what == "letters":
            env["ir.config_parameter"].set_param(
                "report.url", f"http://127.0.0.1:{BENCH_HTTP_PORT}"
            )
            cr.commit()
            queries = odoo.sql_db.sql_counter
            start = time.perf_counter()
            limit = int(os.environ.get("BENCH_LETTERS", "200"))
            result["letters"] = Run._cron_render_letters(limit=limit)
        elif what == "views":
            result["views"] = _views(env)
        elif what == "mutate":
            _mutate(env)
        elif what == "oca":
            _oca_run(env)
        env.flush_all()
        cr.commit()
        result["seconds"] = round(time.perf_counter() - start, 3)
        result["ended_at"] = time.time()
        # CPU seconds of this process and of its PostgreSQL backend: how much of the two cores
        # a run keeps busy (what several workers can gain on this machine)
        spent = _cpu_seconds(cr)
        result["cpu_python"] = round(spent[0] - cpu[0], 1)
        result["cpu_postgres"] = round(spent[1] - cpu[1], 1)
        # SQL statements sent by this process (not noisy, unlike the seconds)
        result["queries"] = odoo.sql_db.sql_counter - queries
        counts_after = _counts(env)
    result["created"] = {k: counts_after[k] - counts_before[k] for k in counts_after}
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["invoices_overdue"] = counts_after["overdue_invoices"]
    print(json.dumps(result))


def _cpu_seconds(cr):
    """(CPU seconds of this process, of the cursor's PostgreSQL backend) so far; the backend's
    is read from /proc (0 where PostgreSQL runs on another machine)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cr.execute("SELECT pg_backend_pid()")
    backend = 0.0
    try:
        fields_ = Path(f"/proc/{cr.fetchone()[0]}/stat").read_text().rsplit(")", 1)[1].split()
        backend = (int(fields_[11]) + int(fields_[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        pass
    return usage.ru_utime + usage.ru_stime, backend


def _views(env):
    """Server time of what the web client asks when a user opens the cases (default filter
    "In Progress"): the kanban grouped by stage, the list's first page and the pivot."""
    Case = env["debt.collection.case"]
    domain = [("is_closed", "=", False)]
    m2o = {"fields": {"display_name": {}}}
    list_spec = {
        "priority": {},
        "name": {},
        "partner_id": m2o,
        "creditor_id": m2o,
        "user_id": m2o,
        "stage_id": m2o,
        "next_stage_id": m2o,
        "next_action_date": {},
        "days_overdue": {},
        "amount_residual": {},
        "currency_id": m2o,
        "state": {},
        "activity_ids": {},
    }
    timings = {}

    def timed(name, call):
        env.invalidate_all()
        start = time.perf_counter()
        call()
        timings[name] = round(time.perf_counter() - start, 3)

    def kanban():
        groups = Case.web_read_group(domain, ["__count"], ["stage_id"], lazy=True)["groups"]
        for group in groups[:10]:
            Case.web_search_read(group["__domain"], list_spec, limit=40, count_limit=10001)

    timed("kanban", kanban)
    timed(
        "list",
        lambda: Case.web_search_read(domain, list_spec, limit=80, count_limit=10001),
    )
    timed(
        "pivot",
        lambda: Case.read_group(
            domain, ["amount_residual:sum", "__count"], ["user_id", "state"], lazy=False
        ),
    )
    # the consultant's work queue (first page, as a consultant opens it) and the recovery
    # report's pivot (recovered by consultant and month)
    m2o_ids = {"fields": {"display_name": {}}}
    timed(
        "queue",
        lambda: env["debt.collection.queue"].web_search_read(
            [],
            {
                "case_id": m2o_ids,
                "partner_id": m2o_ids,
                "user_id": m2o_ids,
                "amount_residual": {},
                "days_overdue": {},
                "score": {},
                "reason": {},
            },
            limit=80,
            count_limit=10001,
        ),
    )
    timed(
        "recovery",
        lambda: env["debt.collection.recovery"].read_group(
            [], ["amount:sum"], ["user_id", "date:month"], lazy=False
        ),
    )
    return timings


def _counts(env):
    cr = env.cr
    counts = {}
    for key, table in (
        ("cases", "debt_collection_case"),
        ("actions", "debt_collection_action"),
        ("activities", "mail_activity"),
        ("attachments", "ir_attachment"),
        ("mails", "mail_mail"),
        ("credit_lines", "credit_control_line"),
    ):
        cr.execute("SELECT to_regclass(%s)", [table])
        if cr.fetchone()[0]:
            cr.execute(f"SELECT count(*) FROM {table}")
            counts[key] = cr.fetchone()[0]
        else:
            counts[key] = 0
    cr.execute(
        "SELECT count(*) FROM account_move WHERE move_type = 'out_invoice' AND state = 'posted'"
        " AND payment_state IN ('not_paid', 'partial') AND invoice_date_due < CURRENT_DATE"
    )
    counts["overdue_invoices"] = cr.fetchone()[0]
    return counts


def _mutate(env):
    """1% of the overdue invoices get paid in full; 5% of the open cases reach their next step."""
    import random

    from odoo import fields

    rng = random.Random(7)
    invoices = env["account.move"].search(
        [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", fields.Date.today()),
        ]
    )
    paid = invoices.browse(rng.sample(invoices.ids, max(1, len(invoices) // 100)))
    # as the bank's receipts of the day: entries of 500 lines reconciled with the invoices (the
    # payment wizard, one payment per invoice, took more than ten minutes at 1,000,000)
    sys.path.insert(0, str(REPO / "setup"))
    from generate_portfolio import book_receipts

    for company in paid.company_id:
        journal = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        mine = paid.filtered(lambda move, company=company: move.company_id == company)
        book_receipts(
            env, journal, fields.Date.today(), [(move, move.amount_residual) for move in mine]
        )
    cases = env["debt.collection.case"].search(
        [("is_closed", "=", False), ("next_action_date", ">", fields.Date.today())]
    )
    due = cases.browse(rng.sample(cases.ids, max(1, len(cases) // 20)))
    due.write({"next_action_date": fields.Date.today()})


def _oca_run(env):
    from odoo import fields

    policy = env.ref("account_credit_control.credit_control_3_time", raise_if_not_found=False)
    if not policy:
        policy = env["credit.control.policy"].search([], limit=1)
    accounts = env["account.account"].search([("account_type", "=", "asset_receivable")])
    policy.write({"account_ids": [(6, 0, accounts.ids)]})
    for company in env["res.company"].search([]):
        company.credit_policy_id = policy
    env["res.partner"].search([]).write({"credit_policy_id": policy.id})
    run = env["credit.control.run"].create({"date": fields.Date.today()})
    run.generate_credit_lines()


# ----------------------------------------------------------------------------------------------


def _print_comparison(comparison, workers):
    """Print, company by company, "identical" or what differs; returns the verdict."""
    for company, c in comparison["companies"].items():
        if c["identical"]:
            print(f"  {company}: identical ({_totals(c['one'])})", flush=True)
            continue
        print(f"  {company}: {c['debtors_differing']} debtors differ", flush=True)
        print(f"    1 worker:  {_totals(c['one'])}", flush=True)
        print(f"    {workers} workers: {_totals(c['two'])}", flush=True)
        for line in c["differences"]:
            print(f"    {line}", flush=True)
    return "identical" if comparison["identical"] else "DIFFERENT"


def _totals(summary):
    activities = ", ".join(f"{k} {v}" for k, v in summary["activities"].items())
    return (
        f"cases {summary['cases']}, actions {summary['actions']}, activities: {activities};"
        f" letters queued {summary['letters_queued']}"
    )


class Rows(list):
    """The rows of one size, each printed as soon as it is measured (a run of a million
    invoices may be stopped before the table at the end)."""

    def append(self, row):
        label, r = row
        print(
            f"  {label}: {r['seconds']:.2f} s, {r.get('queries', '')} SQL,"
            f" {r['peak_rss_mb']} MB, CPU {r.get('cpu_python', '')} s Python"
            f" + {r.get('cpu_postgres', '')} s PostgreSQL, created {r['created']}",
            flush=True,
        )
        super().append(row)


def bench(size, args):
    print(f"== {size} invoices", flush=True)
    gen = ensure_portfolio(size, args.seed, args.db_prefix)
    # contact hours all day, every day: what the run decides must not depend on when it is run
    sh(
        "psql",
        "-q",
        "-d",
        gen,
        "-c",
        "UPDATE res_company SET collection_hour_from = 0, collection_hour_to = 24,"
        " collection_contact_sunday = true",
    )
    rows = Rows()
    ours = f"{args.db_prefix}ours_{size}"
    copy_db(gen, ours)
    cold = measure(ours, "cold")
    rows.append(("ours: cold run (decisions, steps, letters queued)", cold))
    if args.workers > 1:
        # on a copy of the same portfolio, compared before the later measurements change ours
        split = f"{args.db_prefix}split_{size}"
        copy_db(gen, split)
        try:
            result = measure_workers(split, args.workers)
        except RuntimeError as error:
            print(f"  {error}", flush=True)
            return rows
        result["decisions"] = measure(split, "compare", ["--against", ours])
        same = _print_comparison(result["decisions"], args.workers)
        each = " / ".join(f"{s:.1f}" for s in result["worker_seconds"])
        label = f"ours: cold run, {args.workers} workers (each {each} s), decisions {same}"
        rows.append((label, result))
    if not args.skip_letters:
        letters = measure(ours, "letters")
        rows.append(
            (f"ours: {letters.get('letters', 0)} letters rendered (letters cron)", letters)
        )
    rows.append(("ours: idle re-run", measure(ours, "idle")))
    measure(ours, "mutate")
    rows.append(("ours: after 1% paid, 5% due", measure(ours, "incremental")))
    views = measure(ours, "views")
    label = ", ".join(f"{k} {v:.2f} s" for k, v in views["views"].items())
    rows.append((f"back office, cases in progress: {label}", views))
    if not args.skip_oca and str(size) in args.oca_sizes.split(","):
        ensure_oca_addon()
        oca_db = f"{args.db_prefix}oca_{size}"
        copy_db(gen, oca_db)
        sh(
            DC_HOME / "venv/bin/odoo",
            *odoo_args(oca_db),
            "-i",
            "account_credit_control",
            "--without-demo=all",
            "--stop-after-init",
        )
        rows.append(("OCA account_credit_control run", measure(oca_db, "oca")))
    return rows


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="20000", help="comma-separated invoice counts")
    parser.add_argument("--seed", default="42")
    parser.add_argument("--skip-oca", action="store_true")
    parser.add_argument("--skip-letters", action="store_true")
    parser.add_argument(
        "--oca-sizes", default="10000,20000,100000", help="sizes at which OCA runs too"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="also run the cold run split in N workers"
    )
    parser.add_argument("--db-prefix", default="dc_bench_", help="prefix of the databases made")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--against", help=argparse.SUPPRESS)
    parser.add_argument("--part", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--parts", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--barrier", help=argparse.SUPPRESS)
    parser.add_argument(
        "--clock",
        default="10:00",
        help="the runs' clock (UTC, today) in HH:MM; empty for the real time",
    )
    parser.add_argument(
        "--pg-setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a PostgreSQL server setting for the measurements (ALTER SYSTEM, reset after),"
        " e.g. max_wal_size=8GB",
    )
    args = parser.parse_args()
    CLOCK[1:] = [args.clock]
    if args.child == "compare":
        return compare(args.db, args.against)
    if args.child:
        return child(args.child, args.db, args.part, args.parts, args.clock, args.barrier)
    set_pg_settings(args.pg_setting)
    try:
        return report(args)
    finally:
        set_pg_settings(args.pg_setting, reset=True)


def report(args):
    results = {}
    out = REPO / "bench/results"
    out.mkdir(exist_ok=True)
    path = out / f"results-{int(time.time())}.json"
    for size in [int(s) for s in args.sizes.split(",")]:
        results[size] = bench(size, args)
        path.write_text(json.dumps(results, indent=1))  # kept if a later size fails
    print()
    print(
        "| invoices | measurement | seconds | ms/overdue invoice | created | SQL queries"
        " | peak RSS MB | WAL MB | checkpoints |"
    )
    print("|---:|---|---:|---:|---|---:|---:|---:|---:|")
    for size, rows in results.items():
        for label, r in rows:
            per = 1000 * r["seconds"] / max(r["invoices_overdue"], 1)
            created = ", ".join(f"{k} {v}" for k, v in r["created"].items() if v)
            cells = [str(size), label, f"{r['seconds']:.2f}", f"{per:.2f}", created]
            cells.append(str(r.get("queries", "")))
            cells += [
                str(r["peak_rss_mb"]),
                str(r.get("wal_mb", "")),
                str(r.get("checkpoints", "")),
            ]
            print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
