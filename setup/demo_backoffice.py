"""The back office of the demo: who may do what, and money moving through the cases.

Called by ``generate_portfolio.py --demo --run-collection`` once the collection engine has run:

- consultants hold the least rights their job needs (their cases, the invoices and payments
  their cases show, correcting their debtors' contact data) and no Accounting group, and land
  on their cases when they log in;
- in each demo company some debtors paid after a step of the ladder, one kept a promise and
  one broke it, one paid without the payment being matched to an invoice yet, one case was
  written off and one settled for less, and one plan runs: every report and filter of the
  back office has real rows.

Running it again changes nothing (a company whose cases already hold promises is skipped).
"""

from datetime import date, timedelta

import demo_jobs
from freezegun import freeze_time

CONSULTANT = "debt_collection.debt_collection_group_user"
MANAGER = "debt_collection.debt_collection_group_manager"
# What a consultant needs besides their collection group: to correct the contact data of their
# debtors (Contacts). No Accounting group: Accounting's rules read every creditor's invoices and
# payments; a consultant sees those of their cases on the case (issue 23)
CONSULTANT_GROUPS = (CONSULTANT, "base.group_partner_manager")
HOME_ACTION = "debt_collection.debt_collection_case_action"
QUIET = {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True}
# Provinces of the generator's Italian towns: Italian addresses end "20125 Milano (MI)"
PROVINCES = {
    "Milano": "MI",
    "Roma": "RM",
    "Torino": "TO",
    "Bergamo": "BG",
    "Brescia": "BS",
    "Monza": "MB",
    "Como": "CO",
    "Bologna": "BO",
    "Napoli": "NA",
    "Varese": "VA",
}


def complete_demo(env, log=print):
    users = configure_users(env)
    add_provinces(env)
    Case = env["debt.collection.case"]
    for company in Case.search([]).company_id:
        if env["debt.collection.promise"].search_count([("company_id", "=", company.id)]):
            continue
        managers = users.filtered(
            lambda user, company=company: (
                user.has_group(MANAGER)
                and company in user.company_ids
                and not user.has_group("base.group_system")
            )
        )
        if not managers:
            continue
        log(f"Payments, promises, a write-off and plans in {company.name}")
        _move_money(env, company, managers[0])
        env.cr.commit()
    # the nightly run decides the promises and plans and finds the unmatched payment
    Run = env["debt.collection.run"].with_context(debt_collection_commit=True)
    Run._cron_run()
    env.cr.commit()
    demo_jobs.perform_jobs(env)
    Run._cron_render_letters()
    env.cr.commit()
    demo_jobs.perform_jobs(env)


def configure_users(env):
    """Consultants get the least rights (not the Default User Template's accounting
    administrator); everyone in collection lands on the cases."""
    users = env["res.users"].search([("share", "=", False), ("login", "not in", ("__system__",))])
    users = users.filtered(lambda user: user.has_group(CONSULTANT))
    home = env.ref(HOME_ACTION)
    for user in users:
        if not user.has_group(MANAGER) and not user.has_group("base.group_system"):
            groups = [env.ref(xmlid).id for xmlid in CONSULTANT_GROUPS]
            if len(user.company_ids) > 1:
                groups.append(env.ref("base.group_multi_company").id)
            user.groups_id = [(6, 0, groups)]
    users.write({"action_id": home.id})
    return users


def add_provinces(env):
    """The province of Italian addresses that have none (the generator writes none)."""
    italy = env.ref("base.it")
    partners = env["res.partner"].search(
        [("country_id", "=", italy.id), ("state_id", "=", False), ("city", "in", list(PROVINCES))]
    )
    states = {
        state.code: state
        for state in env["res.country.state"].search(
            [("country_id", "=", italy.id), ("code", "in", list(PROVINCES.values()))]
        )
    }
    for partner in partners:
        state = states.get(PROVINCES[partner.city])
        if state:
            partner.state_id = state


