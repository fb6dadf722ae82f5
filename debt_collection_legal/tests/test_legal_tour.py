"""Tests of the legal notice in the browser (tour)."""

from datetime import date, timedelta

from odoo.tests import HttpCase, tagged

from .common import LegalCommon


@tagged("post_install", "-at_install")
class TestLegalNoticeTour(LegalCommon, HttpCase):
    def test_notice_sent_and_its_receipt_seen_in_the_browser(self):
        """The Legal group's member (no other group) sends a consumer's notice by registered
        letter and records its delivery with the scanned return receipt."""
        invoice = self._invoice(self.consumer, 800.0, date.today() - timedelta(days=120))
        case = self._case_with(self.consumer, invoice)
        notice = self._notice(case, date.today(), channel="registered")
        self.assertEqual(notice.state, "draft")
        self.start_tour(
            f"/odoo/debt.collection.legal.notice/{notice.id}",
            "debt_collection_legal_notice",
            login="dc_legal_user",
        )
        self.env.invalidate_all()
        self.assertEqual(notice.state, "delivered")
        self.assertEqual(notice.tracking_ref, "RR123456789ES")
        self.assertEqual(notice.sent_by_id, self.lawyer_user)
        self.assertEqual(notice.date_delivered, date.today())
        self.assertEqual(notice.date_deadline, date.today() + timedelta(days=15))
        receipt = notice.evidence_ids.filtered(lambda e: e.kind == "return_receipt")
        self.assertEqual(receipt.name, "acuse-recibo.pdf")
