"""Agency mode in the demo: a Spanish collection agency working for three creditors.

Called by ``generate_portfolio.py --demo`` (``make demo``). Each creditor's portfolio is
imported through the import wizard from a file of ``setup/demo_data/`` (the wholesaler's has
three bad rows: reported, then only the valid rows imported); some debtors paid into the
client-money bank last month and a few this month; the utility's last month is remitted.
Running it again changes nothing.
"""

import base64
import random
from datetime import timedelta
from pathlib import Path

import demo_jobs

from odoo import Command, fields
from odoo.exceptions import UserError

DATA = Path(__file__).resolve().parent / "demo_data"
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
AGENCY = {
    "name": "Cobros Mediterráneo S.L.",
    "street": "Calle de Colón 22",
    "city": "Valencia",
    "zip": "46004",
    "vat": "ESB98765431",
    "phone": "+34 960 11 22 33",
    "email": "gestion@cobrosmediterraneo.example",
}
# login, name, creditor key (one consultant per client company, chosen to fit its style; the
# utility's large portfolio has two, who share its new cases by workload)
CONSULTANTS = [
    ("alba", "Alba Serrano", "utility"),
    ("pablo", "Pablo Ferrer", "utility"),
    ("diego", "Diego Marín", "telecom"),
    ("nuria", "Nuria Climent", "wholesaler"),
]
CREDITORS = {
    "utility": {
        "name": "Aguas del Turia S.A.",
        "vat": "ESA46000006",
        "file": "aguas_del_turia.csv",
        "mandate": {
            "name": "AT-2025/07",
            "commission_type": "flat",
            "commission_rate": 12.0,
            "remittance_mode": "net",
            "remittance_frequency": "monthly",
            "max_discount": 10.0,
            "max_instalments": 12,
        },
        "fees": [("letter", 1.5, "creditor"), ("visit", 18.0, "agency")],
    },
    "telecom": {
        "name": "Telefonía Levante S.L.",
        "vat": "ESB46000006",
        "file": "telefonia_levante.xlsx",
        "mandate": {
            "name": "TL-MARCO-2025",
            "commission_type": "days_overdue",
            "remittance_mode": "gross",
            "remittance_frequency": "monthly",
            "max_discount": 25.0,
            "max_instalments": 6,
        },
        "bands": [(0, 15.0), (180, 22.0), (365, 30.0)],
        "fees": [("letter", 1.2, "creditor")],
    },
    "wholesaler": {
        "name": "Distribuciones Hermanos Soler S.L.",
        "vat": "ESB46000014",
        "file": "hermanos_soler.csv",
        "mandate": {
            "name": "HS-001",
            "commission_type": "amount_recovered",
            "remittance_mode": "net",
            "remittance_frequency": "quarterly",
            "max_discount": 5.0,
            "max_instalments": 4,
        },
        "bands": [(0, 20.0), (1000, 15.0), (3000, 10.0)],
        # the wholesaler's terms put the cost of each letter on the debtor
        "fees": [("visit", 25.0, "creditor"), ("letter", 6.0, "debtor")],
    },
}
# the agency's client-money account: the only one its letters give for payment (CG-14)
CLIENT_MONEY_IBAN = "ES7620770024003102575766"


def generate_agency_demo(env, seed=2026, log=print):
    """The agency, its consultants, three creditors with their mandates and portfolios."""
    env = env(context=dict(env.context, **QUIET))
    company = _agency(env, log)
    if env["debt.collection.mandate"].search_count([("company_id", "=", company.id)]):
        log(f"{company.name}: already there")
        return company
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    env.user.company_ids = [Command.link(company.id)]
    rng = random.Random(seed)
    today = fields.Date.context_today(env["res.partner"])
    last_month_end = today.replace(day=1) - timedelta(days=1)
    last_month_start = last_month_end.replace(day=1)
    placed_on = last_month_start - timedelta(days=5)
    # the agency sells a service: the VAT on services (IVA 21% servicios), not on goods
    # imported here: the addons path is set once Odoo's configuration is parsed
    from odoo.addons.debt_collection.tools.chart_accounts import services_sale_tax

    tax = services_sale_tax(env, company) or env["account.tax"].search(
        [("company_id", "=", company.id), ("type_tax_use", "=", "sale"), ("amount", "=", 21.0)],
        limit=1,
    )
    users = _consultants(env, company)
    manager = env["res.users"].search([("login", "=", "manager")], limit=1)
    if manager:
        manager.company_ids = [Command.link(company.id)]
    mandates = {}
    for key, spec in CREDITORS.items():
        creditor = env["res.partner"].create(
            {"name": spec["name"], "vat": spec["vat"], "is_company": True, "lang": "es_ES"}
        )
        mandate = env["debt.collection.mandate"].create(
            {
                **spec["mandate"],
                "creditor_id": creditor.id,
                "company_id": company.id,
                "date_start": placed_on - timedelta(days=30),
                "user_ids": [Command.set(users[key].ids)],
                "commission_tax_ids": [Command.set(tax.ids)],
                "debtor_country_id": env.ref("base.es").id,
                "band_ids": [
                    Command.create({"threshold": threshold, "rate": rate})
                    for threshold, rate in spec.get("bands", [])
                ],
                "fee_ids": [
                    Command.create({"channel": channel, "amount": amount, "bearer": bearer})
                    for channel, amount, bearer in spec["fees"]
                ],
            }
        )
        mandate.action_activate()
        _client_money_account(env, mandate)
        mandates[key] = mandate
        _import(env, mandate, spec["file"], placed_on, log)
    for mandate in mandates.values():
        _collect(env, mandate, rng, placed_on, last_month_end, today)
    remittance = env["debt.collection.remittance"].create(
        {
            "mandate_id": mandates["utility"].id,
            "date_from": last_month_start,
            "date_to": last_month_end,
        }
    )
    remittance.action_confirm()
    log(
        f"  {remittance.name}: collected {remittance.amount_collected:.2f}, commission "
        f"{remittance.amount_commission:.2f}, remitted {remittance.amount_remitted:.2f}"
    )
    return company


