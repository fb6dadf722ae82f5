"""The legal phase in the demo: three cases at the end of extrajudicial collection.

* Forniture Lombarde (Milano): a notice sent by certified e-mail (PEC), with its acceptance
  and delivery receipts attached; the debtor's deadline is running.
* Suministros Levante (Valencia): a burofax the debtor refused; the deadline passed unpaid and
  the case waits for the manager's decision.
* Suministros Levante: a case handed to court (proceso monitorio filed, a hearing in the
  calendar, the lawyer's first bill).

``generate_legal_demo(env, companies)`` is called by ``generate_portfolio.py --demo`` once the
companies exist. The PEC provider and the post office are not real here: the message the
certified server would have accepted and the receipts it would have sent back are built as
they would arrive, and go through the same code (the mail gateway for the receipts).
"""

import contextlib
import re
import socket
import tempfile
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from odoo import Command, fields, http, tools
from odoo.service import server

LEGAL_GROUP = "debt_collection_legal.debt_collection_legal_group_user"
PEC_FROM = "posta-certificata@pec.gestore-demo.example"


def generate_legal_demo(env, companies, log=print):
    """The three legal cases (once: nothing is added if they exist)."""
    if "debt.collection.legal.notice" not in env:
        return env["debt.collection.case"]
    by_country = {company.country_id.code: company for company in companies}
    spain, italy = by_country.get("ES"), by_country.get("IT")
    if not (spain and italy) or env["res.partner"].search_count(
        [("name", "=", "Rinaldi Costruzioni S.r.l.")]
    ):
        return env["debt.collection.case"]
    log("Adding the legal phase: a PEC notice, a refused burofax, a case in court")
    manager = env["res.users"].search([("login", "=", "manager")], limit=1) or env.user
    manager.groups_id = [Command.link(env.ref(LEGAL_GROUP).id)]
    for company in spain | italy:
        company.collection_legal_manager_id = manager
    # the manager, a member of the Legal group, reviews, sends and signs the notices
    env = env(user=manager.id, su=True)
    spain, italy = spain.with_env(env), italy.with_env(env)
    today = fields.Date.context_today(env.user)
    with _serving_reports(env):
        cases = _pec_delivered(env, italy, today)
        cases |= _burofax_refused(env, spain, today)
        cases |= _in_court(env, spain, today)
    return cases


# ----------------------------------------------------------------------------------------
# The three cases
# ----------------------------------------------------------------------------------------


def _pec_delivered(env, company, today):
    server = env["ir.mail_server"].create(
        {
            "name": "PEC Forniture Lombarde (demo, not connected)",
            "smtp_host": "smtps.pec.gestore-demo.example",
            "smtp_port": 465,
            "smtp_encryption": "ssl",
            "from_filter": "recupero@pec.fornIturelombarde.example".lower(),
            "collection_certified": True,
            "active": False,
        }
    )
    company.collection_pec_server_id = server
    company.partner_id.collection_pec = server.from_filter
    debtor = _debtor(
        env,
        company,
        "Rinaldi Costruzioni S.r.l.",
        vat="IT01234560157",
        street="Via Padova 120",
        city="Milano",
        zip="20132",
        country="it",
        lang="it_IT",
        collection_pec="amministrazione@pec.rinaldicostruzioni.example",
    )
    case = _case(
        env,
        company,
        debtor,
        "giulia",
        [(4800.0, today - timedelta(days=150)), (2350.0, today - timedelta(days=95))],
    )
    notice = case._legal_prepare_notice()
    notice.date_notice = today - timedelta(days=6)
    notice._send_pec()
    sent_at = datetime.combine(today - timedelta(days=6), time(9, 12))
    _certified_server_accepts(env, notice, sent_at)
    # the provider signs its receipts (S/MIME): a certificate of the demo's own
    # imported here: the generator imports this file before Odoo knows the addons path
    from odoo.addons.debt_collection_legal.tools.smime import make_certificate

    with tempfile.TemporaryDirectory() as folder:
        provider = make_certificate(folder, "Gestore PEC Demo S.p.A.")
        for kind, minutes in (("accettazione", 0), ("avvenuta-consegna", 1)):
            raw = _receipt(notice, kind, sent_at + timedelta(minutes=minutes, seconds=7), provider)
            env["mail.thread"].message_process("debt.collection.pec.receipt", raw)
    return case


