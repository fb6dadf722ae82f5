"""Benchmark of agency mode: portfolio import and remittance (not a timed test).

    ~/.local/share/debt-collection/venv/bin/python bench/agency.py --rows 10000,100000 \
        --payments 10000

Builds (once) a database ``dc_bench_agency`` with the three addons and a chart of accounts,
then measures, each in its own process (peak memory is per measurement):

- **import N rows**: a generated CSV portfolio (Spanish debtors with valid NIFs and phones,
  decimal commas, day-first dates) through the import wizard's ``action_import()``; memory is
  sampled after every chunk of 1,000 rows to show whether it stays flat;
- **remittance over N payments**: N payments registered and reconciled with placement
  invoices (set-up, not timed), then ``action_confirm()`` of the month's remittance (gather,
  commission, vendor bill, commission invoice with VAT, netting, XLSX statement);
- **floor N** (``--floor``): what Odoo's own invoicing costs, N customer invoices made and
  posted through its ordinary path against ``_place`` of the same debts (rolled back).

Results are printed and written as JSON to ``bench/results/agency-<date>-<time>.json``.
"""

import argparse
import base64
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOME = Path(
    os.environ.get("DEBT_COLLECTION_HOME")
    or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local/share") / "debt-collection"
)
PYTHON = HOME / "venv" / "bin" / "python"
DB = os.environ.get("DC_BENCH_AGENCY_DB", "dc_bench_agency")
NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
FIRST = ["Lucía", "Javier", "Carmen", "José", "María", "Antonio", "Laura", "Pablo", "Elena"]
LAST = ["García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz"]
CITIES = [("46001", "Valencia"), ("28013", "Madrid"), ("08001", "Barcelona"), ("41001", "Sevilla")]


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def portfolio_csv(rows, seed=7):
    """A creditor's file as they come: semicolons, decimal commas, day-first dates."""
    rng = random.Random(seed)
    today = date.today()
    lines = ["Referencia;Nombre;NIF;Dirección;CP;Población;Móvil;Email;Fecha;Vencimiento;Importe"]
    for index in range(rows):
        number = rng.randint(10000000, 99999999)
        nif = f"{number}{NIF_LETTERS[number % 23]}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
        zip_code, city = rng.choice(CITIES)
        due = today - timedelta(days=rng.randint(20, 700))
        amount = f"{rng.randint(20, 250000) / 100:,.2f}".replace(",", "X")
        amount = amount.replace(".", ",").replace("X", ".")
        lines.append(
            f"BEN-{index:07d};{name};{nif};Calle Mayor {rng.randint(1, 200)};{zip_code};{city};"
            f"6{rng.randint(10000000, 99999999)};d{index}@example.com;"
            f"{(due - timedelta(days=30)):%d/%m/%Y};{due:%d/%m/%Y};{amount}"
        )
    return ("\n".join(lines) + "\n").encode()


def odoo_env(registry_cache={}):  # noqa: B006 (one registry per process)
    import odoo

    if "registry" not in registry_cache:
        odoo.tools.config.parse_config(
            [
                f"--database={DB}",
                f"--data-dir={HOME / 'filestore'}",
                "--log-level=warn",
                "--no-http",
                f"--addons-path={REPO},{HOME}/odoo/odoo/addons",
            ]
        )
        registry_cache["registry"] = odoo.modules.registry.Registry(DB)
    return registry_cache["registry"]


def with_env(function):
    import odoo

    registry = odoo_env()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        result = function(env)
        cr.commit()
        return result


def build_database(db, addon="debt_collection"):
    """``db`` with ``addon`` installed: built once, then updated to the addon as it is (new
    fields, migrations)."""
    exists = subprocess.run(
        ["psql", "-d", db, "-tAc", "select 1"], capture_output=True, check=False
    )
    print(f"{'Updating' if exists.returncode == 0 else 'Building'} {db}", flush=True)
    subprocess.run(
        [
            str(HOME / "venv/bin/odoo"),
            f"--addons-path={REPO},{HOME}/odoo/odoo/addons",
            f"--data-dir={HOME / 'filestore'}",
            "-d",
            db,
            "-u" if exists.returncode == 0 else "-i",
            addon,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
            "--no-http",
        ],
        check=True,
    )


def ensure_database():
    build_database(DB)
    return with_env(_prepare)


def _prepare(env):
    company = env.company
    if not env["account.account"].search_count([("company_ids", "in", company.ids)], limit=1):
        env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )
    return True


