#!/usr/bin/env python3
"""Benchmark: server time of the creditor's portfolio page (``/my/portfolio``) for a creditor
with 10,000 cases, as its portal user sees it (logged in).

    python bench/portfolio_page.py -d DB [--cases 10000] [--requests 30] [-c odoo.conf]

``DB`` is a database with the three addons installed (a copy of a test database will do:
``createdb -T dc_test dc_bench_portfolio``). The first run adds to its main company (with the
generic chart if it has none) a creditor under mandate with ``--cases`` cases (a debtor each;
amounts, stages and next steps spread; two steps taken on each case, written in SQL), 300 of
them with a real invoice of which about half are paid, a remittance line for each case with
something recovered (dated over the last year: the recovered-by-month figures), five plans
waiting for the creditor's approval, and the creditor's portal user; it commits them and later
runs reuse them. Each request goes through Odoo's WSGI application in this process (routing,
session, the creditor's check, rendering; no network), logged in as the creditor's portal
user: after five warm-up requests, the median and the 90th percentile of ``--requests``
requests are printed for the first page (open cases by amount due), a search by debtor, the
50th page, and one case's page.

Run it with the suite's Python (``~/.local/share/debt-collection/venv/bin/python``).
"""

import argparse
import os
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

from page_timing import measure, open_registry

LOGIN = "bench_creditor"
CREDITOR = "Aguas del Benchmark S.A."


def _prepare(env, count):
    """The creditor, its mandate, cases, steps, payments, plans and portal user (made once)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "setup"))
    from generate_portfolio import Generator

    from odoo import Command

    company = env.company
    env = env(
        context=dict(
            env.context,
            allowed_company_ids=company.ids,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
        )
    )
    Case = env["debt.collection.case"]
    creditor = env["res.partner"].search([("name", "=", CREDITOR)], limit=1)
    if creditor and Case.search_count([("creditor_id", "=", creditor.id)]) >= count:
        _ensure_collected(env, creditor)
        return creditor, Case.search([("creditor_id", "=", creditor.id)], limit=1)
    rng = random.Random(2026)
    generator = Generator(env, "portfolio-bench", company)
    generator.ensure_chart()
    creditor = env["res.partner"].create({"name": CREDITOR, "is_company": True})
    consultant = env.user
    mandate = env["debt.collection.mandate"].create(
        {
            "name": "BENCH-1",
            "creditor_id": creditor.id,
            "company_id": company.id,
            "date_start": date.today() - timedelta(days=400),
            "commission_rate": 15.0,
            "max_discount": 5.0,
            "max_instalments": 3,
            "user_ids": [Command.set(consultant.ids)],
        }
    )
    mandate.action_activate()
    print(f"making {count} cases of {CREDITOR}...", flush=True)
    # one open case per debtor and creditor: a debtor each
    debtors = generator.make_debtors(count, [("es", 100)])
    invoices = generator.make_invoices(debtors[:300], 300)
    generator.make_payments(invoices, 0.3, 0.2)
    strategy = env["debt.collection.strategy"].search(
        [("company_id", "in", (company.id, False))], limit=1
    )
    stages = strategy.stage_ids.sorted("sequence")
    vals = []
    for index in range(count):
        vals.append(
            {
                "partner_id": debtors[index % len(debtors)].id,
                "creditor_id": creditor.id,
                "company_id": company.id,
                "strategy_id": strategy.id,
                "stage_id": stages[index % len(stages)].id,
                "user_id": consultant.id,
            }
        )
    cases = Case.browse()
    for start in range(0, count, 1000):
        cases |= Case.create(vals[start : start + 1000])
        env.cr.commit()
        print(f"  {len(cases)} cases", flush=True)
    for invoice, case in zip(invoices, cases, strict=False):
        invoice.collection_case_id = case
    env.flush_all()
    # amounts, stages and next steps of the cases without invoices, and two steps each, in SQL
    today = date.today()
    rows = []
    for case in cases[len(invoices) :]:
        original = round(rng.uniform(50, 5000), 2)
        residual = round(original * rng.choice([1, 1, 1, 0.8, 0.5, 0]), 2)
        next_stage = stages[min(stages.ids.index(case.stage_id.id) + 1, len(stages) - 1)]
        rows.append(
            (
                original,
                residual,
                round(original - residual, 2),
                today - timedelta(days=rng.randint(10, 700)),
                next_stage.id,
                today + timedelta(days=rng.randint(1, 30)),
                "paid" if not residual else rng.choice(["open"] * 8 + ["promise", "disputed"]),
                case.id,
            )
        )
    env.cr.executemany(
        """
        UPDATE debt_collection_case
           SET amount_original = %s, amount_residual = %s, amount_recovered = %s,
               date_due_oldest = %s, next_stage_id = %s, next_action_date = %s, state = %s
         WHERE id = %s
        """,
        rows,
    )
    env.cr.execute(
        """
        INSERT INTO debt_collection_action
               (case_id, partner_id, company_id, stage_id, channel, date, result, outbound,
                create_uid, write_uid, create_date, write_date)
        SELECT c.id, c.partner_id, c.company_id, c.stage_id, k.channel,
               now() - (k.days || ' days')::interval - (c.id %% 20 || ' days')::interval,
               'sent', TRUE, %s, %s, now(), now()
          FROM debt_collection_case c
         CROSS JOIN (VALUES ('letter', 30), ('email', 5)) AS k(channel, days)
         WHERE c.creditor_id = %s
        """,
        [env.uid, env.uid, creditor.id],
    )
    env.invalidate_all()
    for case in cases.filtered(lambda c: c.state == "open" and c.amount_residual > 300)[:5]:
        total = case.currency_id.round(case.amount_residual * 0.7)
        plan = env["debt.collection.plan"].create(
            {
                "case_id": case.id,
                "amount_due": case.amount_residual,
                "amount_total": total,
                "line_ids": [
                    Command.create(
                        {"date_due": today + timedelta(days=10 + 30 * n), "amount": total / 4}
                    )
                    for n in range(4)
                ],
            }
        )
        plan.action_confirm()
    contact = env["res.partner"].create({"name": "Bench Contact", "parent_id": creditor.id})
    env["res.users"].create(
        {
            "login": LOGIN,
            "password": LOGIN,
            "name": contact.name,
            "partner_id": contact.id,
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    _ensure_collected(env, creditor)
    return creditor, cases[:1]


def _ensure_collected(env, creditor):
    """What was collected on the cases written in SQL, as remittance lines (one per case with
    something recovered, dated over the last year): the page's recoveries read these."""
    Line = env["debt.collection.remittance.line"]
    if Line.search_count([("creditor_id", "=", creditor.id)], limit=1):
        return
    mandate = env["debt.collection.mandate"].search([("creditor_id", "=", creditor.id)], limit=1)
    env.cr.execute(
        """
        INSERT INTO debt_collection_remittance_line
               (mandate_id, company_id, creditor_id, partner_id, kind, date, amount_collected,
                amount_direct, amount_base, amount_commission, amount_fee,
                create_uid, write_uid, create_date, write_date)
        SELECT %s, c.company_id, c.creditor_id, c.partner_id, 'payment',
               CURRENT_DATE - (c.id %% 365), c.amount_recovered, 0, c.amount_recovered, 0, 0,
               %s, %s, now(), now()
          FROM debt_collection_case c
         WHERE c.creditor_id = %s AND c.amount_recovered > 0
        """,
        [mandate.id, env.uid, env.uid, creditor.id],
    )
    env.invalidate_all()


