"""Benchmark of what agency mode costs a company that has it off: reconciling payments.

    ~/.local/share/debt-collection/venv/bin/python bench/reconcile.py --payments 1000 \
        [--repo ../older-checkout] [--db dc_bench_reconcile]

Builds (once, ``-i``; later ``-u``) a database with ``debt_collection`` from ``--repo`` (this
checkout by default, or another one, e.g. the code before agency mode became an option) and the
generic chart, then, in one transaction that is rolled back: N posted customer invoices and N
posted customer payments of an in-house company (agency mode off), and times the N
reconciliations, one payment with its invoice at a time (set-up not timed; wall and CPU
time of this process, the database's share in the query count). It counts the
queries of the reconciliations and those that read ``debt_collection_placement`` or
``debt_collection_remittance_line``. Results are printed and written as JSON to
``bench/results/reconcile-<date>-<time>.json``.
"""

import argparse
import json
import os
import subprocess
import time
from datetime import date, datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOME = Path(
    os.environ.get("DEBT_COLLECTION_HOME")
    or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local/share") / "debt-collection"
)
AGENCY_TABLES = ("debt_collection_placement", "debt_collection_remittance_line")


def ensure_database(db, repo):
    exists = subprocess.run(
        ["psql", "-d", db, "-tAc", "select 1"], capture_output=True, check=False
    )
    print(f"{'Updating' if exists.returncode == 0 else 'Building'} {db} from {repo}", flush=True)
    subprocess.run(
        [
            str(HOME / "venv/bin/odoo"),
            f"--addons-path={repo},{HOME}/odoo/odoo/addons",
            f"--data-dir={HOME / 'filestore'}",
            "-d",
            db,
            "-u" if exists.returncode == 0 else "-i",
            "debt_collection",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
            "--no-http",
        ],
        check=True,
    )


def measure(db, repo, count):
    import odoo
    from odoo import Command

    odoo.tools.config.parse_config(
        [
            f"--database={db}",
            f"--data-dir={HOME / 'filestore'}",
            "--log-level=warn",
            "--no-http",
            f"--addons-path={repo},{HOME}/odoo/odoo/addons",
        ]
    )
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.company
        if not env["account.account"].search_count([("company_ids", "in", company.ids)]):
            env["account.chart.template"].try_loading(
                "generic_coa", company=company, install_demo=False
            )
        mode = company._fields.get("collection_agency_mode")
        if mode:
            company.collection_agency_mode = False
        partner = env["res.partner"].create({"name": "Bench Debtor"})
        product_line = {"name": "Service", "quantity": 1, "price_unit": 100.0, "tax_ids": []}
        invoices = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": date(2026, 1, 5),
                    "invoice_line_ids": [Command.create(product_line)],
                }
                for _ in range(count)
            ]
        )
        invoices.action_post()
        payments = env["account.payment"].create(
            [
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": partner.id,
                    "amount": 100.0,
                    "date": date(2026, 2, 5),
                }
                for _ in range(count)
            ]
        )
        payments.action_post()
        pairs = []
        for invoice, payment in zip(invoices, payments, strict=True):
            receivable = invoice.line_ids.filtered(
                lambda line: line.account_type == "asset_receivable"
            )
            counterpart = payment.move_id.line_ids.filtered(
                lambda line, account=receivable.account_id: line.account_id == account
            )
            pairs.append(receivable | counterpart)
        env.flush_all()
        agency_queries = [0]
        execute = cr.execute

        def counting_execute(query, params=None, log_exceptions=True):
            if any(table in str(query) for table in AGENCY_TABLES):
                agency_queries[0] += 1
            return execute(query, params, log_exceptions)

        cr.execute = counting_execute
        queries_before = cr.sql_log_count
        start = time.perf_counter()
        cpu_start = time.process_time()
        for lines in pairs:
            lines.reconcile()
        env.flush_all()
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        queries = cr.sql_log_count - queries_before
        cr.execute = execute
        paid = sum(1 for invoice in invoices if invoice.payment_state in ("paid", "in_payment"))
        cr.rollback()
    return {
        "payments": count,
        "paid": paid,
        "agency_mode_field": bool(mode),
        "seconds": round(elapsed, 2),
        "ms_per_reconciliation": round(elapsed * 1000 / count, 2),
        # the server's own CPU (Python): wall time on a shared machine depends on the others
        "cpu_seconds": round(cpu, 2),
        "cpu_ms_per_reconciliation": round(cpu * 1000 / count, 2),
        "queries": queries,
        "queries_per_reconciliation": round(queries / count, 2),
        "agency_table_queries": agency_queries[0],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=1000)
    parser.add_argument("--repo", default=str(HERE.parent))
    parser.add_argument(
        "--db", default=os.environ.get("DC_BENCH_RECONCILE_DB", "dc_bench_reconcile")
    )
    parser.add_argument("--skip-update", action="store_true")
    args = parser.parse_args()
    repo = str(Path(args.repo).resolve())
    if not args.skip_update:
        ensure_database(args.db, repo)
    result = measure(args.db, repo, args.payments)
    result.update(repo=repo, when=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    print(json.dumps(result, indent=2))
    out = HERE / "results" / f"reconcile-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
