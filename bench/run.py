"""Benchmark of the nightly collection run, side by side with OCA's account_credit_control.

Usage (with the suite's Python; see bench/README.md):

    python bench/run.py --sizes 10000,20000 [--skip-oca] [--workers 2]

For each size it builds a portfolio once with setup/generate_portfolio.py, copies the database
with ``createdb -T`` so every contender starts from the same data, and measures, each in its own
process (so peak memory is per measurement):

- ours, cold: the first run, no case exists yet (letters are queued, not rendered);
- ours, letters: the letters cron rendering the first BENCH_LETTERS (200) queued letters;
- ours, idle: a second run with nothing changed;
- ours, incremental: after 1% of the invoices got paid and 5% of the cases reached their next step;
- OCA account_credit_control: ``credit.control.run.generate_credit_lines()`` on the same data
  (installed from PyPI into a bench-only folder, never a dependency of our addons).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
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


def ensure_portfolio(size, seed):
    base, gen = "dc_bench_base", f"dc_bench_gen_{size}"
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
    return gen


def measure(db, what, extra=()):
    """Run one measurement in a child process; returns its JSON result."""
    out = sh(
        VENV_PY, __file__, "--child", what, "--db", db, *extra, capture_output=True, text=True
    )
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1]
    return json.loads(line)


# ----------------------------------------------------------------------------------------------
# Child side: runs inside one process with the Odoo registry loaded
# ----------------------------------------------------------------------------------------------


def child(what, db):
    import odoo

    odoo.tools.config.parse_config(odoo_args(db))
    registry = odoo.modules.registry.Registry(db)
    result = {"what": what}
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        counts_before = _counts(env)
        start = time.perf_counter()
        if what in ("cold", "idle", "incremental"):
            env["debt.collection.case"]._cron_run()
        elif what == "letters":
            limit = int(os.environ.get("BENCH_LETTERS", "200"))
            result["letters"] = env["debt.collection.case"]._cron_render_letters(limit=limit)
        elif what == "mutate":
            _mutate(env)
        elif what == "oca":
            _oca_run(env)
        env.flush_all()
        cr.commit()
        result["seconds"] = round(time.perf_counter() - start, 3)
        counts_after = _counts(env)
    result["created"] = {k: counts_after[k] - counts_before[k] for k in counts_after}
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["invoices_overdue"] = counts_after["overdue_invoices"]
    print(json.dumps(result))


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
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=paid.ids
    ).create({"group_payment": False})._create_payments()
    cases = env["debt.collection.case"].search([("is_closed", "=", False)])
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


def bench(size, args):
    print(f"== {size} invoices", flush=True)
    gen = ensure_portfolio(size, args.seed)
    rows = []
    ours = f"dc_bench_ours_{size}"
    copy_db(gen, ours)
    cold = measure(ours, "cold")
    letters = measure(ours, "letters")
    idle = measure(ours, "idle")
    measure(ours, "mutate")
    incremental = measure(ours, "incremental")
    rows += [
        ("ours: cold run (decisions, steps, letters queued)", cold),
        (f"ours: {letters.get('letters', 0)} letters rendered (letters cron)", letters),
        ("ours: idle re-run", idle),
        ("ours: after 1% paid, 5% due", incremental),
    ]
    if not args.skip_oca:
        ensure_oca_addon()
        oca_db = f"dc_bench_oca_{size}"
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
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.db)
    results = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        results[size] = bench(size, args)
    print()
    print("| invoices | measurement | seconds | ms/overdue invoice | created | peak RSS MB |")
    print("|---:|---|---:|---:|---|---:|")
    for size, rows in results.items():
        for label, r in rows:
            per = 1000 * r["seconds"] / max(r["invoices_overdue"], 1)
            created = ", ".join(f"{k} {v}" for k, v in r["created"].items() if v)
            cells = [str(size), label, f"{r['seconds']:.2f}", f"{per:.2f}", created]
            print("| " + " | ".join(cells) + f" | {r['peak_rss_mb']} |")
    out = REPO / "bench/results"
    out.mkdir(exist_ok=True)
    (out / f"results-{int(time.time())}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    sys.exit(main())