def _burofax_refused(env, company, today):
    debtor = _debtor(
        env,
        company,
        "Reformas Turia 2019 S.L.",
        vat="ESB98765431",
        street="Calle de Cuba 31",
        city="Valencia",
        zip="46006",
        country="es",
        lang="es_ES",
    )
    case = _case(env, company, debtor, "lucia", [(3120.5, today - timedelta(days=170))])
    notice = case._legal_prepare_notice()
    notice.date_notice = today - timedelta(days=24)
    notice._render_pdf()
    notice._mark_sent(
        datetime.combine(today - timedelta(days=24), time(11, 30)),
        "Correos (Burofax)",
        "BF0001234567ES",
    )
    refused = today - timedelta(days=21)
    notice._add_evidence(
        "return_receipt",
        "acuse-de-recibo-rehusado.pdf",
        _scan_pdf(f"Correos - Burofax BF0001234567ES - Rehusado el {refused:%d/%m/%Y}"),
        datetime.combine(refused, time(12, 0)),
        mimetype="application/pdf",
    )
    notice._mark_outcome("refused", refused)
    env["debt.collection.legal.notice"]._cron_check_deadlines()
    return case


def _in_court(env, company, today):
    debtor = _debtor(
        env,
        company,
        "Hostelería Albufera S.L.",
        vat="ESB46987657",
        street="Carrer del Palmar 8",
        city="Valencia",
        zip="46012",
        country="es",
        lang="es_ES",
    )
    case = _case(env, company, debtor, "javier", [(8900.0, today - timedelta(days=260))])
    notice = case._legal_prepare_notice()
    notice.date_notice = today - timedelta(days=80)
    notice._render_pdf()
    notice._mark_sent(
        datetime.combine(today - timedelta(days=80), time(10, 0)),
        "Correos (Burofax)",
        "BF0001200999ES",
    )
    delivered = today - timedelta(days=77)
    notice._add_evidence(
        "return_receipt",
        "acuse-de-recibo.pdf",
        _scan_pdf(f"Correos - Burofax BF0001200999ES - Entregado el {delivered:%d/%m/%Y}"),
        datetime.combine(delivered, time(10, 40)),
        mimetype="application/pdf",
    )
    notice._mark_outcome("delivered", delivered)
    env["debt.collection.legal.notice"]._cron_check_deadlines()
    case.solvency_note = "Restaurant open and busy; owns the premises (Registro de la Propiedad)."
    lawyer = env["res.partner"].create(
        {
            "name": "Ferrer & Soler Abogados",
            "is_company": True,
            "email": "despacho@ferrersoler.example",
            "city": "Valencia",
            "country_id": env.ref("base.es").id,
        }
    )
    wizard = env["debt.collection.handoff.wizard"].create(
        {
            "case_id": case.id,
            "lawyer_id": lawyer.id,
            "court": "Juzgado de Primera Instancia n.º 12 de Valencia",
            "cost_estimate": 650.0,
        }
    )
    proceeding = env["debt.collection.proceeding"].browse(wizard.action_confirm()["res_id"])
    proceeding.write(
        {"date_filed": today - timedelta(days=40), "court_reference": "Monitorio 1234/2026"}
    )
    proceeding.action_file()
    proceeding._add_hearing(datetime.combine(today + timedelta(days=21), time(8, 30)))
    bill = (
        env["account.move"]
        .with_company(company)
        .create(
            {
                "move_type": "in_invoice",
                "partner_id": lawyer.id,
                "company_id": company.id,
                "invoice_date": today - timedelta(days=38),
                "collection_proceeding_id": proceeding.id,
                "collection_cost_rechargeable": True,
                "invoice_line_ids": [
                    Command.create({"name": "Petición de proceso monitorio", "price_unit": 350.0})
                ],
            }
        )
    )
    bill.action_post()
    return case


# ----------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------


def _debtor(env, company, name, country, **values):
    return env["res.partner"].create(
        {
            "name": name,
            "is_company": True,
            "company_id": company.id,
            "country_id": env.ref(f"base.{country}").id,
            "email": f"administracion@{re.sub('[^a-z]', '', name.split()[0].lower())}.example",
            "collection_email_valid": True,
            "collection_address_complete": True,
            **values,
        }
    )


def _case(env, company, debtor, login, amounts):
    """A case of posted invoices of ``amounts`` [(total before tax, due date)]."""
    Move = env["account.move"].with_company(company)
    invoices = Move
    for amount, due in amounts:
        invoice = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": debtor.id,
                "invoice_date": due - timedelta(days=30),
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create({"name": "Suministros", "price_unit": amount})
                ],
            }
        )
        invoice.invoice_payment_term_id = False
        invoice.invoice_date_due = due
        invoice.action_post()
        invoices |= invoice
    user = env["res.users"].search([("login", "=", login)], limit=1)
    case = env["debt.collection.case"].create(
        {"partner_id": debtor.id, "company_id": company.id, "user_id": user.id}
    )
    invoices.write({"collection_case_id": case.id})
    return case


