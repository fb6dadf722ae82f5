"""The accounts and taxes of a company's chart that collection books to, found by the chart's
own xml ids (Odoo's l10n_es and l10n_it), then by account code, else nothing."""

# Template ids (without the "account.<company id>_" prefix Odoo gives them per company), then
# code prefixes, best first. Spain's PGC: 650 "Pérdidas de créditos comerciales incobrables",
# 705 "Prestaciones de servicios"; Italy: 4905 "Perdite su crediti".
BAD_DEBT = {
    "xmlids": (
        "account_pymes_650",
        "account_full_650",
        "account_coop_650",
        "account_assoc_655",
        "4905",
    ),
    "codes": ("650", "4905"),
    "types": ("expense", "expense_other"),
}
SERVICES_INCOME = {
    "xmlids": ("account_common_7050",),
    "codes": ("705",),
    "types": ("income", "income_other"),
}
# the VAT on services sold (Spain's "IVA 21% (Servicios)"; Italy's 22% is the same for both)
SERVICES_SALE_TAX = ("account_tax_template_s_iva21s", "22v")


def _chart_ref(env, company, xmlid):
    return env.ref(f"account.{company.id}_{xmlid}", raise_if_not_found=False)


def chart_account(env, company, spec):
    """The company's account for ``spec`` (``BAD_DEBT``, ``SERVICES_INCOME``), or an empty
    recordset when its chart has none."""
    Account = env["account.account"].with_company(company)
    for xmlid in spec["xmlids"]:
        account = _chart_ref(env, company, xmlid)
        if account and account._name == "account.account" and company in account.company_ids:
            return Account.browse(account.id)
    for code in spec["codes"]:
        account = Account.search(
            [
                ("company_ids", "in", company.ids),
                ("code", "=like", f"{code}%"),
                ("account_type", "in", spec["types"]),
            ],
            order="code",
            limit=1,
        )
        if account:
            return account
    return Account


def services_sale_tax(env, company):
    """The company's sale VAT on services, or an empty recordset."""
    for xmlid in SERVICES_SALE_TAX:
        tax = _chart_ref(env, company, xmlid)
        if tax and tax._name == "account.tax" and tax.company_id == company and tax.active:
            return tax
    return env["account.tax"]
