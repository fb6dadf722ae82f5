"""Tests of the separation of creditors (AC-3): no consultant reads another's data."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .agency_common import AgencyCommon


@tagged("post_install", "-at_install", "dc_security")
class TestAgencySeparation(AgencyCommon):
    """AC-3: two creditors, two consultants, one shared debtor. The utility's consultant
    never reads, searches or counts the telecom's cases, promises, steps, attachments,
    messages, invoices or placed debts; the manager sees both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-01-05"):
            cls.placement_u = cls._place(cls.mandate, cls.debtor, 500.0, "U-1")
            cls.placement_t = cls._place(cls.mandate2, cls.debtor, 300.0, "T-1")
            cls.placement_t2 = cls._place(cls.mandate2, cls.debtor2, 200.0, "T-2")
        cls.case_u = cls._agency_case(cls.debtor, cls.utility, cls.consultant)
        cls.case_t = cls._agency_case(cls.debtor, cls.telecom, cls.consultant2)
        # unassigned: in-house, the consultants' rule would show it to everyone
        cls.case_t2 = cls._agency_case(cls.debtor2, cls.telecom)
        cls.placement_u.move_id.collection_case_id = cls.case_u
        cls.placement_t.move_id.collection_case_id = cls.case_t
        cls.placement_t2.move_id.collection_case_id = cls.case_t2
        with freeze_time("2026-01-10"):
            cls.promise_t = cls.env["debt.collection.promise"].create(
                {"case_id": cls.case_t.id, "amount": 100.0, "date_promised": date(2026, 2, 1)}
            )
        cls.action_t = cls.env["debt.collection.action"]._log(
            {"case_id": cls.case_t.id, "channel": "manual", "result": "note", "note": "secret"}
        )
        cls.message_t = cls.case_t.message_post(body="Telecom internal note")
        cls.attachment_t = cls.env["ir.attachment"].create(
            {
                "name": "telecom-contract.pdf",
                "raw": b"%PDF-1.4 telecom",
                "res_model": "debt.collection.case",
                "res_id": cls.case_t.id,
            }
        )

    def test_cases_have_their_mandate(self):
        self.assertEqual(self.case_u.mandate_id, self.mandate)
        self.assertEqual((self.case_t | self.case_t2).mandate_id, self.mandate2)

    def test_consultant_sees_only_the_cases_of_their_mandates(self):
        Case = self.env["debt.collection.case"].with_user(self.consultant)
        self.assertEqual(Case.search([]), self.case_u)
        self.assertEqual(Case.search_count([]), 1)
        groups = Case.read_group([], ["amount_residual:sum"], ["creditor_id"])
        self.assertEqual([g["creditor_id"][0] for g in groups], [self.utility.id])
        self.consultant.groups_id += self.env.ref("base.group_allow_export")
        exported = Case.search([]).export_data(["name", "creditor_id/name"])["datas"]
        self.assertEqual(exported, [[self.case_u.name, self.utility.name]])
        for case in (self.case_t, self.case_t2):
            with self.assertRaises(AccessError):
                case.with_user(self.consultant).read(["amount_residual"])
        # and the other way round
        Case2 = self.env["debt.collection.case"].with_user(self.consultant2)
        self.assertEqual(Case2.search([]), self.case_t | self.case_t2)
        with self.assertRaises(AccessError):
            self.case_u.with_user(self.consultant2).read(["name"])

    def test_promises_steps_and_invoices_of_another_creditor_are_hidden(self):
        promises = self.env["debt.collection.promise"].with_user(self.consultant)
        self.assertFalse(promises.search([]))
        with self.assertRaises(AccessError):
            self.promise_t.with_user(self.consultant).read(["amount"])
        actions = self.env["debt.collection.action"].with_user(self.consultant)
        self.assertNotIn(self.action_t, actions.search([]))
        with self.assertRaises(AccessError):
            self.action_t.with_user(self.consultant).read(["note"])
        moves = self.env["account.move"].with_user(self.consultant)
        self.assertEqual(
            moves.search([("move_type", "=", "out_invoice")]), self.placement_u.move_id
        )
        with self.assertRaises(AccessError):
            self.placement_t.move_id.with_user(self.consultant).read(["amount_residual"])

    def test_attachments_and_messages_of_another_creditor_are_hidden(self):
        Attachment = self.env["ir.attachment"].with_user(self.consultant)
        self.assertFalse(Attachment.search([("res_model", "=", "debt.collection.case")]))
        with self.assertRaises(AccessError):
            self.attachment_t.with_user(self.consultant).read(["datas"])
        Message = self.env["mail.message"].with_user(self.consultant)
        self.assertNotIn(
            self.message_t,
            Message.search(
                [("model", "=", "debt.collection.case"), ("res_id", "=", self.case_t.id)]
            ),
        )
        with self.assertRaises(AccessError):
            self.message_t.with_user(self.consultant).read(["body"])
        # the telecom's own consultant reads them
        self.assertTrue(self.attachment_t.with_user(self.consultant2).read(["name"]))
        self.assertTrue(self.message_t.with_user(self.consultant2).read(["body"]))

    def test_mandates_and_placed_debts_of_another_creditor_are_hidden(self):
        Mandate = self.env["debt.collection.mandate"].with_user(self.consultant)
        self.assertEqual(Mandate.search([]), self.mandate)
        Placement = self.env["debt.collection.placement"].with_user(self.consultant)
        self.assertEqual(Placement.search([]), self.placement_u)
        with self.assertRaises(AccessError):
            self.placement_t.with_user(self.consultant).read(["amount_placed"])
        with self.assertRaises(AccessError):
            self.env["debt.collection.remittance"].with_user(self.consultant).search([])

    def test_manager_sees_every_creditor(self):
        Case = self.env["debt.collection.case"].with_user(self.manager)
        self.assertEqual(Case.search([]), self.case_u | self.case_t | self.case_t2)
        Placement = self.env["debt.collection.placement"].with_user(self.manager)
        self.assertEqual(len(Placement.search([])), 3)
        self.assertTrue(self.message_t.with_user(self.manager).read(["body"]))

    def test_consultants_cannot_recall_pay_directly_remit_or_change_mandates(self):
        placement = self.placement_u.with_user(self.consultant)
        with self.assertRaises(UserError):
            placement._recall("mine")
        with self.assertRaises(UserError):
            placement._report_direct_payment(10.0, date(2026, 1, 10))
        with self.assertRaises(AccessError):
            self.mandate.with_user(self.consultant).write({"commission_rate": 1.0})
        with self.assertRaises(UserError):
            self.mandate.with_user(self.consultant).action_new_remittance()
        self.assertEqual(self.placement_u.state, "placed")

    def test_a_statement_holds_only_its_creditor(self):
        self._pay_placement(self.placement_u, 100.0)
        self._pay_placement(self.placement_t, 50.0)
        remittance = self._remit(self.mandate, date(2026, 1, 1), date.today(), confirm=False)
        self.assertEqual(remittance.line_ids.placement_id, self.placement_u)
        self.assertEqual(remittance.amount_collected, 100.0)
