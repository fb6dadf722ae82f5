"""Tests that an imported placement invoice equals one the ORM makes, column by column."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .agency_common import AgencyCommon

# columns that differ between any two records, however they were made
MAGIC = {"id", "create_date", "write_date", "display_name"}
# the invoice's number and what is derived from it (checked apart: one after the other)
NUMBERING = {"name", "sequence_number", "move_name", "made_sequence_gap"}
# what ties a record to its own invoice or line
OWN = {"move_id", "matching_number"}


@tagged("post_install", "-at_install", "dc_reliability")
class TestAgencyPlacementInvoice(AgencyCommon):
    """The import books debts with shortcuts (values given instead of computed, ranks and
    followers written per batch, posting without a write per invoice): a placement invoice must
    still be, column by column, the invoice Odoo makes and posts through its own form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's own invoice takes the debtor's receivable: the mandate's, as the placement's
        for debtor in (cls.debtor, cls.debtor2):
            debtor.with_company(
                cls.company
            ).property_account_receivable_id = cls.mandate.receivable_account_id

    def _stored(self, records, skip=()):
        names = [
            name
            for name, field in records._fields.items()
            if field.store
            and field.column_type
            and name not in MAGIC | NUMBERING | OWN
            and name not in skip
        ]
        values = records.read(names)
        for record_values in values:
            record_values.pop("id")
        return values

    def _odoo_invoice(self, partner, ref, amount, due, today):
        """The placement as a user would book it: a customer invoice made and posted by Odoo."""
        mandate = self.mandate
        label = f"{ref} - Debt placed by {mandate.creditor_id.name}"
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "journal_id": mandate.journal_id.id,
                "partner_id": partner.id,
                "invoice_date": today,
                "invoice_date_due": due,
                "ref": ref,
                "payment_reference": ref,
                "invoice_origin": mandate.creditor_id.name,
                "fiscal_position_id": False,
                "collection_creditor_id": mandate.creditor_id.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "account_id": mandate.placement_account_id.id,
                            "quantity": 1.0,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.line_ids.filtered(lambda line: line.display_type == "payment_term").name = ref
        invoice.action_post()
        return invoice

    @freeze_time("2026-01-05")
    def test_placement_invoice_is_the_invoice_odoo_posts(self):
        today, due = date(2026, 1, 5), date(2025, 12, 20)
        ranks_before = {p: p.customer_rank for p in (self.debtor, self.debtor2)}
        theirs = self._odoo_invoice(self.debtor, "STD-1", 1234.56, due, today)
        rank_step = self.debtor.customer_rank - ranks_before[self.debtor]
        placements = self.Placement._place(
            self.mandate,
            [
                {
                    "partner_id": partner.id,
                    "name": ref,
                    "amount": 1234.56,
                    "currency_id": self.currency.id,
                    "date_due": due,
                }
                for partner, ref in ((self.debtor, "STD-2"), (self.debtor2, "STD-3"))
            ],
        )
        ours = placements.move_id.sorted("id")
        self.env.invalidate_all()
        expected = self._stored(theirs, skip={"ref", "payment_reference"})[0]
        for move in ours:
            values = self._stored(move, skip={"ref", "payment_reference"})[0]
            if move.partner_id == self.debtor2:
                expected = {
                    **expected,
                    "partner_id": values["partner_id"],
                    "commercial_partner_id": values["commercial_partner_id"],
                    "partner_shipping_id": values["partner_shipping_id"],
                    "invoice_partner_display_name": values["invoice_partner_display_name"],
                }
            self.assertEqual(values, expected, f"{move.name} against {theirs.name}")
            lines = self._stored(move.line_ids.sorted("display_type"), skip={"name", "ref"})
            expected_lines = self._stored(theirs.line_ids.sorted("display_type"), {"name", "ref"})
            for line, expected_line in zip(lines, expected_lines, strict=True):
                if move.partner_id == self.debtor2:
                    expected_line = {**expected_line, "partner_id": line["partner_id"]}
                self.assertEqual(line, expected_line)
            # posting keeps the creditor's reference as the invoice's payment reference, on
            # the receivable line too (Odoo's posting would compute it again)
            placement = placements.filtered(lambda p, move=move: p.move_id == move)
            self.assertEqual(move.payment_reference, placement.name)
            term = move.line_ids.filtered(lambda line: line.display_type == "payment_term")
            self.assertEqual(term.name, placement.name)
            # the debtor follows the invoice as after Odoo's posting
            self.assertIn(move.partner_id, move.message_partner_ids)
        self.assertEqual(theirs.message_partner_ids, self.debtor)
        # each debtor counted once more as a customer, as Odoo's posting counts them
        self.assertEqual(self.debtor.customer_rank, ranks_before[self.debtor] + 2 * rank_step)
        self.assertEqual(self.debtor2.customer_rank, ranks_before[self.debtor2] + rank_step)

    @freeze_time("2026-01-05")
    def test_placement_record_is_the_record_the_orm_creates(self):
        """Placements are written in one insert (bulk_create): the same columns as the ORM's
        create of the same values."""
        debt = {
            "partner_id": self.debtor.id,
            "name": "BULK-1",
            "amount": 80.0,
            "currency_id": self.currency.id,
            "date_due": date(2025, 12, 1),
            "description": "Water",
        }
        ours = self.Placement._place(self.mandate, [debt])
        vals = self.Placement._prepare_placement_values(
            self.mandate, {**debt, "name": "BULK-2"}, ours.move_id, date(2026, 1, 5)
        )
        vals.pop("creditor_id")
        vals.pop("company_id")
        theirs = self.Placement.create(vals)
        self.env.invalidate_all()
        mine, orm = self._stored(ours, {"name"}), self._stored(theirs, {"name"})
        self.assertEqual(mine, orm)
        self.assertEqual(ours.creditor_id, self.utility)
        self.assertEqual(ours.company_id, self.company)