def _agency(env, log):
    Company = env["res.company"]
    company = Company.search([("name", "=", AGENCY["name"])])
    if not company:
        log(f"Creating {AGENCY['name']}")
        company = Company.create(
            {
                **AGENCY,
                "country_id": env.ref("base.es").id,
                "currency_id": env.ref("base.EUR").id,
            }
        )
        company.partner_id.write({"lang": "es_ES", "tz": "Europe/Madrid"})
    # an agency: its users get the Agency menu; the demo's in-house companies keep the mode off
    company.collection_agency_mode = True
    # with the job queue bridge, its imports, nightly run and letters are jobs (demo_jobs)
    demo_jobs.spread_over_jobs(company)
    if not env["account.account"].search_count([("company_ids", "in", company.ids)], limit=1):
        Template = env["account.chart.template"]
        code = Template._guess_chart_template(company.country_id) or "generic_coa"
        log(f"Loading the chart of accounts {code} for {company.name}")
        Template.try_loading(code, company=company, install_demo=False)
    return company


def _client_money_account(env, mandate):
    journal = mandate.bank_journal_id
    if not journal.bank_account_id:
        journal.bank_account_id = env["res.partner.bank"].create(
            {"acc_number": CLIENT_MONEY_IBAN, "partner_id": mandate.company_id.partner_id.id}
        )


def _consultants(env, company):
    group = env.ref("debt_collection.debt_collection_group_user")
    users = {}
    for login, name, key in CONSULTANTS:
        user = env["res.users"].search([("login", "=", login)]) or env["res.users"].create(
            {
                "login": login,
                "password": login,
                "name": name,
                "email": f"{login}@cobrosmediterraneo.example",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "lang": "es_ES",
                "tz": "Europe/Madrid",
            }
        )
        user.groups_id = [Command.link(group.id)]
        users[key] = users.get(key, env["res.users"]) | user
    return users


def _import(env, mandate, file_name, placed_on, log):
    """Through the wizard, as a manager would: a file with bad rows is refused (each row
    reported), then its valid rows are imported."""
    wizard = (
        env["debt.collection.import"]
        # as the agency's manager works: the jobs' descriptions in Spanish
        .with_context(lang=mandate.company_id.partner_id.lang, **demo_jobs.import_context(env))
        .create(
            {
                "mandate_id": mandate.id,
                "file": base64.b64encode((DATA / file_name).read_bytes()),
                "file_name": file_name,
                "date_placed": placed_on,
            }
        )
    )
    try:
        wizard.action_import()
    except UserError as refusal:
        report = str(refusal).replace("\n", "\n    ")
        log(f"  {file_name}: refused, as it should be:\n    {report}")
        wizard.valid_only = True
        wizard.action_import()
    # placed by job workers when the agency spreads its work (demo_jobs)
    demo_jobs.perform_jobs(env, log)
    batch = wizard.batch_id
    log(
        f"  {mandate.creditor_id.name}: {batch.placed_count} debts placed from {file_name}, "
        f"{batch.skipped_count} bad rows skipped"
    )


def _collect(env, mandate, rng, placed_on, last_month_end, today):
    """About a third of the debts paid (some in part) into the client-money bank, most of
    them last month; one debtor paid the creditor directly."""
    placements = env["debt.collection.placement"].search(
        [("mandate_id", "=", mandate.id)], order="id"
    )
    for index, placement in enumerate(placements):
        roll = rng.random()
        if roll > 0.35:
            continue
        invoice = placement.move_id
        share = 1.0 if roll < 0.2 else rng.choice([0.25, 0.4, 0.5])
        amount = invoice.currency_id.round(invoice.amount_residual * share)
        if index % 4 == 3 and today > last_month_end + timedelta(days=1):
            pay_date = today - timedelta(days=1)
        else:
            days = rng.randint(6, (last_month_end - placed_on).days)
            pay_date = placed_on + timedelta(days=days)
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {
                "amount": amount,
                "payment_date": pay_date,
                "journal_id": mandate.bank_journal_id.id,
                "communication": placement.name,
            }
        )._create_payments()
    unpaid = placements.filtered(lambda p: p.payment_state == "not_paid")
    if unpaid:
        placement = unpaid[-1]
        placement._report_direct_payment(
            placement.currency_id.round(placement.amount_residual / 2),
            last_month_end - timedelta(days=3),
            "Transferencia al acreedor",
        )
