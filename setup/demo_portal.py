"""The debtor's side of the demo: a debtor who logs in to the portal, and a payment provider
that takes no money (payment_demo), so the debtor can pay online on their page.

Called by ``generate_portfolio.py --demo`` once the demo companies and invoices exist.
"""

from datetime import date

# login = password, as for the demo consultants (README)
DEMO_DEBTOR_LOGIN = "debtor"
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "no_reset_password": True,
}


def _demo_payment_provider(env, company):
    """Odoo's demo provider (test mode) in this company: the debtor's page offers to pay."""
    base = env.ref("payment.payment_provider_demo", raise_if_not_found=False)
    if not base:
        return env["payment.provider"]
    Provider = env["payment.provider"]
    provider = Provider.search([("code", "=", "demo"), ("company_id", "=", company.id)], limit=1)
    if not provider:
        provider = base.copy({"company_id": company.id})
    provider.write({"state": "test", "is_published": True})
    return provider


def _demo_debtor(env, company):
    """The individual debtor of this company with the most overdue invoices, the first by name
    among equals: the same one on every build of the demo."""
    groups = env["account.move"]._read_group(
        [
            ("company_id", "=", company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "=", "not_paid"),
            ("invoice_date_due", "<", date.today()),
            ("partner_id.is_company", "=", False),
            ("partner_id.email", "!=", False),
        ],
        ["partner_id"],
        ["__count"],
    )
    groups.sort(key=lambda row: (-row[1], row[0].name))
    return groups[0][0] if groups else env["res.partner"]


def make_demo_portal(env, companies, log=print):
    """A portal login for one debtor of the first demo company, and online payment in all."""
    for company in companies:
        _demo_payment_provider(env, company)
    Users = env["res.users"].with_context(**QUIET)
    user = Users.search([("login", "=", DEMO_DEBTOR_LOGIN)])
    if user:
        return user
    debtor = _demo_debtor(env, companies[:1])
    if not debtor:
        return Users
    log(f"Portal login for the debtor {debtor.name}: {DEMO_DEBTOR_LOGIN}")
    return Users.create(
        {
            "login": DEMO_DEBTOR_LOGIN,
            "password": DEMO_DEBTOR_LOGIN,
            "name": debtor.name,
            "partner_id": debtor.id,
            "company_id": companies[0].id,
            "company_ids": [(6, 0, companies[:1].ids)],
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
        }
    )


# The creditor's side (agency mode): a contact of one of the agency's creditors logs in to see
# its portfolio; login = password, as for the debtor
DEMO_CREDITOR_LOGIN = "creditor"
DEMO_CREDITOR_NAME = "Aguas del Turia S.A."
DEMO_CREDITOR_CONTACT = "Marta Ferrer"


def make_demo_creditor(env, log=print):
    """A portal login for a contact of the utility the demo agency collects for, and a plan
    above the mandate's settlement authority waiting for its approval.

    Called once the collection engine has opened the agency's cases. Idempotent."""
    from datetime import timedelta

    from odoo import Command, fields

    Users = env["res.users"].with_context(**QUIET)
    if Users.search_count([("login", "=", DEMO_CREDITOR_LOGIN)]):
        return Users.search([("login", "=", DEMO_CREDITOR_LOGIN)])
    mandate = env["debt.collection.mandate"].search(
        [("creditor_id.name", "=", DEMO_CREDITOR_NAME), ("state", "=", "active")], limit=1
    )
    if not mandate:
        log("demo creditor: no mandate for the utility (agency demo missing)")
        return Users
    company = mandate.company_id
    creditor = mandate.creditor_id
    contact = env["res.partner"].create(
        {
            "name": DEMO_CREDITOR_CONTACT,
            "parent_id": creditor.id,
            "email": "marta.ferrer@aguasdelturia.example",
            "lang": "es_ES",
        }
    )
    log(f"Portal login for the creditor {creditor.name}: {DEMO_CREDITOR_LOGIN}")
    user = Users.create(
        {
            "login": DEMO_CREDITOR_LOGIN,
            "password": DEMO_CREDITOR_LOGIN,
            "name": contact.name,
            "partner_id": contact.id,
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    # the debtor asked to pay in 18 months with a 20 % discount; the mandate allows 12 and 10 %
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    case = env["debt.collection.case"].search(
        [
            ("creditor_id", "=", creditor.id),
            ("company_id", "=", company.id),
            ("state", "=", "open"),
            ("amount_residual", ">", 300),
        ],
        order="amount_residual desc, id",
        limit=1,
    )
    if not case:
        return user
    consultant = case.user_id or mandate.user_ids[:1]
    count = 18
    # a plan never covers a disputed invoice
    due = sum(case._collection_plan_invoices().mapped("amount_residual_signed"))
    total = case.currency_id.round(due * 0.8)
    share = case.currency_id.round(total / count)
    first = fields.Date.context_today(case) + timedelta(days=10)
    plan = (
        env["debt.collection.plan"]
        .with_user(consultant)
        .with_context(allowed_company_ids=company.ids)
        .create(
            {
                "case_id": case.id,
                "amount_due": due,
                "amount_total": total,
                "note": "El deudor pide 18 meses: está en paro desde septiembre.",
                "line_ids": [
                    Command.create(
                        {
                            "date_due": first + timedelta(days=30 * index),
                            "amount": share
                            if index < count - 1
                            else case.currency_id.round(total - share * (count - 1)),
                        }
                    )
                    for index in range(count)
                ],
            }
        )
    )
    plan.action_confirm()
    log(f"  {plan.name} on {case.name} waits for {creditor.name}'s approval ({plan.state})")
    return user
