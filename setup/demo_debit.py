"""The demo's plan paid by SEPA direct debit: a Spanish debtor's plan whose first debit was
collected, whose second came back unpaid (AM04, insufficient funds) and whose third waits in a
direct-debit order for the accountant.

Called by ``generate_portfolio.py --demo`` after the back office's demo. Running it again
changes nothing (a company with a direct-debit payment mode is skipped).
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

# the demo company's SEPA creditor identifier (valid check digits)
CREDITOR_ID = "ES11ZZZB12345674"
DEBTOR_IBAN = "ES76 2077 0024 0031 0257 5766"
COMPANY_IBAN = "ES7921000813610123456789"


def setup_debit_demo(env, log=print, commit=True):
    spain = env.ref("base.es")
    company = env["res.company"].search(
        [
            ("partner_id.country_id", "=", spain.id),
            ("collection_debit_payment_mode_id", "=", False),
        ],
        limit=1,
    )
    if not company or env["account.payment.mode"].search_count(
        [("company_id", "=", company.id), ("payment_method_id.code", "=", "sepa_direct_debit")]
    ):
        return
    env = env(context=dict(env.context, allowed_company_ids=company.ids, tracking_disable=True))
    company = company.with_env(env)
    today = date.today()
    first = today - relativedelta(months=2)
    case = env["debt.collection.case"].search(
        [
            ("company_id", "=", company.id),
            ("state", "=", "open"),
            ("user_id", "!=", False),
            ("plan_ids", "=", False),
            ("amount_residual", ">", 300),
            ("amount_residual", "<", 3000),
            ("date_due_oldest", "<", first - timedelta(days=20)),
        ],
        order="id",
        limit=1,
    )
    if not case:
        return
    log(f"A plan paid by SEPA direct debit, with one returned debit, in {company.name}")
    mode = _payment_mode(env, company)
    consultant = case.user_id
    with freeze_time(first - timedelta(days=20)):
        wizard = (
            env["debt.collection.plan.wizard"]
            .with_user(consultant)
            .create(
                {
                    "case_id": case.id,
                    "instalment_count": 3,
                    "frequency": "monthly",
                    "date_first": first,
                    "debit": True,
                    "debit_iban": DEBTOR_IBAN,
                    "debit_signed_by": case.partner_id.name,
                }
            )
        )
        action = wizard.action_propose()
        plan = env["debt.collection.plan"].browse(action["res_id"])
        plan.with_user(consultant).action_confirm()
    _debits_and_return(env, company, plan, mode, today, commit)


def _debits_and_return(env, company, plan, mode, today, commit=True):
    """The plan's debits up to today: each in its order, sent; the second returned (AM04)."""
    case = plan.case_id
    Line = env["debt.collection.plan.line"]
    lines = plan.line_ids.sorted("sequence")
    orders = []
    for line in lines:
        # the pre-notification of past debits is history here (the demo's run logged later
        # contacts, which the gate would count against a notice dated in the past): recorded as
        # sent 14 days before; the hourly job then puts each debit in its order
        notify = line.debit_date - timedelta(days=plan.mandate_id.collection_prenotice_days)
        if notify < today and line.debit_state == "scheduled":
            line.write({"debit_state": "notified", "debit_notified_on": notify})
        collect = line.debit_date - timedelta(days=company.collection_debit_lead_days)
        with freeze_time(f"{min(collect, today)} 10:00:00"):
            Line._cron_collection_debit()
        if line.debit_date >= today:
            break  # its order waits for the accountant to review and send
        order = env["account.payment.order"].search(
            [("payment_mode_id", "=", mode.id), ("state", "=", "draft")], limit=1
        )
        if not order:
            break
        with freeze_time(f"{collect} 10:00:00"):
            order.draft2open()
            order.open2generated()
            order.generated2uploaded()
        orders.append(order)
    if commit:
        env.cr.commit()
    if len(orders) >= 2:
        # the second debit came back: not enough money on the account
        returned = orders[1]
        payment_aml = returned.payment_ids.move_id.line_ids.filtered(
            lambda l: l.account_id.account_type == "asset_receivable"
        )
        when = lines[1].debit_date + timedelta(days=4)
        with freeze_time(f"{when} 10:00:00"):
            payment_return = env["payment.return"].create(
                {
                    "journal_id": mode.fixed_journal_id.id,
                    "date": when,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "move_line_ids": [(6, 0, payment_aml.ids)],
                                "amount": lines[1].amount,
                                "reason_id": env.ref(
                                    "account_payment_return_import_iso20022.unpaid_reason_AM04"
                                ).id,
                                "partner_id": case.partner_id.id,
                                "date": when,
                            },
                        )
                    ],
                }
            )
            payment_return.action_confirm()
    if commit:
        env.cr.commit()


def _payment_mode(env, company):
    """SEPA Core direct debit on the company's bank journal, set as the plans' mode."""
    company.sepa_creditor_identifier = company.sepa_creditor_identifier or CREDITOR_ID
    sdd = env.ref("account_banking_sepa_direct_debit.sepa_direct_debit")
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    if not journal.bank_account_id:
        journal.bank_account_id = env["res.partner.bank"].create(
            {
                "acc_number": COMPANY_IBAN,
                "partner_id": company.partner_id.id,
                "company_id": company.id,
            }
        )
    if sdd not in journal.inbound_payment_method_line_ids.payment_method_id:
        journal.inbound_payment_method_line_ids = [(0, 0, {"payment_method_id": sdd.id})]
    mode = env["account.payment.mode"].create(
        {
            "name": "Adeudo directo SEPA (CORE)",
            "company_id": company.id,
            "payment_method_id": sdd.id,
            "bank_account_link": "fixed",
            "fixed_journal_id": journal.id,
        }
    )
    company.collection_debit_payment_mode_id = mode
    return mode
