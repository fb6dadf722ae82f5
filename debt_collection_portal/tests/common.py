"""Test fixture: two debtors with a case and a letter each; one a portal user."""

import io
from datetime import date

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user
from odoo.tools.pdf import PdfFileWriter

from odoo.addons.debt_collection.tests.common import DebtCollectionCommon


def new_portal_user(env, login, partner, company):
    """A portal login of ``partner`` (a debtor, a debtor's contact, a creditor's contact)."""
    return new_test_user(
        env,
        login=login,
        groups="base.group_portal",
        partner_id=partner.id,
        name=partner.name,
        email=partner.email,
        company_id=company.id,
        company_ids=[Command.set(company.ids)],
    )


class DebtCollectionPortalCommon(DebtCollectionCommon):
    """Two debtors with a case each and a letter sent on each; the first debtor is also a
    portal user. Cases and letters are made here, not by the engine, so that these tests say
    what the portal does with a case whatever way it reached its letter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "name": "Suministros Levante S.L.",
                "phone": "+34 963 000 000",
                "email": "cobros@levante.example",
            }
        )
        cls.invoice = cls._create_invoice(
            cls.debtor, 1234.0, date(2026, 1, 10), date(2025, 12, 10)
        )
        cls.other_invoice = cls._create_invoice(
            cls.debtor2, 99.0, date(2026, 1, 10), date(2025, 12, 10)
        )
        cls.case = cls._portal_case(cls.debtor, cls.invoice)
        cls.other_case = cls._portal_case(cls.debtor2, cls.other_invoice)
        cls.letter = cls._send_letter(cls.case)
        cls.other_letter = cls._send_letter(cls.other_case)
        cls.portal_user = new_portal_user(cls.env, "dc_debtor", cls.debtor, cls.company)

    @classmethod
    def _demo_provider(cls):
        """Odoo's demo payment provider, enabled for the case's company (payment_demo)."""
        base = cls.env.ref("payment.payment_provider_demo").sudo()
        provider = cls.env["payment.provider"].sudo().search(
            [("code", "=", "demo"), ("company_id", "=", cls.company.id)], limit=1
        ) or base.copy({"company_id": cls.company.id})
        method = cls.env.ref("payment_demo.payment_method_demo")
        provider.write(
            {
                "state": "test",
                "is_published": True,
                "payment_method_ids": [Command.link(method.id)],
            }
        )
        return provider

    @classmethod
    def _portal_case(cls, debtor, invoice):
        case = cls.Case.create(
            {
                "partner_id": debtor.id,
                "company_id": cls.company.id,
                "strategy_id": cls.strategy.id,
                "stage_id": cls._letter_stage().id,
                "user_id": cls.consultant.id,
            }
        )
        invoice.collection_case_id = case
        case._portal_ensure_token()
        return case

    def _chatter_messages(self, case):
        """The case's messages as its page's chatter fetches them with the letter's token
        (for an ``HttpCase``)."""
        chatter = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "debt.collection.case",
                "thread_id": case.id,
                "token": case.access_token,
            },
        )
        return chatter["data"]["mail.message"]

    @classmethod
    def _letter_stage(cls):
        return cls.strategy.stage_ids.filtered(lambda stage: stage.action_type == "letter")[:1]

    @classmethod
    def _letter_pdf(cls, case):
        """A one-page PDF titled after its case, standing for the letter the engine rendered."""
        writer = PdfFileWriter()
        writer.add_blank_page(595, 842)
        writer.add_metadata({"/Title": f"Letter {case.name}"})
        stream = io.BytesIO()
        writer.write(stream)
        return stream.getvalue()

    @classmethod
    def _send_letter(cls, case):
        """The step of a letter sent, with its PDF kept on the case, as the letters cron does."""
        stage = cls._letter_stage()
        attachment = cls.env["ir.attachment"].create(
            {
                "name": f"{stage.name} - {case.name}.pdf",
                "raw": cls._letter_pdf(case),
                "res_model": "debt.collection.case",
                "res_id": case.id,
                "mimetype": "application/pdf",
            }
        )
        vals = {
            "case_id": case.id,
            "stage_id": stage.id,
            "channel": "letter",
            "result": "sent",
            "outbound": True,
            "attachment_id": attachment.id,
        }
        return cls.env["debt.collection.action"]._log([vals])


class DebtorPageCommon(DebtCollectionPortalCommon, HttpCase):
    """A visitor's session on the debtor's page (logged out, with the letter's token), and
    the page's forms posted as the browser posts them (with the session's CSRF token)."""

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)  # a visitor's session, for its CSRF token

    def csrf_token(self):
        return http.Request.csrf_token(self)

    def _post(self, case, route, data, token=True, files=None):
        """POST a form of ``case``'s page: with its token (``token=True``), another token,
        or none (``token=False``)."""
        data = dict(data, csrf_token=self.csrf_token())
        if token is True:
            data["access_token"] = case.access_token
        elif token:
            data["access_token"] = token
        return self.url_open(
            f"/my/debts/{case.id}/{route}", data=data, files=files, allow_redirects=False
        )
