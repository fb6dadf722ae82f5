"""Tests of statutory interest, worked out by hand."""

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LegalCommon, d


@tagged("post_install", "-at_install", "dc_compliance")
class TestStatutoryInterest(LegalCommon):
    """Interest day by day at each semester's rate, actual/365, rounded once per invoice;
    figures worked out by hand in each test's docstring."""

    def _line(self, partner, amount, due, notice_date, creditor=None, **values):
        invoice = self._invoice(partner, amount, d(due))
        case = self._case_with(partner, invoice, creditor=creditor)
        notice = self._notice(case, d(notice_date), **values)
        return notice, notice.line_ids

    def test_worked_example_of_the_issue_to_the_cent(self):
        """ES business, 1,000.00 due 2024-03-31, notice 2025-03-31: 91 days at 12.50 %,
        184 at 12.25 %, 90 at 11.15 % -> 1000 x (11.375 + 22.54 + 10.035) / 36500 = 120.41;
        plus 40.00 compensation."""
        notice, line = self._line(self.business, 1000.0, "2024-03-31", "2025-03-31")
        self.assertEqual(notice.interest_kind, "commercial")
        self.assertEqual(notice.interest_country_id, self.es)
        self.assertEqual(line.days_late, 365)
        self.assertEqual(line.interest, 120.41)
        self.assertEqual(line.compensation, 40.0)
        self.assertEqual(notice.amount_interest, 120.41)
        self.assertEqual(notice.amount_compensation, 40.0)
        self.assertEqual(notice.amount_total, 1160.41)
        self.assertIn("91 days at 12.50 %", line.interest_detail)
        self.assertIn("184 days at 12.25 %", line.interest_detail)
        self.assertIn("90 days at 11.15 %", line.interest_detail)

    def test_two_semesters_spain_business(self):
        """2,500.00 due 2023-05-15, notice 2023-09-30: 46 days (16 May - 30 Jun) at 10.50 %
        and 92 days (1 Jul - 30 Sep) at 12.00 % -> 2500 x (483 + 1104) / 36500 = 108.70."""
        notice, line = self._line(self.business, 2500.0, "2023-05-15", "2023-09-30")
        self.assertEqual(line.days_late, 138)
        self.assertEqual(line.interest, 108.70)
        self.assertEqual(notice.amount_total, 2500.0 + 108.70 + 40.0)

    def test_three_semesters_italy_business(self):
        """Italian creditor: 800.00 due 2024-11-30, notice 2025-08-15: 31 days at 12.25 %,
        181 at 11.15 %, 46 at 10.15 % -> 800 x (379.75 + 2018.15 + 466.9) / 36500 = 62.79."""
        notice, line = self._line(
            self.business, 800.0, "2024-11-30", "2025-08-15", creditor=self.creditor_it
        )
        self.assertEqual(notice.interest_country_id, self.it)
        self.assertEqual(line.days_late, 258)
        self.assertEqual(line.interest, 62.79)
        self.assertEqual(line.compensation, 40.0)

    def test_consumer_owes_no_commercial_interest_nor_compensation(self):
        notice, line = self._line(self.consumer, 1000.0, "2024-03-31", "2025-03-31")
        self.assertEqual(notice.debtor_type, "consumer")
        self.assertEqual(notice.interest_kind, "none")
        self.assertEqual((line.interest, line.compensation), (0.0, 0.0))
        self.assertEqual(notice.amount_total, 1000.0)

    def test_consumer_legal_interest_when_the_creditor_claims_it_spain(self):
        """Spain's legal rate 3.25 % in 2024 and 2025: 1,000.00 due 2024-03-31 to
        2025-03-31 is 275 + 90 days -> 1000 x 3.25 x 365 / 36500 = 32.50; no compensation."""
        self.company.collection_claim_consumer_interest = True
        notice, line = self._line(self.consumer, 1000.0, "2024-03-31", "2025-03-31")
        self.assertEqual(notice.interest_kind, "legal")
        self.assertEqual(line.interest, 32.50)
        self.assertEqual(line.compensation, 0.0)

    def test_consumer_legal_interest_italy_spans_two_years(self):
        """Italy's tasso legale 2.50 % (2024) and 2.00 % (2025): 600.00 due 2024-10-31,
        notice 2025-02-28: 61 days and 59 days -> 600 x (152.5 + 118) / 36500 = 4.45."""
        self.company.collection_claim_consumer_interest = True
        notice, line = self._line(
            self.consumer, 600.0, "2024-10-31", "2025-02-28", creditor=self.creditor_it
        )
        self.assertEqual(notice.interest_kind, "legal")
        self.assertEqual(line.interest, 4.45)
        self.assertEqual(line.compensation, 0.0)

    def test_public_administration_owes_compensation_like_a_business(self):
        self.business.collection_debtor_type = "public"
        notice, line = self._line(self.business, 1000.0, "2024-03-31", "2025-03-31")
        self.assertEqual(notice.debtor_type, "public")
        self.assertEqual((line.interest, line.compensation), (120.41, 40.0))

    def test_compensation_is_per_invoice(self):
        invoices = self._invoice(self.business, 100.0, d("2025-01-31")) | self._invoice(
            self.business, 200.0, d("2025-02-28")
        )
        case = self._case_with(self.business, invoices)
        notice = self._notice(case, d("2025-03-31"))
        self.assertEqual(len(notice.line_ids), 2)
        self.assertEqual(notice.amount_compensation, 80.0)

    @freeze_time("2025-03-31")
    def test_part_payment_lowers_the_base_from_its_date(self):
        """1,000.00 due 2024-03-31, 400.00 paid on 2024-10-01: 91 days at 12.50 % and
        92 days at 12.25 % on 1,000, then 92 days at 12.25 % and 90 at 11.15 % on 600
        -> (11375 + 11270 + 6762 + 6021) / 365 / 100 = 97.06."""
        invoice = self._invoice(self.business, 1000.0, d("2024-03-31"))
        self._pay(invoice, 400.0, d("2024-10-01"))
        case = self._case_with(self.business, invoice)
        notice = self._notice(case, d("2025-03-31"))
        self.assertEqual(notice.line_ids.amount_residual, 600.0)
        self.assertEqual(notice.line_ids.interest, 97.06)

    def test_a_day_without_rate_blocks_sending(self):
        self.env["debt.collection.interest.rate"].search(
            [("country_id", "=", self.es.id), ("date_from", "=", "2024-07-01")]
        ).unlink()
        notice, line = self._line(self.business, 1000.0, "2024-03-31", "2025-03-31")
        self.assertTrue(line.rate_missing)
        self.assertTrue(notice.rate_missing)
        with self.assertRaisesRegex(UserError, "no statutory rate"):
            notice.with_user(self.lawyer_user).action_send()
        self.assertEqual(notice.state, "draft")

    def test_no_interest_before_the_due_date(self):
        _notice, line = self._line(self.business, 1000.0, "2025-03-31", "2025-03-31")
        self.assertEqual((line.days_late, line.interest, line.compensation), (0, 0.0, 0.0))

    def test_a_sent_notice_keeps_its_figures_when_rates_change(self):
        notice, line = self._line(self.business, 1000.0, "2024-03-31", "2025-03-31")
        notice._mark_sent(d("2025-03-31"), "Correos", "RR1")
        self.env["debt.collection.interest.rate"].search(
            [("country_id", "=", self.es.id), ("date_from", "=", "2024-07-01")]
        ).reference_rate = 10.0
        self.assertEqual(line.interest, 120.41)
        with self.assertRaises(UserError):
            notice.date_notice = d("2025-04-30")
