"""The portfolio generator makes what the demo and the benchmark promise."""

import random
from datetime import date

from setup_scripts import load_setup

from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestGenerator(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gen = load_setup("generate_portfolio")
        cls.invoices = cls.gen.generate(cls.env, 120, seed=7, log=lambda *a: None)

    def test_every_aging_bucket_is_there(self):
        today = date.today()
        buckets = set()
        for invoice in self.invoices:
            days = (today - invoice.invoice_date_due).days
            label = next(
                b[0]
                for b in self.gen.AGING_BUCKETS
                if b[1] <= days <= b[2] or (days < 0 and b[1] < 0)
            )
            buckets.add(label)
        self.assertEqual(buckets, {b[0] for b in self.gen.AGING_BUCKETS})
        self.assertEqual(set(self.invoices.mapped("state")), {"posted"})

    def test_some_paid_some_partly_paid(self):
        states = set(self.invoices.mapped("payment_state"))
        self.assertIn("not_paid", states)
        self.assertIn("partial", states)
        self.assertTrue(states & {"paid", "in_payment"})

    def test_contact_data_is_messy_like_real_life(self):
        debtors = self.invoices.commercial_partner_id
        self.assertTrue(debtors.filtered("collection_phone_valid"))
        self.assertTrue(debtors.filtered(lambda p: p.phone and not p.collection_phone_valid))
        self.assertTrue(debtors.filtered(lambda p: p.email and not p.collection_email_valid))
        self.assertTrue(debtors.filtered("is_company"))
        self.assertEqual(set(debtors.country_id.mapped("code")) & {"ES", "IT"}, {"ES", "IT"})

    def test_same_seed_same_debtors(self):
        first = [self.gen.fake_debtor(random.Random(3), "es", i)["name"] for i in range(5)]
        again = [self.gen.fake_debtor(random.Random(3), "es", i)["name"] for i in range(5)]
        self.assertEqual(first, again)


@tagged("post_install", "-at_install")
class TestGeneratorCopies(TransactionCase):
    """The benchmark's SQL copies are invoices Odoo and the collection engine handle as such."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gen = load_setup("generate_portfolio")
        cls.invoices = cls.gen.generate(cls.env, 90, seed=11, orm_invoices=30, log=lambda *a: 0)
        cls.copies = cls.invoices.filtered(lambda m: m.id > max(cls.invoices[:30].ids))

    def test_copies_are_posted_balanced_and_numbered(self):
        self.assertEqual(len(self.invoices), 90)
        self.assertEqual(len(self.copies), 60)
        self.assertEqual(set(self.copies.mapped("state")), {"posted"})
        self.assertEqual(set(self.copies.mapped("payment_state")), {"not_paid"})
        self.assertEqual(len(set(self.invoices.mapped("name"))), 90)
        for move in self.copies:
            receivable = move.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            self.assertAlmostEqual(sum(move.line_ids.mapped("balance")), 0.0)
            self.assertEqual(receivable.partner_id, move.partner_id)
            self.assertEqual(receivable.date_maturity, move.invoice_date_due)
            self.assertAlmostEqual(receivable.amount_residual, move.amount_residual)
            self.assertTrue(move.name.startswith(f"INV/{move.invoice_date.year}/"))

    def test_copies_are_collected(self):
        self.env["debt.collection.run"]._cron_run()
        overdue = self.copies.filtered(lambda m: m.invoice_date_due < date.today())
        self.assertTrue(overdue)
        self.assertTrue(all(overdue.mapped("collection_case_id")))
        case = overdue[:1].collection_case_id
        self.assertIn(overdue[:1], case.invoice_ids)
        self.assertGreater(case.amount_residual, 0)
