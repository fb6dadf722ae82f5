"""Demo of WhatsApp and of the friendly reminder before the due date (issue 27), in Lucía's
Spanish company:

- a WhatsApp gateway pointing nowhere real (Cloud API address http://127.0.0.1:9/, a made-up
  token): nothing leaves the machine; the README says how to connect a real account;
- Meta-approved templates (Spanish and Italian) of the payment reminder;
- a debtor's WhatsApp thread on her case: the reminder (read), her reply asking to pay in two
  halves, the consultant's answer inside the 24-hour window, her thanks; the replies went the
  way real ones go (the gateway's channel, then the case's chatter and the consultant's queue);
- the pre-due reminder on for the standard strategy (the demo's consumers' ladder): 5 days
  before the due date, by e-mail; a debtor with two invoices falling due gets one statement in
  her chatter.

Called by ``generate_portfolio.py --demo`` once the collection engine has run. Idempotent: a
second call finds the demo gateway and changes nothing.
"""

import secrets
from datetime import date, datetime, timedelta

DEMO_GATEWAY = "WhatsApp Business (demo, not connected)"
TEMPLATES = {
    "es": (
        "Recordatorio de pago",
        (
            "Hola {{1}}, le recordamos que tiene un saldo pendiente de {{2}} con vencimiento el "
            "{{3}}. Puede consultarlo y pagarlo aquí: {{4}}. Si ya lo ha pagado, gracias y "
            "disculpe la molestia."
        ),
    ),
    "it": (
        "Promemoria di pagamento",
        (
            "Gentile {{1}}, le ricordiamo il saldo di {{2}} scaduto il {{3}}. Può consultarlo e "
            "pagarlo qui: {{4}}. Se ha già pagato, grazie e ci scusi per il disturbo."
        ),
    ),
}
VARIABLES = ["debtor_name", "amount_text", "date_due_text", "page_url"]
DEMO_MOBILE = "+34 612 480 215"
REMINDER_DEBTOR = "Carmen Ruiz Ortega"


def setup_whatsapp_demo(env, log=print):
    lucia = env["res.users"].search([("login", "=", "lucia")], limit=1)
    if not lucia:
        log("demo whatsapp: no user lucia (run with --demo)")
        return
    if env["mail.gateway"].search_count([("name", "=", DEMO_GATEWAY)]):
        log("demo whatsapp: already there")
        return
    company = lucia.company_id
    log(f"WhatsApp: a gateway, templates and a debtor's thread in {company.name}")
    gateway = _gateway(env, company, lucia)
    templates = _templates(env, gateway)
    strategy = env.ref("debt_collection.debt_collection_strategy_standard")
    stage = env.ref("debt_collection.debt_collection_stage_standard_reminder")
    stage.whatsapp_template_ids = [(6, 0, templates.ids)]
    case = _thread_case(env, company, lucia)
    if case:
        _thread(env, gateway, case, lucia, templates)
    strategy.write({"prereminder_days": 5, "prereminder_channel": "email"})
    _prereminder(env, company)
    env.cr.commit()


def _gateway(env, company, lucia):
    return env["mail.gateway"].create(
        {
            "name": DEMO_GATEWAY,
            "gateway_type": "whatsapp",
            "token": f"demo-token-not-real-{company.id}",
            "webhook_key": f"demo-whatsapp-{company.id}",
            "webhook_secret": secrets.token_hex(16),
            "whatsapp_security_key": secrets.token_hex(8),
            "whatsapp_from_phone": "100000000000000",
            "whatsapp_account_id": "200000000000000",
            # nowhere real: the discard port of this machine, nothing leaves it
            "collection_api_url": "http://127.0.0.1:9/",
            "company_id": company.id,
            # no consultant is a member of the gateway: the debtors' replies reach them on their
            # cases (chatter and queue); OCA's gateway members must hold its Gateway group
        }
    )


def _templates(env, gateway):
    model_id = env["ir.model"]._get_id("debt.collection.whatsapp.message")
    Template = env["mail.whatsapp.template"]
    for language, (name, body) in TEMPLATES.items():
        Template |= Template.create(
            {
                "name": name,
                "language": language,
                "category": "utility",
                "state": "approved",
                "is_supported": True,
                "gateway_id": gateway.id,
                "model_id": model_id,
                "body": body,
                "variable_ids": [
                    (0, 0, {"name": f"{{{{{index}}}}}", "line_type": "body", "field_name": field})
                    for index, field in enumerate(VARIABLES, start=1)
                ],
            }
        )
    return Template


