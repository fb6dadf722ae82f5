"""The court claims in the demo (issue 28, part 2): two claims prepared where extrajudicial
collection ended.

* Reformas Turia 2019 S.L. (Valencia, from ``demo_legal``): the burofax was refused and its
  deadline passed; a proceso monitorio petition for the Juzgado de Primera Instancia de
  Valencia, with the debtor's known assets and the cost-benefit.
* Edilnova Bergamo S.r.l. (Bergamo): a registered letter delivered, the deadline passed; the
  draft of a ricorso per decreto ingiuntivo for the lawyer, before the Giudice di Pace by value.

``generate_claim_demo(env, companies)`` is called by ``generate_portfolio.py --demo`` after
``demo_legal``.
"""

from datetime import datetime, time, timedelta

from demo_legal import LEGAL_GROUP, _case, _debtor, _scan_pdf, _serving_reports

from odoo import fields


def generate_claim_demo(env, companies, log=print):
    """The two claims (once: nothing is added if claims exist)."""
    if "debt.collection.claim" not in env or env["debt.collection.claim"].search_count([]):
        return env["debt.collection.claim"]
    by_country = {company.country_id.code: company for company in companies}
    spain, italy = by_country.get("ES"), by_country.get("IT")
    manager = env["res.users"].search([("login", "=", "manager")], limit=1)
    if not (spain and italy and manager and manager.has_group(LEGAL_GROUP)):
        return env["debt.collection.claim"]
    log("Adding the court claims: a proceso monitorio and a decreto ingiuntivo")
    env = env(user=manager.id, su=True)
    today = fields.Date.context_today(env.user)
    claims = env["debt.collection.claim"]
    turia = env["debt.collection.case"].search(
        [("partner_id.name", "=", "Reformas Turia 2019 S.L."), ("company_id", "=", spain.id)],
        limit=1,
    )
    if turia:
        claim = turia._legal_prepare_claim()
        claim.assets_note = (
            "Owns two vans (DGT register); active account at CaixaBank known from its payments."
        )
        turia.solvency_note = "Still trading: new works advertised in Valencia this month."
        claims |= claim
    with _serving_reports(env):
        claims |= _italian_claim(env, italy.with_env(env), today)
    return claims


def _italian_claim(env, company, today):
    debtor = _debtor(
        env,
        company,
        "Edilnova Bergamo S.r.l.",
        vat="IT02345670166",
        street="Via Borgo Palazzo 88",
        city="Bergamo",
        zip="24125",
        country="it",
        lang="it_IT",
    )
    case = _case(
        env,
        company,
        debtor,
        "giulia",
        [(3900.0, today - timedelta(days=210)), (2450.0, today - timedelta(days=160))],
    )
    notice = case._legal_prepare_notice()
    notice.write({"date_notice": today - timedelta(days=45), "channel": "registered"})
    notice._render_pdf()
    notice._mark_sent(
        datetime.combine(today - timedelta(days=45), time(10, 15)),
        "Poste Italiane (Raccomandata A/R)",
        "RA123456789IT",
    )
    delivered = today - timedelta(days=41)
    notice._add_evidence(
        "return_receipt",
        "avviso-di-ricevimento.pdf",
        _scan_pdf(
            f"Poste Italiane - Raccomandata RA123456789IT - Consegnata il {delivered:%d/%m/%Y}"
        ),
        datetime.combine(delivered, time(11, 0)),
        mimetype="application/pdf",
    )
    notice._mark_outcome("delivered", delivered)
    env["debt.collection.legal.notice"]._cron_check_deadlines()
    case.solvency_note = (
        "Cantieri aperti a Bergamo e Brescia; nessuna procedura concorsuale risulta."
    )
    claim = case._legal_prepare_claim()
    claim.assets_note = (
        "Proprietaria del deposito di Seriate (visura catastale); crediti verso enti pubblici."
    )
    return claim
