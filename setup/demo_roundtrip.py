"""From in-house to agency and back in the demo: Suministros Levante places three cases with
Cobros Mediterráneo, the agency imports the file, collects one debt and remits, and the
creditor books the agency's statement.

Called by ``generate_portfolio.py --demo`` after the agency demo (``make demo``). The two
companies share a database but not a record: only the files travel, as between two databases.
Running it again changes nothing.
"""

import base64
import io
import zipfile
from datetime import timedelta

import demo_jobs

from odoo import Command, fields
from odoo.exceptions import UserError

CREDITOR_COMPANY = "Suministros Levante S.L."
AGENCY_COMPANY = "Cobros Mediterráneo S.L."
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def generate_roundtrip_demo(env, creditor_company=None, agency_company=None, log=print):
    """The loop between an in-house company and the agency, once; the statement booked."""
    env = env(context=dict(env.context, **QUIET))
    Company = env["res.company"]
    creditor_company = creditor_company or Company.search([("name", "=", CREDITOR_COMPANY)])
    agency_company = agency_company or Company.search([("name", "=", AGENCY_COMPANY)])
    if not creditor_company or not agency_company:
        log("Round trip: the in-house or the agency company is missing, skipped")
        return False
    cenv = env(context=dict(env.context, allowed_company_ids=creditor_company.ids))
    aenv = env(context=dict(env.context, allowed_company_ids=agency_company.ids))
    Agreement = cenv["debt.collection.agency.agreement"]
    if Agreement.search_count([("company_id", "=", creditor_company.id)]):
        log(f"Round trip: {creditor_company.name} already has its agreement")
        return Agreement.search([("company_id", "=", creditor_company.id)], limit=1)
    today = fields.Date.context_today(cenv["res.partner"])
    # the creditor's side: its agreement with the agency, three cases placed
    purchase_tax = cenv["account.tax"].search(
        [
            ("company_id", "=", creditor_company.id),
            ("type_tax_use", "=", "purchase"),
            ("amount", "=", 21.0),
            ("amount_type", "=", "percent"),
        ],
        limit=1,
    )
    agreement = Agreement.create(
        {
            "name": "Cobros Mediterráneo 2026",
            "company_id": creditor_company.id,
            "agency_id": agency_company.partner_id.id,
            "commission_rate": 15.0,
            "commission_tax_ids": [Command.set(purchase_tax.ids)],
            "remittance_mode": "net",
        }
    )
    cases = cenv["debt.collection.case"].search(
        [
            ("company_id", "=", creditor_company.id),
            ("state", "=", "open"),
            ("creditor_id", "in", [False, creditor_company.partner_id.id]),
            ("amount_residual", ">", 0),
        ],
        order="amount_residual desc",
        limit=3,
    )
    if len(cases) < 3:
        log("Round trip: fewer than three open cases to place, skipped")
        return agreement
    place = (
        cenv["debt.collection.agency.place"]
        .with_context(active_model="debt.collection.case", active_ids=cases.ids)
        .create({"agreement_id": agreement.id})
    )
    place.action_place()
    placement_csv = zipfile.ZipFile(io.BytesIO(base64.b64decode(place.file))).read("placement.csv")
    log(f"Round trip: {', '.join(cases.mapped('name'))} placed with {agency_company.name}")
    # the agency's side: its client, the mandate, the file imported with no mapping
    sale_tax = aenv["account.tax"].search(
        [
            ("company_id", "=", agency_company.id),
            ("type_tax_use", "=", "sale"),
            ("amount", "=", 21.0),
            ("amount_type", "=", "percent"),
        ],
        limit=1,
    )
    creditor = aenv["res.partner"].create(
        {
            "name": creditor_company.name,
            "vat": creditor_company.vat,
            "is_company": True,
            "company_id": agency_company.id,
            "lang": "es_ES",
        }
    )
    mandate = aenv["debt.collection.mandate"].create(
        {
            "name": "SL-2026",
            "creditor_id": creditor.id,
            "company_id": agency_company.id,
            "date_start": today - timedelta(days=30),
            "commission_type": "flat",
            "commission_rate": 15.0,
            "commission_tax_ids": [Command.set(sale_tax.ids)],
            "remittance_mode": "net",
            "debtor_country_id": env.ref("base.es").id,
        }
    )
    mandate.action_activate()
    # as the agency's manager works: the rows' reports and the jobs in Spanish
    wizard = (
        aenv["debt.collection.import"]
        .with_context(lang=agency_company.partner_id.lang)
        .create(
            {
                "mandate_id": mandate.id,
                "file": base64.b64encode(placement_csv),
                "file_name": "placement.csv",
                "date_placed": today,
            }
        )
    )
    try:
        wizard.action_import()
    except UserError:
        wizard.valid_only = True
        wizard.action_import()
    # placed by a job worker when the agency spreads its work (demo_jobs)
    demo_jobs.perform_jobs(env, log)
    placements = aenv["debt.collection.placement"].search(
        [("mandate_id", "=", mandate.id)], order="amount_placed desc"
    )
    log(f"  {agency_company.name}: {len(placements)} debts imported from the placement file")
    if not placements:
        return agreement
    # one debtor pays the agency in full; the agency remits this month so far
    paid = placements[-1]
    aenv["account.payment.register"].with_context(
        active_model="account.move", active_ids=paid.move_id.ids
    ).create(
        {
            "payment_date": today,
            "journal_id": mandate.bank_journal_id.id,
            "communication": paid.name,
        }
    )._create_payments()
    remittance = aenv["debt.collection.remittance"].create(
        {"mandate_id": mandate.id, "date_from": today.replace(day=1), "date_to": today}
    )
    remittance.action_confirm()
    log(
        f"  {remittance.name}: collected {remittance.amount_collected:.2f}, commission "
        f"{remittance.amount_commission:.2f}, remitted {remittance.amount_remitted:.2f}"
    )
    # back at the creditor: the agency's XLSX statement, booked
    statement = cenv["debt.collection.agency.statement"].create(
        {
            "agreement_id": agreement.id,
            "file": base64.b64encode(remittance._make_xlsx_attachment().raw),
            "file_name": f"{remittance.name.replace('/', '-')}.xlsx",
            "date": today,
        }
    )
    statement.action_import()
    log(
        f"  {creditor_company.name}: statement {statement.name} {statement.state}, "
        f"{statement.amount_collected:.2f} settled, {statement.amount_awaited:.2f} due from "
        "the agency"
    )
    return agreement
