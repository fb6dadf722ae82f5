"""Benchmark of the consultant's queue and the managers' dashboards (issue 16).

Usage (with the suite's Python; a portfolio made by bench/run.py, after its collection run):

    python bench/workspace.py [--source dc_bench_ours_100000] [--queue-cases 5000]

It copies the source database (``createdb -T``), updates ``debt_collection`` in the copy, then,
in a child process with the Odoo registry loaded:

- gives one consultant ``--queue-cases`` open cases (about a fifth of them with a call, visit
  or review due today, the rest waiting), and measures, as that consultant, what the web client
  asks when the queue opens (the list's first page and its count) and the "Next case" button;
- ages the open cases for two month ends (for the roll rates), and measures, as a manager,
  each dashboard's default pivot: recovered by consultant credited and month, recovery rate and
  cost to collect by month placed, strategy against strategy, promises kept by consultant and
  channel, roll rates by bucket, DSO by month, the case funnel, and the monthly summary.

Server time only (no browser), each read with an empty cache, best of three.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from run import DC_HOME, VENV_PY, copy_db, odoo_args, sh


def child(db, queue_cases):
    import odoo

    odoo.tools.config.parse_config(odoo_args(db))
    registry = odoo.modules.registry.Registry(db)
    result = {}
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env["res.company"].search([], limit=1)
        consultant, manager = _users(env, company)
        Case = env["debt.collection.case"]
        if not Case.search_count([("user_id", "=", consultant.id)]):
            print("  preparing the consultant's cases", file=sys.stderr, flush=True)
            _queue_cases(env, consultant, queue_cases)
            _age_two_months(env)
            env.flush_all()
            cr.commit()
            # as autovacuum would after such a batch: the planner's statistics
            cr.execute("ANALYZE")
            cr.commit()
        result["queue_cases"] = Case.search_count(
            [("user_id", "=", consultant.id), ("state", "not in", CLOSED)]
        )

        queue_env = env(user=consultant.id)
        Queue = queue_env["debt.collection.queue"]
        spec = {
            "score": {},
            "case_id": {"fields": {"display_name": {}}},
            "partner_id": {"fields": {"display_name": {}}},
            "reason": {},
            "amount_residual": {},
            "currency_id": {"fields": {}},
            "days_overdue": {},
            "days_since_contact": {},
            "stage_id": {"fields": {"display_name": {}}},
            "date_deadline": {},
            "score_detail": {},
        }
        domain = [("user_id", "=", consultant.id)]
        timings = {}

        def timed(name, call):
            print(f"  measuring {name}", file=sys.stderr, flush=True)
            best = None
            for _round in range(3):
                env.invalidate_all()
                queue_env.invalidate_all()
                start = time.perf_counter()
                value = call()
                seconds = time.perf_counter() - start
                best = seconds if best is None else min(best, seconds)
                cr.rollback()
            timings[name] = round(best, 3)
            return value

        page = timed(
            "queue: first page",
            lambda: Queue.web_search_read(domain, spec, limit=80, count_limit=10001),
        )
        result["queue_rows"] = page["length"]
        timed("queue: next case", lambda: Queue.action_next_case())
        mgr = env(user=manager.id)

        def pivot(model, groupby, measures):
            return lambda: mgr[model].read_group([], measures, groupby, lazy=False)

        timed(
            "recovered by consultant and month",
            pivot("debt.collection.recovery", ["worked_by_id", "date:month"], ["amount:sum"]),
        )
        timed(
            "recovery rate, cost by month placed",
            pivot(
                "debt.collection.case.report",
                ["date_open:month"],
                [
                    "case_count:sum",
                    "amount_placed:sum",
                    "amount_recovered:sum",
                    "recovery_rate:sum",
                    "cost:sum",
                    "cost_ratio:sum",
                ],
            ),
        )
        timed(
            "strategy against strategy",
            pivot(
                "debt.collection.case.report",
                ["strategy_id", "amount_band"],
                ["case_count:sum", "recovery_rate:sum", "cost_ratio:sum"],
            ),
        )
        timed(
            "promises kept by consultant, channel",
            pivot(
                "debt.collection.promise.report",
                ["user_id", "channel"],
                ["promise_count:sum", "kept_rate:sum"],
            ),
        )
        timed(
            "roll rates by bucket and month",
            pivot("debt.collection.roll.rate", ["bucket_from", "month:month"], ["roll_rate:sum"]),
        )
        timed(
            "DSO by month",
            pivot(
                "debt.collection.dso", ["month:month"], ["receivable:max", "sales:sum", "dso:sum"]
            ),
        )
        timed(
            "case funnel by stage",
            pivot("debt.collection.funnel", ["stage_id"], ["case_count:sum", "paid_rate:sum"]),
        )
        month = date.today().replace(day=1) - timedelta(days=1)
        timed(
            "monthly summary (one company)",
            lambda: mgr["debt.collection.case.report"]._monthly_summary(
                company, month.replace(day=1)
            ),
        )
        result["timings"] = timings
        cr.execute("SELECT count(*) FROM account_move WHERE move_type = 'out_invoice'")
        result["invoices"] = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM debt_collection_case WHERE state NOT IN %s", [CLOSED])
        result["open_cases"] = cr.fetchone()[0]
    print(json.dumps(result))


CLOSED = ("paid", "settled", "written_off", "court")


def _users(env, company):
    from odoo import Command

    Users = env["res.users"].with_context(no_reset_password=True)

    def user(login, group):
        found = Users.search([("login", "=", login)])
        return found or Users.create(
            {
                "login": login,
                "name": login,
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.link(env.ref(group).id)],
            }
        )

    return (
        user("bench_consultant", "debt_collection.debt_collection_group_user"),
        user("bench_manager", "debt_collection.debt_collection_group_manager"),
    )


def _queue_cases(env, consultant, count):
    """``count`` open cases for the consultant; a fifth with something due today."""
    cases = env["debt.collection.case"].search([("state", "not in", CLOSED)], limit=count)
    # a reassignment in bulk, as a manager's import would do it: no chatter per case
    cases.with_context(tracking_disable=True).write({"user_id": consultant.id})
    today = date.today()
    kinds = ["call", "visit", "review"]
    due = cases.filtered(lambda c: c.id % 5 == 0)
    Activity = env["mail.activity"].with_context(
        mail_activity_quick_update=True, mail_notrack=True, tracking_disable=True
    )
    model_id = env["ir.model"]._get_id("debt.collection.case")
    Activity.create(
        [
            {
                "res_model_id": model_id,
                "res_id": case.id,
                "activity_type_id": env.ref(
                    f"debt_collection.mail_activity_type_collection_{kinds[case.id % 3]}"
                ).id,
                "date_deadline": today - timedelta(days=case.id % 4),
                "user_id": consultant.id,
            }
            for case in due
        ]
    )
    return cases


def _age_two_months(env):
    Aging = env["debt.collection.aging"]
    first = date.today().replace(day=1)
    for months_back in (2, 1):
        month_end = first
        for _index in range(months_back):
            month_end = month_end.replace(day=1) - timedelta(days=1)
        Aging._snapshot(month_end)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--source", default="dc_bench_ours_100000")
    parser.add_argument("--db", default="dc_bench_workspace")
    parser.add_argument("--queue-cases", type=int, default=5000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    # BENCH_KEEP_DB=1 keeps the copy; BENCH_REUSE_DB=1 measures a kept copy again
    args = parser.parse_args()
    if args.child:
        return child(args.db, args.queue_cases)
    if os.environ.get("BENCH_REUSE_DB") != "1":
        copy_db(args.source, args.db)
        sh(
            DC_HOME / "venv/bin/odoo",
            *odoo_args(args.db),
            "-u",
            "debt_collection",
            "--stop-after-init",
        )
    out = subprocess.run(
        [
            str(VENV_PY),
            __file__,
            "--child",
            "--db",
            args.db,
            "--queue-cases",
            str(args.queue_cases),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads([ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1])
    print(
        f"{result['invoices']} invoices, {result['open_cases']} open cases; the consultant has "
        f"{result['queue_cases']} of them, {result['queue_rows']} in today's queue"
    )
    print("| measurement | seconds |\n|---|---:|")
    for name, seconds in result["timings"].items():
        print(f"| {name} | {seconds:.3f} |")
    results = REPO / "bench/results"
    results.mkdir(exist_ok=True)
    (results / f"workspace-{result['invoices']}.json").write_text(json.dumps(result, indent=2))
    if os.environ.get("BENCH_KEEP_DB") != "1":
        sh("dropdb", "--if-exists", "--force", args.db)


if __name__ == "__main__":
    main()