def _login(client):
    page = client.get("/web/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/web/login",
        data={"login": LOGIN, "password": LOGIN, "csrf_token": token},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    if response.status_code not in (302, 303):
        sys.exit(f"login answered {response.status_code}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--addons-path", help="Odoo addons path (default: the suite's)")
    parser.add_argument("-c", "--config", help="an Odoo configuration file")
    args = parser.parse_args()

    from werkzeug.test import Client

    import odoo
    import odoo.http

    registry = open_registry(args.database, args.addons_path, args.config)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        creditor, case = _prepare(env, args.cases)
        cases = env["debt.collection.case"].search_count([("creditor_id", "=", creditor.id)])
        debtor = case.partner_id.name.split()[0]
        cr.commit()
    load = os.getloadavg()[0]
    client = Client(odoo.http.root)
    _login(client)
    urls = [
        ("/my/portfolio", "/my/portfolio"),
        ("search by debtor", f"/my/portfolio?search={debtor}&search_in=debtor"),
        ("/my/portfolio/page/50", "/my/portfolio/page/50?filterby=all"),
        ("/my/portfolio/<case>", f"/my/portfolio/{case.id}"),
    ]
    print(f"creditor's portfolio, {cases} cases, {args.requests} requests")
    print(f"load average before: {load:.1f} ({os.cpu_count()} CPUs)")
    for label, url in urls:
        median, p90, cpu = measure(client, url, args.requests)
        print(f"  {label:24} median {median:.1f} ms, p90 {p90:.1f} ms, CPU median {cpu:.1f} ms")


if __name__ == "__main__":
    main()
