"""A company set up for SEPA Core direct debit (OCA's payment mode on its bank journal)."""

CREDITOR_ID = "ES11ZZZB12345674"


def setup_direct_debit(env, company, creditor_id=CREDITOR_ID):
    """The company's creditor identifier, its bank journal with an IBAN and the direct-debit
    method, and the payment mode the plans' debits use; returns the payment mode."""
    company.sepa_creditor_identifier = creditor_id
    sdd = env.ref("account_banking_sepa_direct_debit.sepa_direct_debit")
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    if not journal.bank_account_id:
        journal.bank_account_id = (
            env["res.partner.bank"]
            .sudo()
            .create(
                {
                    "acc_number": "ES7921000813610123456789",
                    "partner_id": company.partner_id.id,
                    "company_id": company.id,
                }
            )
        )
    if sdd not in journal.inbound_payment_method_line_ids.payment_method_id:
        journal.inbound_payment_method_line_ids = [(0, 0, {"payment_method_id": sdd.id})]
    mode = env["account.payment.mode"].create(
        {
            "name": "SEPA Core direct debit",
            "company_id": company.id,
            "payment_method_id": sdd.id,
            "bank_account_link": "fixed",
            "fixed_journal_id": journal.id,
        }
    )
    company.collection_debit_payment_mode_id = mode
    return mode
