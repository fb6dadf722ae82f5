"""Demo of the consultant's day (issue 16): Lucía's queue, her visits, and the dashboards.

Called by ``generate_portfolio.py --demo`` once the collection engine has run. Idempotent: a
second call finds the demo's marks and changes nothing.
"""

from datetime import timedelta

DEMO_MARK = "[demo workspace]"
# What Lucía finds in her queue, one case each, besides the calls the engine scheduled
DEMO_SITUATIONS = [
    "promise_due",
    "promise_broken",
    "promise_partial",
    "message",
    "dispute",
    "verify",
    "visit",
    "visit",
    "visit",
]
DEBTOR_MESSAGES = [
    "Buenos días, esta semana cobro una factura grande y les pago la mitad. ¿Me llaman el lunes?",
]
VISIT_ADDRESSES = [
    ("Calle de Colón 14", "46004", "Valencia"),
    ("Avenida del Puerto 201", "46023", "Valencia"),
    ("Calle de la Paz 7", "46003", "Valencia"),
]


def setup_workspace_demo(env, log=print):
    """Give Lucía a queue that makes sense at a glance, and the dashboards some history."""
    from odoo import fields

    lucia = env["res.users"].search([("login", "=", "lucia")], limit=1)
    if not lucia:
        log("demo workspace: no user lucia (run with --demo)")
        return
    company = lucia.company_id
    Case = env["debt.collection.case"]
    if Case.search_count([("note", "ilike", DEMO_MARK)]):
        log("demo workspace: already there")
        return
    cases = Case.search(
        [
            ("company_id", "=", company.id),
            ("state", "=", "open"),
            ("amount_residual", ">", 0),
            ("creditor_id", "=", False),
        ],
        order="amount_residual desc",
    )
    mine = cases.filtered(lambda c: c.user_id == lucia)
    # Lucía works the bigger half of the Spanish portfolio
    extra = (cases - mine)[: max(0, 20 - len(mine))]
    extra.write({"user_id": lucia.id})
    mine |= extra
    picked = mine.sorted(lambda c: -c.amount_residual)[: len(DEMO_SITUATIONS)]
    today = fields.Date.context_today(lucia)
    Promise = env["debt.collection.promise"]
    visits = iter(VISIT_ADDRESSES)
    for case, situation in zip(picked, DEMO_SITUATIONS, strict=False):
        amount = round(case.amount_residual / 3, 2)
        if situation == "promise_due":
            Promise.create(
                {
                    "case_id": case.id,
                    "amount": amount,
                    "date_promised": today,
                    "user_id": lucia.id,
                }
            )
        elif situation in ("promise_broken", "promise_partial"):
            promise = Promise.create(
                {
                    "case_id": case.id,
                    "amount": amount,
                    "date_promised": today,
                    "channel": "call",
                    "user_id": lucia.id,
                }
            )
            state = situation.removeprefix("promise_")
            if state == "partial":
                # half of it paid by bank: the promise's figure is read from the books
                _pay(case, round(amount / 2, 2), today)
            promise._decide(state, promise._collection_paid_amounts().get(promise.id, 0.0), today)
        elif situation == "message":
            case.message_post(
                body=DEBTOR_MESSAGES[0],
                author_id=case.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        elif situation == "dispute":
            case.write({"state": "disputed", "debtor_kind": "disputes"})
        elif situation == "verify":
            # in Lucía's language: the summary is copied from the type when scheduled
            case.with_context(lang=lucia.lang).activity_schedule(
                "debt_collection.mail_activity_type_collection_verify",
                date_deadline=today,
                user_id=lucia.id,
            )
        elif situation == "visit":
            street, zip_code, city = next(visits)
            case.partner_id.write({"street": street, "zip": zip_code, "city": city})
            # in Lucía's language: the summary is copied from the type when scheduled
            case.with_context(lang=lucia.lang).activity_schedule(
                "debt_collection.mail_activity_type_collection_visit",
                date_deadline=today,
                user_id=lucia.id,
            )
        case.note = f"<p>{DEMO_MARK}</p>"
    # calls due today on the next cases, some already called before (time spent, cost to collect)
    for index, case in enumerate((mine - picked)[:6]):
        case.with_context(lang=lucia.lang).activity_schedule(
            "debt_collection.mail_activity_type_collection_call",
            date_deadline=today - timedelta(days=index % 2),
            user_id=lucia.id,
        )
        if index % 2:
            env["debt.collection.action"].with_user(lucia)._log(
                {
                    "case_id": case.id,
                    "channel": "call",
                    "result": "no_answer",
                    "user_id": lucia.id,
                    "duration": 2.0 + index,
                    "date": fields.Datetime.now() - timedelta(days=5),
                }
            )
    # the first monthly aging fills in the last twelve month ends from the books: roll rates
    env["debt.collection.aging"]._cron_snapshot()
    log(f"demo workspace: Lucía's queue holds {len(picked) + 6} cases with something to do today")


def _pay(case, amount, when):
    """The debtor pays ``amount`` on ``when``, matched with the oldest open invoices."""
    left = case.currency_id.round(amount)
    invoices = case.invoice_ids.filtered(
        lambda move: move.state == "posted" and move.payment_state in ("not_paid", "partial")
    ).sorted(lambda move: (move.invoice_date_due, move.id))
    for invoice in invoices:
        if case.currency_id.is_zero(left):
            break
        part = min(left, invoice.amount_residual)
        case.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": part, "payment_date": when})._create_payments()
        left = case.currency_id.round(left - part)