def _thread_case(env, company, lucia):
    """Lucía's largest open case of a Spanish consumer that no other demo uses."""
    cases = env["debt.collection.case"].search(
        [
            ("company_id", "=", company.id),
            ("user_id", "=", lucia.id),
            ("state", "=", "open"),
            ("creditor_id", "=", False),
            ("partner_id.country_id.code", "=", "ES"),
            ("partner_id.is_company", "=", False),
        ],
        order="amount_residual desc",
        limit=5,
    )
    case = cases[2:3] or cases[:1]
    if case:
        case.partner_id.write({"mobile": DEMO_MOBILE, "lang": "es_ES"})
    return case


def _thread(env, gateway, case, lucia, templates):
    """The reminder, her reply, Lucía's answer inside the window, her thanks: two days ago."""
    debtor = case.partner_id
    Outbox = env["debt.collection.whatsapp.message"]
    Message = env["mail.message"].sudo()
    start = datetime.combine(date.today() - timedelta(days=2), datetime.min.time())
    template = templates._collection_for_lang(debtor.lang)
    channel = debtor._whatsapp_get_channel("collection_phone_e164", gateway)

    def outbound(when, kind, body=None, template=None, state="read"):
        action = env["debt.collection.action"]._log(
            {
                "case_id": case.id,
                "channel": "whatsapp",
                "user_id": lucia.id,
                "date": when,
                "result": "delivered",
                "outbound": True,
                "contact_point": case._collection_contact_point("whatsapp"),
            }
        )
        values = Outbox._prepare_values(debtor, case=case)
        values.update(
            action_id=action.id,
            kind=kind,
            user_id=lucia.id,
            template_id=template.id if template else False,
            state=state,
            wamid=f"wamid.DEMO{action.id:08d}",
            date_sent=when,
            date_delivered=when + timedelta(minutes=1),
            date_read=when + timedelta(minutes=40),
        )
        message = Outbox.sudo().create(values)
        if template:
            body = template.with_context(default_res_id=message.id).render_body_message()
        # written as the gateway writes a sent message, without sending it (nowhere real)
        posted = Message.create(
            {
                "model": case._name,
                "res_id": case.id,
                "body": body,
                "author_id": lucia.partner_id.id,
                "message_type": "comment",
                "subtype_id": env.ref("mail.mt_comment").id,
                "gateway_type": "whatsapp",
                "date": when,
            }
        )
        message.write({"body": body, "mail_message_id": posted.id})

    def inbound(when, text):
        # as the gateway's webhook does: on the debtor's channel, then on the case (the queue)
        message = channel.with_context(no_gateway_notification=True).message_post(
            body=text,
            author_id=debtor.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        message.date = when
        debtor._collection_whatsapp_received(message)
        case.message_ids.filtered(
            lambda m: m.author_id == debtor and m.gateway_type == "whatsapp" and m.date > when
        ).write({"date": when})

    outbound(start + timedelta(hours=9), "manual", template=template)
    inbound(
        start + timedelta(hours=11, minutes=12),
        "Hola, este mes no puedo pagarlo todo. ¿Puedo pagar la mitad el día 15 y el resto a fin "
        "de mes?",
    )
    outbound(
        start + timedelta(hours=11, minutes=30),
        "manual",
        body="Buenos días. Sí, podemos dejarlo en dos pagos: la mitad el 15 y el resto el día 30. "
        "Le dejo anotada la promesa; puede pagar desde el enlace del primer mensaje.",
    )
    inbound(start + timedelta(hours=11, minutes=41), "Perfecto, muchas gracias.")


def _prereminder(env, company):
    """A debtor with two invoices falling due this week: one statement in her chatter."""
    from odoo import Command

    debtor = env["res.partner"].search([("name", "=", REMINDER_DEBTOR)], limit=1) or env[
        "res.partner"
    ].create(
        {
            "name": REMINDER_DEBTOR,
            "email": "carmen.ruiz@example.com",
            "street": "Calle de Alcalá 120",
            "zip": "28009",
            "city": "Madrid",
            "country_id": env.ref("base.es").id,
            "lang": "es_ES",
            "company_id": company.id,
        }
    )
    today = date.today()
    for days, amount in ((2, 145.20), (4, 389.90)):
        invoice = (
            env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": debtor.id,
                    "company_id": company.id,
                    "invoice_date": today - timedelta(days=26),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Cuota mensual", "quantity": 1, "price_unit": amount}
                        )
                    ],
                }
            )
        )
        invoice.invoice_payment_term_id = False
        invoice.invoice_date_due = today + timedelta(days=days)
        invoice.action_post()
    sent = env["debt.collection.prereminder"].with_company(company)._send_reminders(company, today)
    return sent
