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
