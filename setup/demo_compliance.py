"""Demo of the compliance gate (issue 15), in Lucía's Spanish company:

- a Colombian debtor, living in Bogotá: her e-mail carries a consent record (Colombia allows
  only channels the debtor authorised) and the gate refuses to e-mail her on a Sunday (the
  refusal is in the case's chatter, naming the rule);
- a dispute received by letter: the case waits, its scan attached;
- a debtor who wrote "do not contact me any more": cease-contact, every channel refused.

Called by ``generate_portfolio.py --demo`` once the collection engine has run. Idempotent: a
second call finds the Colombian debtor and changes nothing.
"""

import base64
from datetime import date, datetime, timedelta

DEMO_DEBTOR = "Valentina Restrepo Gómez"
CONSENT_TEXT = (
    "Autorizo a Suministros Levante S.L. a contactarme por correo electrónico para la gestión "
    "de cobranza de mis obligaciones, conforme a la Ley 2300 de 2023."
)


def setup_compliance_demo(env, log=print):
    lucia = env["res.users"].search([("login", "=", "lucia")], limit=1)
    if not lucia:
        log("demo compliance: no user lucia (run with --demo)")
        return
    Partner = env["res.partner"]
    if Partner.search_count([("name", "=", DEMO_DEBTOR)]):
        log("demo compliance: already there")
        return
    company = lucia.company_id
    log(f"Compliance: a Colombian debtor, a dispute by letter, a cease-contact in {company.name}")
    case = _colombian_case(env, company, lucia)
    _sunday_refusal(case)
    Case = env["debt.collection.case"]
    open_cases = Case.search(
        [
            ("company_id", "=", company.id),
            ("user_id", "=", lucia.id),
            ("state", "=", "open"),
            ("creditor_id", "=", False),
            ("id", "!=", case.id),
        ],
        order="amount_residual desc",
    )
    if len(open_cases) < 2:
        return
    Wizard = env["debt.collection.request.wizard"].with_user(lucia)
    Wizard.create(
        {
            "case_id": open_cases[-1].id,
            "source": "letter",
            "request": "dispute",
            "date_received": date.today() - timedelta(days=2),
            "reason": "Dice que devolvió la mercancía en septiembre y adjunta el albarán.",
            "document": base64.b64encode(b"%PDF-1.4 demo scan of the debtor's letter"),
            "document_name": "carta-del-deudor.pdf",
        }
    ).action_confirm()
    Wizard.create(
        {
            "case_id": open_cases[-2].id,
            "source": "letter",
            "request": "cease",
            "date_received": date.today() - timedelta(days=1),
            "reason": "Pide que solo le escriba su abogado.",
        }
    ).action_confirm()
    env.cr.commit()


def _colombian_case(env, company, consultant):
    """A debtor in Bogotá (no time zone of her own: Colombia's is used) with an overdue invoice,
    her e-mail authorised for collection."""
    from odoo import Command

    debtor = env["res.partner"].create(
        {
            "name": DEMO_DEBTOR,
            "email": "valentina.restrepo@example.com",
            "mobile": "+57 300 123 4567",
            "street": "Carrera 7 # 71-21",
            "zip": "110231",
            "city": "Bogotá",
            "country_id": env.ref("base.co").id,
            "lang": "es_ES" if env["res.lang"]._lang_get("es_ES") else "en_US",
            "company_id": company.id,
        }
    )
    invoice = (
        env["account.move"]
        .with_company(company)
        .create(
            {
                "move_type": "out_invoice",
                "partner_id": debtor.id,
                "company_id": company.id,
                "invoice_date": date.today() - timedelta(days=75),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Suministro de material", "quantity": 1, "price_unit": 860.0}
                    )
                ],
            }
        )
    )
    invoice.invoice_payment_term_id = False
    invoice.invoice_date_due = date.today() - timedelta(days=45)
    invoice.action_post()
    case = env["debt.collection.case"].create(
        {
            "partner_id": debtor.id,
            "company_id": company.id,
            "user_id": consultant.id,
            "strategy_id": env.ref("debt_collection.debt_collection_strategy_standard").id,
        }
    )
    invoice.collection_case_id = case
    email = debtor._collection_sync_contact_points().filtered(lambda p: p.kind == "email")
    email.with_user(consultant)._collection_record_consent(
        "written", CONSENT_TEXT, "Formulario firmado, escaneado en el expediente del acreedor"
    )
    return case


def _sunday_refusal(case):
    """Asked to e-mail her next Sunday at 10:00 in Bogotá, the gate says no, in the chatter."""
    today = date.today()
    sunday = today + timedelta(days=(6 - today.weekday()) or 7)
    when = datetime(sunday.year, sunday.month, sunday.day, 15, 0)  # 10:00 in Bogotá (UTC-5)
    case._collection_may_contact("email", when=when)
