"""Remittances to creditors: net and gross, commission bands, reversals, cents, statements."""

import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .agency_accounting_common import AgencyAccountingCommon
from .agency_common import AgencyCommon


@tagged("post_install", "-at_install")
class TestAgencyRemittance(AgencyAccountingCommon):
    """What the agency remits: every figure below is worked out by hand."""

    def test_net_remittance_deducts_commission_with_vat(self):
        remittance = self._january_remitted(self.mandate)
        # 1,250.55 collected; 20 % = 250.11; VAT 21 % = 52.5231 -> 52.52; 302.63 deducted
        self.assertRecordValues(
            remittance,
            [
                {
                    "state": "done",
                    "amount_collected": 1250.55,
                    "amount_commission_untaxed": 250.11,
                    "amount_tax": 52.52,
                    "amount_commission": 302.63,
                    "amount_fees": 0.0,
                    "amount_remitted": 947.92,
                }
            ],
        )
        self.assertEqual(
            remittance.amount_collected,
            remittance.amount_remitted + remittance.amount_commission + remittance.amount_fees,
        )
        bill, invoice = remittance.bill_move_id, remittance.commission_move_id
        self.assertEqual((bill.move_type, bill.amount_total), ("in_invoice", 1250.55))
        self.assertEqual(bill.partner_id, self.utility)
        self.assertEqual((invoice.move_type, invoice.amount_total), ("out_invoice", 302.63))
        self.assertEqual(invoice.amount_untaxed, 250.11)
        income = invoice.line_ids.filtered(
            lambda l: l.account_id == self.mandate.commission_account_id
        )
        self.assertEqual(income.balance, -250.11)
        # netted: the invoice is paid out of the bill, 947.92 is left to pay the creditor
        self.assertTrue(remittance.netting_move_id)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(bill.amount_residual, 947.92)
        self.assertEqual(self._balance(self.mandate.collected_account_id), 0.0)
        self.assertEqual(self._balance(self.mandate.placement_account_id), -349.45)
        # a remitted period is locked
        with self.assertRaises(UserError):
            remittance.line_ids[:1].sudo().write({"amount_commission": 0.0})
        with self.assertRaises(UserError):
            remittance.unlink()

    def test_gross_remittance_remits_everything_and_invoices_commission_with_vat(self):
        self.mandate.remittance_mode = "gross"
        remittance = self._january_remitted(self.mandate)
        self.assertRecordValues(
            remittance,
            [
                {
                    "amount_collected": 1250.55,
                    "amount_commission_untaxed": 250.11,
                    "amount_tax": 52.52,
                    "amount_commission": 302.63,
                    "amount_remitted": 1250.55,
                }
            ],
        )
        self.assertFalse(remittance.netting_move_id)
        self.assertEqual(remittance.bill_move_id.amount_residual, 1250.55)
        self.assertEqual(remittance.commission_move_id.amount_residual, 302.63)

    def test_gross_remittance_without_vat_and_payment_from_client_money(self):
        self.mandate2.remittance_method = "payment"
        remittance = self._january_remitted(self.mandate2)
        # 15 % of 1,250.55 = 187.5825 -> 187.58, no VAT
        self.assertRecordValues(
            remittance,
            [{"amount_commission": 187.58, "amount_tax": 0.0, "amount_remitted": 1250.55}],
        )
        self.assertEqual(remittance.payment_id.journal_id, self.mandate2.bank_journal_id)
        self.assertEqual(remittance.payment_id.amount, 1250.55)
        self.assertIn(remittance.bill_move_id.payment_state, ("in_payment", "paid"))

    def test_commission_bands_by_days_overdue_at_placement(self):
        self.mandate.write(
            {
                "commission_type": "days_overdue",
                "band_ids": [
                    Command.create({"threshold": 0, "rate": 10.0}),
                    Command.create({"threshold": 90, "rate": 20.0}),
                    Command.create({"threshold": 365, "rate": 30.0}),
                ],
            }
        )
        young = self._placed(500.0, "B-1", due=date(2025, 12, 1))  # 35 days
        middle = self._placed(500.0, "B-2", due=date(2025, 9, 1))  # 126 days
        old = self._placed(500.0, "B-3", due=date(2024, 6, 1))  # 583 days
        self.assertEqual((young + middle + old).mapped("days_overdue_placed"), [35, 126, 583])
        for placement in young + middle + old:
            self._paid(placement, 100.0)
        remittance = self._remit_january(self.mandate)
        self.assertEqual(
            sorted(remittance.line_ids.mapped("amount_commission")), [10.0, 20.0, 30.0]
        )
        self.assertEqual(remittance.amount_commission_untaxed, 60.0)

    def test_commission_bands_by_amount_recovered_apply_slice_by_slice(self):
        self.mandate.write(
            {
                "commission_type": "amount_recovered",
                "commission_tax_ids": [Command.clear()],
                "band_ids": [
                    Command.create({"threshold": 0, "rate": 20.0}),
                    Command.create({"threshold": 1000, "rate": 15.0}),
                    Command.create({"threshold": 5000, "rate": 10.0}),
                ],
            }
        )
        placement = self._placed(8000.0, "B-4")
        self._paid(placement, 1200.0, "2026-01-20")
        january = self._remit_january(self.mandate)
        # 1,000 at 20 % + 200 at 15 % = 230.00
        self.assertEqual(january.amount_commission_untaxed, 230.0)
        self._paid(placement, 4500.0, "2026-02-10")
        with freeze_time("2026-03-02"):
            february = self._remit(self.mandate, date(2026, 2, 1), date(2026, 2, 28))
        # from 1,200 to 5,700: 3,800 at 15 % + 700 at 10 % = 570 + 70 = 640.00
        self.assertEqual(february.amount_commission_untaxed, 640.0)
        self.assertEqual(february.amount_remitted, 4500.0 - 640.0)

    def test_payment_reversed_after_remittance_is_a_negative_line_next_time(self):
        placement = self._placed(1000.0, "REV-1")
        payment = self._paid(placement, 400.0)
        january = self._remit_january(self.mandate)
        self.assertEqual(january.amount_remitted, 303.2)  # 400 - 80 - 16.80
        with freeze_time("2026-02-10"):
            payment.move_id.line_ids.remove_move_reconcile()
        self.assertRecordValues(
            january, [{"amount_collected": 400.0, "amount_remitted": 303.2, "state": "done"}]
        )
        with freeze_time("2026-03-02"):
            february = self._remit(self.mandate, date(2026, 2, 1), date(2026, 2, 28))
        self.assertRecordValues(
            february,
            [
                {
                    "amount_collected": -400.0,
                    "amount_commission_untaxed": -80.0,
                    "amount_commission": -96.8,
                    "amount_remitted": -303.2,
                }
            ],
        )
        self.assertEqual(february.line_ids.kind, "reversal")
        self.assertEqual(february.bill_move_id.move_type, "in_refund")
        self.assertEqual(february.commission_move_id.move_type, "out_refund")
        self.assertEqual(self._balance(self.mandate.collected_account_id), 0.0)

    def test_thousand_payments_of_odd_amounts_are_remitted_to_the_cent(self):
        with freeze_time("2026-01-05"):
            placements = self.Placement._place(
                self.mandate,
                [
                    {
                        "partner_id": (self.debtor if index % 2 else self.debtor2).id,
                        "name": f"ODD-{index}",
                        "amount": 1000.0,
                        "currency_id": self.currency.id,
                        "date_due": date(2025, 12, 1),
                    }
                    for index in range(100)
                ],
            )
        amounts = [((index * 7919) % 997 + 1) / 100.0 for index in range(1000)]
        with freeze_time("2026-01-20"):
            payments = self.env["account.payment"].create(
                [
                    {
                        "payment_type": "inbound",
                        "partner_type": "customer",
                        "partner_id": placements[index % 100].partner_id.id,
                        "amount": amount,
                        "date": date(2026, 1, 20),
                        "journal_id": self.mandate.bank_journal_id.id,
                        "destination_account_id": self.mandate.receivable_account_id.id,
                    }
                    for index, amount in enumerate(amounts)
                ]
            )
            payments.action_post()
            receivable = self.mandate.receivable_account_id
            plans = []
            for position, placement in enumerate(placements):
                lines = placement.move_id.line_ids.filtered(lambda l: l.account_id == receivable)
                for payment in payments[position::100]:
                    lines |= payment.move_id.line_ids.filtered(
                        lambda l: l.account_id == receivable
                    )
                plans.append(lines)
            self.env["account.move.line"]._reconcile_plan(plans)
        collected = round(sum(amounts), 2)
        lines = self.Line.search([("mandate_id", "=", self.mandate.id)])
        self.assertEqual(len(lines), 1000)
        self.assertAlmostEqual(sum(lines.mapped("amount_collected")), collected, places=2)
        remittance = self._remit_january(self.mandate)
        commission = self.currency.round(collected * 0.2)
        tax = self.currency.round(commission * 0.21)
        self.assertAlmostEqual(remittance.amount_collected, collected, places=2)
        self.assertAlmostEqual(remittance.amount_commission_untaxed, commission, places=2)
        self.assertAlmostEqual(
            sum(remittance.line_ids.mapped("amount_commission")), commission, places=2
        )
        self.assertAlmostEqual(remittance.amount_tax, tax, places=2)
        self.assertAlmostEqual(remittance.amount_remitted, collected - commission - tax, places=2)
        self.assertTrue(
            self.currency.is_zero(
                remittance.amount_collected
                - remittance.amount_remitted
                - remittance.amount_commission
                - remittance.amount_fees
            )
        )
        self.assertAlmostEqual(
            remittance.bill_move_id.amount_residual, remittance.amount_remitted, places=2
        )
        self.assertEqual(self._balance(self.mandate.collected_account_id), 0.0)

    def test_statement_xlsx_lists_the_lines_and_ties_out(self):
        remittance = self._january_remitted(self.mandate)
        attachment = remittance.xlsx_attachment_id
        self.assertTrue(attachment)
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
        refs = [row[2] for row in rows if row[2] in ("J-1", "J-2")]
        self.assertEqual(refs, ["J-1", "J-2"])
        totals = {row[3]: row[4] for row in rows if row[3] and isinstance(row[4], float)}
        self.assertEqual(totals["Remitted to you"], 947.92)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "debt_collection.action_report_remittance_statement", remittance.ids
            )[0]
            .decode()
        )
        self.assertIn("J-2", html)
        self.assertIn("947.92", html)
        # one creditor's data never appears in another's statement
        self.assertNotIn(self.telecom.name, html)