def _mandate(env, name):
    """A fresh creditor and mandate per measurement (its own accounts and journal)."""
    creditor = env["res.partner"].create({"name": name, "is_company": True})
    tax = env["account.tax"].search(
        [("type_tax_use", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
    )
    mandate = env["debt.collection.mandate"].create(
        {
            "name": name,
            "creditor_id": creditor.id,
            "date_start": date.today() - timedelta(days=400),
            "commission_rate": 17.5,
            "commission_tax_ids": [(6, 0, tax.ids)],
            "remittance_mode": "net",
            "debtor_country_id": env.ref("base.es").id,
        }
    )
    mandate.action_activate()
    return mandate


def measure_import(rows):
    content = portfolio_csv(rows)
    samples = []

    def run(env):
        from odoo.addons.debt_collection.wizards.debt_collection_import_placing import (
            DebtCollectionImport,
        )

        mandate = _mandate(env, f"Bench creditor {rows} {time.time():.0f}")
        env.cr.commit()
        original = DebtCollectionImport._import_chunk

        def sampled(self, records, batch, context, stats):
            original(self, records, batch, context, stats)
            samples.append((stats["placed"], round(current_rss_mb(), 1)))

        DebtCollectionImport._import_chunk = sampled
        wizard = env["debt.collection.import"].create(
            {
                "mandate_id": mandate.id,
                "file": base64.b64encode(content),
                "file_name": "bench.csv",
            }
        )
        start = time.perf_counter()
        wizard.action_import()
        env.flush_all()
        seconds = time.perf_counter() - start
        DebtCollectionImport._import_chunk = original
        return {
            "measurement": f"import {rows} rows",
            "seconds": round(seconds, 2),
            "ms_per_row": round(seconds / rows * 1000, 2),
            "placed": wizard.batch_id.placed_count,
            "debtors_created": wizard.batch_id.partner_created_count,
            "file_mb": round(len(content) / 2**20, 1),
            "rss_mb_by_rows": samples[:: max(len(samples) // 10, 1)] + samples[-1:],
            "peak_rss_mb": round(rss_mb(), 1),
        }

    return with_env(run)


def measure_remittance(payments):
    def setup(env):
        mandate = _mandate(env, f"Bench remittance {payments} {time.time():.0f}")
        debtors = env["res.partner"].create(
            [{"name": f"Bench debtor {index}"} for index in range(max(payments // 10, 1))]
        )
        today = date.today()
        placements = env["debt.collection.placement"]._place(
            mandate,
            [
                {
                    "partner_id": debtor.id,
                    "name": f"REM-{index}",
                    "amount": 5000.0,
                    "currency_id": env.company.currency_id.id,
                    "date_due": today - timedelta(days=90),
                }
                for index, debtor in enumerate(debtors)
            ],
        )
        rng = random.Random(11)
        receivable = mandate.receivable_account_id
        pay_date = today.replace(day=1) - timedelta(days=10)
        for start in range(0, payments, 1000):
            chunk = range(start, min(start + 1000, payments))
            amounts = {index: rng.randint(1, 49999) / 100 for index in chunk}
            created = env["account.payment"].create(
                [
                    {
                        "payment_type": "inbound",
                        "partner_type": "customer",
                        "partner_id": placements[index % len(placements)].partner_id.id,
                        "amount": amounts[index],
                        "date": pay_date,
                        "journal_id": mandate.bank_journal_id.id,
                        "destination_account_id": receivable.id,
                    }
                    for index in chunk
                ]
            )
            created.action_post()
            plans = {}
            for index, payment in zip(chunk, created, strict=True):
                placement = placements[index % len(placements)]
                lines = plans.setdefault(
                    placement.id,
                    placement.move_id.line_ids.filtered(lambda l: l.account_id == receivable),
                )
                plans[placement.id] = lines | payment.move_id.line_ids.filtered(
                    lambda l: l.account_id == receivable
                )
            env["account.move.line"]._reconcile_plan(list(plans.values()))
            env.cr.commit()
            env.invalidate_all()
            print(f"  {min(start + 1000, payments)}/{payments} payments", flush=True)
        return mandate.id, pay_date

    mandate_id, pay_date = with_env(setup)

    def run(env):
        mandate = env["debt.collection.mandate"].browse(mandate_id)
        start_date = pay_date.replace(day=1)
        end_date = (start_date + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        remittance = env["debt.collection.remittance"].create(
            {"mandate_id": mandate.id, "date_from": start_date, "date_to": end_date}
        )
        start = time.perf_counter()
        remittance.action_confirm()
        env.flush_all()
        seconds = time.perf_counter() - start
        tie = (
            remittance.amount_collected
            - remittance.amount_remitted
            - remittance.amount_commission
            - remittance.amount_fees
        )
        return {
            "measurement": f"remittance over {payments} payments",
            "seconds": round(seconds, 2),
            "lines": len(remittance.line_ids),
            "collected": remittance.amount_collected,
            "commission": remittance.amount_commission,
            "remitted": remittance.amount_remitted,
            "ties_out": abs(tie) < 0.005,
            "peak_rss_mb": round(rss_mb(), 1),
        }

    return with_env(run)


def measure_floor(invoices):
    """Odoo's own cost of these invoices: N customer invoices of new debtors made and posted
    through Odoo's ordinary path (``invoice_line_ids``, one ``create`` and one ``action_post``
    per 500), against ``_place`` of the same debts; rolled back."""
    import odoo
    from odoo import Command
    from odoo.tools import split_every

    with odoo_env().cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        mandate = _mandate(env, f"Bench floor {invoices} {time.time():.0f}")
        debtors = env["res.partner"].create(
            [{"name": f"Bench floor debtor {index}"} for index in range(invoices)]
        )
        # Odoo's invoice takes the debtor's receivable: the mandate's, as a placement's
        debtors.with_company(
            mandate.company_id
        ).property_account_receivable_id = mandate.receivable_account_id
        today = date.today()
        Move = env["account.move"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )

        def odoo_invoices():
            for chunk in split_every(500, debtors.ids):
                moves = Move.create(
                    [
                        {
                            "move_type": "out_invoice",
                            "journal_id": mandate.journal_id.id,
                            "partner_id": debtor_id,
                            "invoice_date": today,
                            "invoice_date_due": today - timedelta(days=30),
                            "invoice_line_ids": [
                                Command.create(
                                    {
                                        "name": "Debt",
                                        "account_id": mandate.placement_account_id.id,
                                        "price_unit": 100.0,
                                        "tax_ids": [Command.clear()],
                                    }
                                )
                            ],
                        }
                        for debtor_id in chunk
                    ]
                )
                moves.action_post()

        def placements():
            env["debt.collection.placement"]._place(
                mandate,
                [
                    {
                        "partner_id": debtor_id,
                        "name": f"FLOOR-{debtor_id}",
                        "amount": 100.0,
                        "currency_id": env.company.currency_id.id,
                        "date_due": today - timedelta(days=30),
                    }
                    for debtor_id in debtors.ids
                ],
            )

        result = {"measurement": f"{invoices} invoices: Odoo's own path and _place"}
        for label, function in (("odoo", odoo_invoices), ("place", placements)):
            env.flush_all()
            env.invalidate_all()
            wall, cpu = time.perf_counter(), time.process_time()
            function()
            env.flush_all()
            result[f"{label}_seconds"] = round(time.perf_counter() - wall, 2)
            result[f"{label}_cpu_ms_per_invoice"] = round(
                (time.process_time() - cpu) / invoices * 1000, 2
            )
        cr.rollback()
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="10000", help="comma-separated import sizes")
    parser.add_argument("--payments", default="10000", help="comma-separated, 0 to skip")
    parser.add_argument(
        "--floor", default="0", help="invoices made by Odoo's own path and by _place, 0 to skip"
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, size = args.one.split(":")
        measure = {
            "import": measure_import,
            "remittance": measure_remittance,
            "floor": measure_floor,
        }[kind]
        result = measure(int(size))
        print("RESULT " + json.dumps(result), flush=True)
        return
    ensure_database()
    results = []
    jobs = [("import", int(n)) for n in args.rows.split(",") if n and int(n)]
    jobs += [("remittance", int(n)) for n in args.payments.split(",") if n and int(n)]
    jobs += [("floor", int(n)) for n in args.floor.split(",") if n and int(n)]
    for kind, size in jobs:
        print(f"Measuring {kind} {size}", flush=True)
        process = subprocess.run(
            [str(PYTHON), __file__, "--one", f"{kind}:{size}"],
            capture_output=True,
            text=True,
            check=False,
        )
        lines = [line for line in process.stdout.splitlines() if line.startswith("RESULT ")]
        if not lines:
            print(process.stdout[-3000:], process.stderr[-3000:])
            continue
        result = json.loads(lines[-1][7:])
        print(json.dumps(result, indent=1), flush=True)
        results.append(result)
    out = REPO / "bench" / "results" / f"agency-{datetime.now():%Y-%m-%d-%H%M}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f"Written {out.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
