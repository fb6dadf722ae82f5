"""Benchmark of the pre-due reminders (issue 27): what they add to the nightly run.

Usage (with the suite's Python; see bench/README.md):

    python bench/prereminder.py [--size 100000] [--due 20000] [--days 5] [--db-prefix dc_bench_]

It takes the portfolio of ``bench/run.py`` (``<prefix>gen_<size>``, built by
setup/generate_portfolio.py when missing), copies it, moves ``--due`` of its open invoices to fall
due within the next ``--days`` days (the rest stay overdue or paid), turns the reminder on for
every strategy (by e-mail, punctual payers left out), and times, in a child process, the run's
pre-due step (``debt.collection.prereminder._send_reminders``) for every company, committing per
batch as the cron does; then the same step again (nothing left to send) and with the reminder
off. The first figure is what the reminders add to a nightly run.
"""

import argparse
import json
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench_run


def child(db, due, days, today):
    import odoo

    odoo.tools.config.parse_config(bench_run.odoo_args(db))
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        # the invoices falling due in the window: open ones, in no case, spread over the days
        cr.execute(
            """
            WITH picked AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n FROM account_move
                 WHERE move_type = 'out_invoice' AND state = 'posted'
                   AND payment_state IN ('not_paid', 'partial') AND collection_case_id IS NULL
                 ORDER BY id LIMIT %s)
            UPDATE account_move m SET invoice_date_due = %s::date + (1 + picked.n %% %s)::int,
                   collection_prereminder_date = NULL
              FROM picked WHERE m.id = picked.id
            """,
            [due, today, days],
        )
        env["debt.collection.strategy"].search([]).write(
            {
                "prereminder_days": days,
                "prereminder_channel": "email",
                "prereminder_skip_punctual": True,
            }
        )
        cr.execute("ANALYZE account_move")
        cr.commit()
    results = {}
    for label in ("first", "again", "off"):
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"debt_collection_commit": True})
            if label == "off":
                env["debt.collection.strategy"].search([]).write({"prereminder_days": 0})
                cr.commit()
            # as bench/run.py: the companies' hours open all day, so that the figure does not
            # depend on the hour it is run at
            env["res.company"].search([]).write(
                {
                    "collection_hour_from": 0.0,
                    "collection_hour_to": 24.0,
                    "collection_contact_sunday": True,
                }
            )
            Reminders = env["debt.collection.prereminder"]
            run = env["debt.collection.run"]
            queries_before = cr.sql_log_count
            cpu, backend = bench_run._cpu_seconds(cr)
            start = time.perf_counter()
            sent = 0
            for company in env["res.company"].search([]):
                sent += Reminders.with_company(company)._send_reminders(
                    company, today, on_batch=run._batch_done
                )
            cr.commit()
            seconds = time.perf_counter() - start
            cpu_after, backend_after = bench_run._cpu_seconds(cr)
            results[label] = {
                "seconds": round(seconds, 2),
                "cpu_python": round(cpu_after - cpu, 2),
                "cpu_postgresql": round(backend_after - backend, 2),
                "sql": cr.sql_log_count - queries_before,
                "debtors_reminded": sent,
            }
        with registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM account_move WHERE collection_prereminder_date IS NOT NULL"
            )
            results[label]["invoices_marked"] = cr.fetchone()[0]
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(results))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--due", type=int, default=20000)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--seed", default="42")
    parser.add_argument("--db-prefix", default="dc_bench_")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--today", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.due, args.days, date.fromisoformat(args.today))
    gen = bench_run.ensure_portfolio(args.size, args.seed, args.db_prefix)
    db = f"{args.db_prefix}prereminder_{args.size}"
    bench_run.copy_db(gen, db)
    bench_run.sh(
        bench_run.DC_HOME / "venv/bin/odoo",
        *bench_run.odoo_args(db),
        "-u",
        bench_run.OUR_ADDONS,
        "--stop-after-init",
    )
    out = bench_run.sh(
        bench_run.VENV_PY,
        __file__,
        "--child",
        db,
        "--due",
        args.due,
        "--days",
        args.days,
        "--today",
        date.today().isoformat(),
        capture_output=True,
        text=True,
    )
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1]
    result = json.loads(line)
    print(json.dumps(result, indent=2))
    target = Path(__file__).resolve().parent / "results"
    target.mkdir(exist_ok=True)
    stamp = (date.today() + timedelta()).isoformat()
    (target / f"prereminder_{args.size}_{stamp}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