@tagged("post_install", "-at_install")
class TestRemittanceWithFeesScreen(AgencyCommon, HttpCase):
    """A period with a letter fee the creditor bears, computed as New Remittance leaves it,
    then recomputed and remitted from the form."""

    def test_manager_recomputes_and_remits_a_period_with_fees_in_the_browser(self):
        self.mandate.fee_ids = [
            Command.create({"channel": "letter", "amount": 4.0, "bearer": "creditor"}),
        ]
        with freeze_time("2026-01-05"):
            placement = self._place(self.mandate, self.debtor, 1000.0, "FEE-T")
        case = self._agency_case(self.debtor, self.utility)
        placement.move_id.collection_case_id = case
        with freeze_time("2026-01-15"):
            self.env["debt.collection.action"]._log(
                [{"case_id": case.id, "channel": "letter", "result": "sent"}]
            )
        with freeze_time("2026-01-20"):
            self._pay_placement(placement, 100.0, date(2026, 1, 20))
        remittance = self._remit_january(self.mandate, False)
        self.assertEqual(remittance.amount_fees_untaxed, 4.0)
        self.start_tour(
            f"/odoo/action-debt_collection.debt_collection_remittance_action/{remittance.id}",
            "debt_collection_remittance_fees",
            login=self.manager.login,
        )
        # fee 4.00 + VAT 0.84; commission 20.00 + VAT 4.20; 100 - 24.20 - 4.84 = 70.96
        self.assertRecordValues(
            remittance,
            [
                {
                    "state": "done",
                    "amount_fees_untaxed": 4.0,
                    "amount_fees": 4.84,
                    "amount_commission": 24.2,
                    "amount_remitted": 70.96,
                }
            ],
        )
        self.assertEqual(len(remittance.line_ids.filtered(lambda line: line.kind == "fee")), 1)
