"""Test fixture: a Spanish company, its Legal group member, debtors and an Italian creditor."""

import io
from datetime import date

from odoo import Command
from odoo.tests import new_test_user
from odoo.tools import config
from odoo.tools.pdf import PdfFileReader

from odoo.addons.debt_collection.tests.common import DebtCollectionCommon

LEGAL_GROUP = "debt_collection_legal.debt_collection_legal_group_user"


def pdf_text(raw):
    """The text a reader of the PDF sees, on one line."""
    reader = PdfFileReader(io.BytesIO(raw))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


class LegalCommon(DebtCollectionCommon):
    """A Spanish company collecting in EUR, its Legal group member, business and consumer
    debtors, and an Italian creditor for agency cases."""

    country_code = "ES"
    chart_template = "generic_coa"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.es = cls.env.ref("base.es")
        cls.it = cls.env.ref("base.it")
        cls.eur = cls.env.ref("base.EUR")
        cls.change_company_country(cls.company, cls.es)
        cls.company.partner_id.write(
            {"country_id": cls.es.id, "vat": "ESB12345674", "collection_pec": False}
        )
        cls.company.write({"collection_notice_deadline_days": 15})
        cls.company_bank = cls.env["res.partner.bank"].create(
            {"acc_number": "ES9121000418450200051332", "partner_id": cls.company.partner_id.id}
        )
        cls.lawyer_user = new_test_user(
            cls.env,
            login="dc_legal_user",
            groups=LEGAL_GROUP,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.business = cls._debtor(
            "Construcciones Levante S.L.",
            "admin@levante.example",
            is_company=True,
            vat="ESB98765431",
            lang="en_US",
        )
        cls.consumer = cls._debtor("Lucía Pérez", "lucia.perez@example.com", lang="en_US")
        cls.creditor_it = cls.env["res.partner"].create(
            {
                "name": "Forniture Lombarde S.r.l.",
                "is_company": True,
                "country_id": cls.it.id,
                "vat": "IT12345670157",
                "street": "Viale Monza 45",
                "city": "Milano",
                "zip": "20125",
            }
        )
        cls.Notice = cls.env["debt.collection.legal.notice"]
        # wkhtmltopdf loads the report's styles from the server the tests run (its own port)
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )

    @classmethod
    def _case_with(cls, partner, invoices, creditor=None, user=None):
        """A case of ``invoices`` (already posted) for ``partner``."""
        case = cls.env["debt.collection.case"].create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "creditor_id": (creditor or cls.company.partner_id).id,
                "user_id": (user or cls.consultant).id,
                "strategy_id": cls.strategy.id,
            }
        )
        invoices.write({"collection_case_id": case.id})
        return case

    @classmethod
    def _invoice(cls, partner, amount, due):
        """A posted invoice of ``amount`` in all (no tax) falling due on ``due``."""
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": due,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Services", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.invoice_payment_term_id = False
        invoice.invoice_date_due = due
        invoice.action_post()
        return invoice

    def _debtor_portal_user(self):
        """The debtor's own portal login: it may read its case (with the portal addon)."""
        contact = self.env["res.partner"].create(
            {"name": "Marta Levante", "parent_id": self.business.id, "email": "marta@lev.example"}
        )
        return new_test_user(
            self.env,
            login="dc_legal_debtor",
            groups="base.group_portal",
            partner_id=contact.id,
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )

    def _notice(self, case, notice_date, **values):
        return self.Notice.create({"case_id": case.id, "date_notice": notice_date, **values})

    def _delivered_notice(self, case, notice_date, delivered_on):
        """A notice posted by registered letter and delivered, as the Legal group records it."""
        notice = self._notice(case, notice_date, channel="registered")
        notice._mark_sent(notice_date, "Correos", "RR123456789ES")
        notice._add_evidence("return_receipt", "receipt.pdf", b"%PDF-scan", delivered_on)
        notice._mark_outcome("delivered", delivered_on)
        return notice

    def _legal_decisions(self, case):
        """The case's activities asking a manager to decide: court or write-off."""
        decision = self.env.ref("debt_collection_legal.mail_activity_type_legal_decision")
        return case.activity_ids.filtered(lambda a: a.activity_type_id == decision)


class LegalCaseCommon(LegalCommon):
    """The fixture with one case: the business debtor's invoice of 1,000.00 due on
    ``case_due``."""

    case_due = "2024-03-31"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls.business, 1000.0, d(cls.case_due))
        cls.case = cls._case_with(cls.business, cls.invoice)


def d(text):
    return date.fromisoformat(text)
