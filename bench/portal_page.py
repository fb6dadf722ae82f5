#!/usr/bin/env python3
"""Benchmark: server time of the debtor's page (``/my/debts/<case>``) for a case of 50 open
invoices, reached by the letter's link (a visitor with the case's token).

    python bench/portal_page.py -d DB [--invoices 50] [--requests 50] [-c odoo.conf]

``DB`` is a database with the three addons installed (a copy of a test database will do). The
first run adds to its main company (with the generic chart if it has none) one debtor with
``--invoices`` open overdue invoices (each with its own due date and amount), its case, three
letters sent and a short conversation, and commits them; later runs reuse them. Each request
goes through Odoo's WSGI application in this process (routing, session, access check,
rendering, no network): after five warm-up requests, the median and the 90th percentile of
``--requests`` requests are printed (and the same for the payment page of all the invoices,
``/my/debts/<case>/pay``).

Run it with the suite's Python (``~/.local/share/debt-collection/venv/bin/python``).
"""

import argparse
import os
import sys
from datetime import date, timedelta
from pathlib import Path

from page_timing import measure, open_registry


def _prepare(env, count):
    """The company, debtor, case and invoices of the benchmark (made once, then reused)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "setup"))
    from generate_portfolio import Generator

    company = env.company
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    Case = env["debt.collection.case"]
    case = Case.search([("company_id", "=", company.id), ("is_closed", "=", False)], limit=1)
    if case and len(case._portal_get_invoices()) >= count:
        return case
    generator = Generator(env, "portal-bench", company)
    generator.ensure_chart()
    debtor = env["res.partner"].create(
        {"name": "Lucía Fernández García", "email": "lucia@bench.example", "lang": "en_US"}
    )
    today = date.today()
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": debtor.id,
                "invoice_date": today - timedelta(days=60 + index),
                "invoice_date_due": today - timedelta(days=30 + index),
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Suministro",
                            "quantity": 1,
                            "price_unit": 100 + index,
                            "tax_ids": [],
                        },
                    )
                ],
            }
            for index in range(count)
        ]
    )
    moves.action_post()
    strategy = env["debt.collection.strategy"].search(
        [("company_id", "in", (company.id, False))], limit=1
    )
    case = Case.create(
        {
            "partner_id": debtor.id,
            "company_id": company.id,
            "strategy_id": strategy.id,
            "stage_id": strategy.stage_ids[:1].id,
        }
    )
    moves.collection_case_id = case
    for index in range(3):
        attachment = env["ir.attachment"].create(
            {
                "name": f"Letter {index + 1}.pdf",
                "raw": b"%PDF-1.4 bench",
                "res_model": case._name,
                "res_id": case.id,
                "mimetype": "application/pdf",
            }
        )
        env["debt.collection.action"]._log(
            {
                "case_id": case.id,
                "channel": "letter",
                "result": "sent",
                "outbound": True,
                "attachment_id": attachment.id,
            }
        )
    for index in range(5):
        case.message_post(
            body=f"Message {index + 1}", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
    case._portal_ensure_token()
    return case


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--invoices", type=int, default=50)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--addons-path", help="Odoo addons path (default: the suite's)")
    parser.add_argument("-c", "--config", help="an Odoo configuration file")
    args = parser.parse_args()

    from werkzeug.test import Client

    import odoo
    import odoo.http

    registry = open_registry(args.database, args.addons_path, args.config)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        case = _prepare(env, args.invoices)
        url = case.get_portal_url()
        invoices = len(case._portal_get_invoices())
        cr.commit()
    load = os.getloadavg()[0]
    client = Client(odoo.http.root)
    page = measure(client, url, args.requests)
    pay = measure(client, url.replace("?", "/pay?", 1), args.requests)
    print(f"debtor's page, {invoices} open invoices, {args.requests} requests")
    print(f"load average before: {load:.1f} ({os.cpu_count()} CPUs)")
    for label, (median, p90, cpu) in (("/my/debts/<case>", page), ("/my/debts/<case>/pay", pay)):
        print(f"  {label:22} median {median:.1f} ms, p90 {p90:.1f} ms, CPU median {cpu:.1f} ms")


if __name__ == "__main__":
    main()
