"""Credit-bureau reporting clicked in the browser, and the debtor's page that shows it."""

from datetime import date, timedelta

from odoo.tests import HttpCase, tagged

from .common import LegalCommon


@tagged("post_install", "-at_install")
class TestBureauTour(LegalCommon, HttpCase):
    def test_case_reported_in_the_browser_and_shown_to_the_debtor(self):
        bureau = self.env["debt.collection.bureau"].create(
            {
                "name": "ASNEF-Equifax",
                "company_id": self.company.id,
                "country_id": self.es.id,
                "settle_note": "Ask Equifax Ibérica to see your record.",
            }
        )
        today = date.today()
        invoice = self._invoice(self.consumer, 640.0, today - timedelta(days=120))
        case = self._case_with(self.consumer, invoice)
        notice = self._notice(case, today - timedelta(days=40), channel="registered")
        notice.deadline_days = 30
        notice._mark_sent(today - timedelta(days=40), "Correos", "RR123456789ES")
        notice._add_evidence("return_receipt", "r.pdf", b"%PDF-scan", today - timedelta(days=40))
        notice._mark_outcome("delivered", today - timedelta(days=40))
        self.assertEqual(notice.bureau_ids, bureau)
        self.start_tour(
            f"/odoo/debt.collection.case/{case.id}",
            "debt_collection_bureau",
            login="dc_legal_user",
        )
        report = case.collection_bureau_report_ids
        self.assertEqual((report.bureau_id, report.state), (bureau, "pending"))
        bureau.action_generate_file()
        self.assertEqual(report.state, "reported")
        # the debtor's page (by its token, not logged in): where they were reported and how
        # to settle
        self.authenticate(None, None)
        case._portal_ensure_token()
        page = self.url_open(f"/my/debts/{case.id}?access_token={case.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_debt_collection_bureau", page.text)
        self.assertIn("ASNEF-Equifax", page.text)
        self.assertIn("Ask Equifax Ibérica to see your record.", page.text)
        self.assertIn("How to settle", page.text)
        # in the debtor's language
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["debt_collection_portal"], ["es_ES"])
        self.consumer.lang = "es_ES"
        page = self.url_open(f"/my/debts/{case.id}?access_token={case.access_token}")
        self.assertIn("Ficheros de solvencia", page.text)
        self.assertIn("Cómo regularizarlo:", page.text)
        # another debtor's page shows nothing of it
        other = self._case_with(self.business, self._invoice(self.business, 90.0, today))
        other._portal_ensure_token()
        page = self.url_open(f"/my/debts/{other.id}?access_token={other.access_token}")
        self.assertNotIn("ASNEF-Equifax", page.text)