def _move_money(env, company, manager):
    env = env(context=dict(env.context, **QUIET, allowed_company_ids=company.ids))
    today = date.today()
    cases = env["debt.collection.case"].search(
        [
            ("company_id", "=", company.id),
            ("state", "=", "open"),
            ("user_id", "!=", False),
            ("action_ids", "!=", False),
            ("amount_residual", ">", 100),
        ],
        order="id",
    )
    cases = _one_per_debtor(cases)
    if len(cases) < 7:
        return
    recovered, kept, broken, unmatched, lost, settled, running = cases[:7]

    # paid after a step of the ladder: recovered by collection
    _pay(env, recovered, recovered.amount_residual * 0.4, today - timedelta(days=3))

    # a promise kept by a payment inside its window
    with freeze_time(today - timedelta(days=6)):
        amount = round(kept.amount_residual * 0.3, 2)
        _promise(kept, amount, today - timedelta(days=1))
    _pay(env, kept, amount, today - timedelta(days=2))

    # a promise broken: nothing came by its date and grace
    with freeze_time(today - timedelta(days=14)):
        _promise(broken, round(broken.amount_residual * 0.5, 2), today - timedelta(days=8))

    # a transfer from the debtor that the accountant has not matched with an invoice yet
    payment = env["account.payment"].create(
        {
            "payment_type": "inbound",
            "partner_type": "customer",
            "partner_id": unmatched.partner_id.id,
            "amount": round(unmatched.amount_residual * 0.5, 2),
            "date": today - timedelta(days=2),
            "journal_id": _bank(env, company).id,
            "memo": unmatched.name,
        }
    )
    payment.action_post()

    # written off: legal action would cost more than the debt
    with freeze_time(today - timedelta(days=4)):
        wizard = (
            env["debt.collection.writeoff.wizard"]
            .with_user(manager)
            .with_context(lang=manager.lang)
            .create(
                {
                    "case_id": lost.id,
                    "reason": "cost_benefit",
                    "legal_cost": round(lost.amount_residual * 1.5, 2),
                }
            )
        )
        wizard._onchange_legal_cost()
        wizard.action_confirm()

    # settled for 85 %: above a consultant's authority, approved, paid in two instalments
    with freeze_time(today - timedelta(days=20)):
        total = round(settled.amount_residual * 0.85, 2)
        plan = _plan(
            settled,
            amount_total=total,
            instalment_count=2,
            frequency="fortnightly",
            date_first=today - timedelta(days=15),
        )
        plan.action_confirm()
        plan.with_user(manager).action_approve()
    first = plan.line_ids.sorted("sequence")[0]
    _pay(env, settled, first.amount, first.date_due)
    _pay(env, settled, total - first.amount, today - timedelta(days=1))

    # a plan that runs: three monthly instalments from next week
    plan = _plan(
        running,
        amount_total=round(running.amount_residual * 0.95, 2),
        instalment_count=3,
        frequency="monthly",
        date_first=today + timedelta(days=7),
    )
    plan.action_confirm()


def _one_per_debtor(cases):
    seen, kept = set(), cases.browse()
    for case in cases:
        if case.partner_id.id not in seen:
            seen.add(case.partner_id.id)
            kept |= case
    return kept


def _bank(env, company):
    return env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )


def _pay(env, case, amount, when):
    """The debtor pays ``amount`` by bank on ``when``, matched with the oldest invoices."""
    left = case.currency_id.round(amount)
    for invoice in case.invoice_ids.filtered(
        lambda move: move.state == "posted" and move.payment_state in ("not_paid", "partial")
    ).sorted(lambda move: (move.invoice_date_due, move.id)):
        if case.currency_id.is_zero(left):
            break
        part = min(left, invoice.amount_residual)
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {"amount": part, "payment_date": when, "journal_id": _bank(env, case.company_id).id}
        )._create_payments()
        left = case.currency_id.round(left - part)


def _promise(case, amount, promised):
    consultant = case.user_id
    return (
        case.env["debt.collection.promise"]
        .with_user(consultant)
        .create(
            {
                "case_id": case.id,
                "amount": amount,
                "date_promised": promised,
                "channel": "call",
                "payment_method": "Bonifico bancario"
                if (case.company_id.partner_id.lang or "").startswith("it")
                else "Transferencia bancaria",
            }
        )
    )


def _plan(case, **values):
    consultant = case.user_id
    wizard = (
        case.env["debt.collection.plan.wizard"]
        .with_user(consultant)
        .create({"case_id": case.id, **values})
    )
    action = wizard.action_propose()
    return case.env["debt.collection.plan"].with_user(consultant).browse(action["res_id"])