def _certified_server_accepts(env, notice, when):
    """What the mail queue would do with the PEC server: the message built as it is sent,
    kept by the notice; the queued copy is marked sent (no real PEC provider here)."""
    mail = notice.mail_id
    attachments = [(a.name, a.raw, a.mimetype) for a in mail.attachment_ids]
    message = env["ir.mail_server"].build_email(
        email_from=mail.email_from,
        email_to=[mail.email_to],
        subject=mail.subject,
        body=mail.body_html,
        attachments=attachments,
        message_id=mail.message_id,
        subtype="html",
    )
    message.replace_header("Date", format_datetime(when.replace(tzinfo=UTC)))
    notice._pec_keep_sent_message(message)
    notice._system().date_sent = when
    mail.write({"state": "sent"})


def _receipt(notice, kind, when, provider):
    """A receipt of the certified mail system as it arrives in the creditor's PEC mailbox,
    signed by the provider (``provider``: its certificate and key)."""
    subject = {"accettazione": "ACCETTAZIONE", "avvenuta-consegna": "CONSEGNA"}[kind]
    day, hour = when.strftime("%d/%m/%Y"), when.strftime("%H:%M:%S")
    reference = notice.pec_message_id
    extra = (
        '        <ricevuta tipo="completa" />\n'
        f"        <consegna>{notice.pec_address}</consegna>\n"
        if kind == "avvenuta-consegna"
        else ""
    )
    daticert = f"""<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="{kind}" errore="nessuno">
    <intestazione>
        <mittente>{notice.company_id.partner_id.collection_pec}</mittente>
        <destinatari tipo="certificato">{notice.pec_address}</destinatari>
        <risposte>{notice.company_id.partner_id.collection_pec}</risposte>
        <oggetto>{notice.name}</oggetto>
    </intestazione>
    <dati>
        <gestore-emittente>Gestore PEC Demo S.p.A.</gestore-emittente>
        <data zona="+0000">
            <giorno>{day}</giorno>
            <ora>{hour}</ora>
        </data>
        <identificativo>{make_msgid("opec", "pec.gestore-demo.example")[1:-1]}</identificativo>
        <msgid>{reference.replace("<", "&lt;").replace(">", "&gt;")}</msgid>
{extra}    </dati>
</postacert>
"""
    content = EmailMessage()
    content.set_content(
        f"Ricevuta di {kind.replace('-', ' ')}\n\nIl giorno {day} alle ore {hour} il messaggio "
        f'"{notice.name}" indirizzato a {notice.pec_address} e\' stato '
        f"{'accettato dal sistema' if kind == 'accettazione' else 'consegnato'}.\n"
    )
    content.add_attachment(
        daticert.encode(), maintype="application", subtype="xml", filename="daticert.xml"
    )
    del content["MIME-Version"]
    headers = EmailMessage()
    headers["Return-Path"] = f"<{PEC_FROM}>"
    headers["Date"] = format_datetime(when.replace(tzinfo=UTC))
    headers["Subject"] = f"{subject}: {notice.name}"
    headers["From"] = PEC_FROM
    headers["To"] = notice.company_id.partner_id.collection_pec
    headers["Message-ID"] = make_msgid("opec", "pec.gestore-demo.example")
    headers["X-Ricevuta"] = kind
    headers["X-Riferimento-Message-ID"] = reference
    head = headers.as_bytes().split(b"\n\n", 1)[0] + b"\n"
    from odoo.addons.debt_collection_legal.tools.smime import sign

    return head + sign(content.as_bytes(), *provider)


def _scan_pdf(text):
    """A one-page PDF with one line of text: the scan of a return receipt, for the demo."""
    text = text.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    pdf += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    pdf += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return pdf


@contextlib.contextmanager
def _serving_reports(env):
    """wkhtmltopdf loads the report's styles over HTTP: serve them while the demo renders the
    notices (the generator starts its own server only later, for the collection run)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    saved_port = tools.config["http_port"]
    tools.config["http_port"] = port
    reports = server.ThreadedServer(http.root)
    tools.config["http_port"] = saved_port
    reports.http_spawn()
    Param = env["ir.config_parameter"].sudo()
    saved_url = Param.get_param("report.url")
    Param.set_param("report.url", f"http://127.0.0.1:{port}")
    try:
        yield
    finally:
        Param.set_param("report.url", saved_url or "")
        reports.httpd.shutdown()
        reports.httpd.server_close()
