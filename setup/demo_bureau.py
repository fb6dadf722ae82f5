"""Credit-bureau reporting in the demo: two Spanish debtors warned by a payment demand naming
ASNEF-Equifax and Experian Badexcug, reported once its deadline passed.

* Carpintería Guadalquivir S.L. (Sevilla): reported, then paid: the next file withdraws it.
* Talleres Nervión S.L. (Bilbao): reported and still unpaid: its page shows where and how to
  settle.

``generate_bureau_demo(env, companies)`` is called by ``generate_portfolio.py --demo`` after
the legal demo. The demand was sent 50 days ago and delivered two days later, so its deadline
is over today and the regime's conditions hold.
"""

from datetime import datetime, time, timedelta

from odoo import Command, fields

BUREAUS = [
    ("ASNEF-Equifax", "asnef", "E-DEMO-0042"),
    ("Experian Badexcug", "badexcug", "BX-DEMO-17"),
]


def generate_bureau_demo(env, companies, log=print):
    """The two reported debtors (once: nothing is added if they exist)."""
    if "debt.collection.bureau" not in env:
        return env["debt.collection.case"]
    spain = next((c for c in companies if c.country_id.code == "ES"), None)
    if not spain or env["res.partner"].search_count(
        [("name", "=", "Carpintería Guadalquivir S.L.")]
    ):
        return env["debt.collection.case"]
    log("Adding credit-bureau reporting: a debtor reported and withdrawn after paying")
    manager = env["res.users"].search([("login", "=", "manager")], limit=1) or env.user
    env = env(user=manager.id, su=True)
    spain = spain.with_env(env)
    Bureau = env["debt.collection.bureau"]
    for name, file_format, code in BUREAUS:
        bureau = Bureau.search([("name", "=", name), ("company_id", "=", spain.id)])
        if not bureau:
            Bureau.create(
                {
                    "name": name,
                    "company_id": spain.id,
                    "country_id": env.ref("base.es").id,
                    "file_format": file_format,
                    "member_code": code,
                }
            )
    today = fields.Date.context_today(env.user)
    paid = _reported_case(
        env,
        spain,
        today,
        "Carpintería Guadalquivir S.L.",
        "ESB41234568",
        "Sevilla",
        "41001",
        1840.0,
    )
    unpaid = _reported_case(
        env, spain, today, "Talleres Nervión S.L.", "ESB48765432", "Bilbao", "48001", 962.4
    )
    bureaus = Bureau.search([("company_id", "=", spain.id), ("country_id.code", "=", "ES")])
    for bureau in bureaus:
        bureau.action_generate_file()
    # Carpintería Guadalquivir pays everything: the next file withdraws its record
    invoices = paid.invoice_ids
    register = (
        env["account.payment.register"]
        .with_company(spain)
        .with_context(active_model="account.move", active_ids=invoices.ids)
        .create({"payment_date": today})
    )
    register._create_payments()
    paid._close("paid", "paid")
    for bureau in bureaus:
        bureau.action_generate_file()
    return paid | unpaid


def _reported_case(env, company, today, name, vat, city, zip_code, amount):
    debtor = env["res.partner"].create(
        {
            "name": name,
            "is_company": True,
            "company_id": company.id,
            "vat": vat,
            "street": "Calle Mayor 7",
            "city": city,
            "zip": zip_code,
            "country_id": env.ref("base.es").id,
            "lang": "es_ES",
            "email": f"administracion@{vat.lower()}.example",
            "collection_email_valid": True,
            "collection_address_complete": True,
        }
    )
    due = today - timedelta(days=120)
    invoice = (
        env["account.move"]
        .with_company(company)
        .create(
            {
                "move_type": "out_invoice",
                "partner_id": debtor.id,
                "invoice_date": due - timedelta(days=30),
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create({"name": "Suministros", "price_unit": amount})
                ],
            }
        )
    )
    invoice.invoice_payment_term_id = False
    invoice.invoice_date_due = due
    invoice.action_post()
    user = env["res.users"].search([("login", "=", "lucia")], limit=1)
    case = env["debt.collection.case"].create(
        {"partner_id": debtor.id, "company_id": company.id, "user_id": user.id}
    )
    invoice.collection_case_id = case
    # the payment demand (burofax) naming the company's bureaus, delivered two days after
    notice = case._legal_prepare_notice()
    sent = today - timedelta(days=50)
    notice.write({"date_notice": sent, "deadline_days": 30})
    notice._mark_sent(datetime.combine(sent, time(10, 0)), "Correos (Burofax)", f"BF{vat}")
    delivered = sent + timedelta(days=2)
    notice._add_evidence(
        "return_receipt",
        "acuse-de-recibo.pdf",
        b"%PDF-1.4 demo receipt",
        datetime.combine(delivered, time(12, 0)),
        mimetype="application/pdf",
    )
    notice._mark_outcome("delivered", delivered)
    case.action_bureau_report()
    return case
