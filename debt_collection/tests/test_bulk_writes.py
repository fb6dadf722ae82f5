"""Tests that the set-based writes (tools/bulk.py) write what the ORM would."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.debt_collection.tools.bulk import bulk_create, bulk_update

from .common import DebtCollectionCommon

# columns that differ between any two records, however they were made
MAGIC = {"id", "create_date", "write_date", "display_name"}


@tagged("post_install", "-at_install", "dc_reliability")
class TestBulkWrites(DebtCollectionCommon):
    """The nightly run writes a batch's steps and next steps in one statement (bulk.py): what
    it writes must be what the ORM would have written, field by field."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._create_invoice(cls.debtor, 500.0, date(2026, 1, 5))
        cls.invoice2 = cls._create_invoice(cls.debtor2, 500.0, date(2026, 1, 5))
        with freeze_time("2026-01-12 10:00:00"):
            cls.env["debt.collection.intake"]._open_cases(cls.company, date(2026, 1, 12))
        cls.case = cls.Case.search([("partner_id", "=", cls.debtor.id)])
        cls.case2 = cls.Case.search([("partner_id", "=", cls.debtor2.id)])
        cls.stages = cls.strategy.stage_ids.sorted("sequence")

    def _stored(self, record):
        names = [
            name
            for name, field in record._fields.items()
            if field.store and field.column_type and name not in MAGIC
        ]
        values = record.read(names)[0]
        values.pop("id")
        # dates compared as written (freezegun's dates and the database's are other classes)
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in values.items()
        }

    def _action_values(self, case):
        return {
            "case_id": case.id,
            "partner_id": case.partner_id.id,
            "company_id": case.company_id.id,
            "stage_id": self.stages[0].id,
            "channel": "letter",
            "result": "scheduled",
            "user_id": self.consultant.id,
            "outbound": True,
            "contact_point": "28013, Madrid",
            "date_deadline": date(2026, 1, 26),
            "letter_tone": "first",
        }

    @freeze_time("2026-01-12 10:00:00")
    def test_bulk_step_is_the_step_the_orm_logs(self):
        Action = self.env["debt.collection.action"]
        by_orm = Action._log([self._action_values(self.case)])
        by_bulk = Action.with_context(debt_collection_bulk_log=True)._log(
            [self._action_values(self.case)]
        )
        self.assertEqual(len(by_bulk), 1)
        self.assertEqual(self._stored(by_bulk), self._stored(by_orm))
        # the case sees its new step at once (the one2many and what depends on it)
        self.assertIn(by_bulk, self.case.action_ids)
        self.assertEqual(self.case.action_count, 2)

    @freeze_time("2026-01-12 10:00:00")
    def test_bulk_next_step_is_what_write_would_store(self):
        values = {
            "stage_id": self.stages[0].id,
            "next_stage_id": self.stages[1].id,
            "next_action_date": date(2026, 1, 27),
            "date_last_action": date(2026, 1, 12),
            "hold_reason": False,
        }
        self.case2.hold_reason = "Outside contact hours"
        self.case.hold_reason = "Outside contact hours"
        self.env.flush_all()
        self.case2.with_context(mail_notrack=True).write(values)
        bulk_update(self.Case, self.case.ids, {self.case.id: values})
        by_orm, by_bulk = self._stored(self.case2), self._stored(self.case)
        # what differs between two debtors' cases anyway
        for name in ("partner_id", "name", "access_token", "user_id"):
            by_orm.pop(name, None)
            by_bulk.pop(name, None)
        self.assertEqual(by_bulk, by_orm)
        # what depends on the case's stage follows (the invoice shows its collection stage)
        self.assertEqual(self.invoice.collection_stage_id, self.stages[0])
        self.assertEqual(self.case.days_overdue, 7)

    def test_bulk_writes_check_rights(self):
        """A consultant may not write the log by hand, nor move a case they do not work."""
        Action = self.env["debt.collection.action"].with_user(self.consultant)
        with self.assertRaises(AccessError):
            bulk_create(Action, [self._action_values(self.case)])
        self.case.user_id = self.consultant2
        with self.assertRaises(AccessError):
            bulk_update(
                self.Case.with_user(self.consultant),
                self.case.ids,
                {self.case.id: {"hold_reason": False}},
            )

    def test_bulk_next_step_of_another_company_is_refused(self):
        other = self.env["res.company"].create({"name": "Other Collections"})
        strategy = self.strategy.copy({"company_id": other.id})
        with self.assertRaises(UserError):
            bulk_update(
                self.Case,
                self.case.ids,
                {self.case.id: {"next_stage_id": strategy.stage_ids[:1].id}},
            )

    @freeze_time("2026-01-12 10:00:00")
    def test_bulk_case_is_the_case_the_orm_creates(self):
        """The intake opens a night's cases in one INSERT: each is the case create() makes."""
        debtor = self._debtor("Giulia Bianchi", "giulia@example.it")
        debtor2 = self._debtor("Paola Neri", "paola@example.it")
        invoice = self._create_invoice(debtor, 300.0, date(2026, 1, 2))
        invoice2 = self._create_invoice(debtor2, 300.0, date(2026, 1, 2))
        values = {
            "company_id": self.company.id,
            "strategy_id": self.strategy.id,
            "next_stage_id": self.stages[0].id,
            "next_action_date": date(2026, 1, 12),
            "user_id": self.consultant.id,
            "date_open": date(2026, 1, 12),
        }
        Intake = self.env["debt.collection.intake"]
        by_bulk = Intake._create_cases(self.company, [dict(values, partner_id=debtor.id)])
        by_orm = self.Case.with_context(tracking_disable=True).create(
            [dict(values, partner_id=debtor2.id)]
        )
        Intake._link_invoices([(by_bulk.id, invoice.id), (by_orm.id, invoice2.id)])
        (by_bulk | by_orm).modified(["invoice_ids"])
        self.env.flush_all()
        bulk, orm = self._stored(by_bulk), self._stored(by_orm)
        for name in ("partner_id", "name"):
            self.assertTrue(bulk.pop(name))
            orm.pop(name)
        self.assertEqual(bulk, orm)
        self.assertEqual(by_bulk.amount_residual, 300.0)
        self.assertEqual(by_bulk.invoice_ids, invoice)
        # no chatter message for either (its amounts computed after creation are no change;
        # tracking messages are posted when the transaction commits)
        self.env.cr.precommit.run()
        self.assertEqual(len(by_bulk.message_ids), len(by_orm.message_ids))
        self.assertTrue(by_bulk.name.startswith(by_orm.name[:4]))

    def test_consultants_follow_new_cases_as_odoo_subscribes_them(self):
        """The intake's consultants follow their batch's cases in two statements: the same
        followers, with the same subtypes, as Odoo's own subscription of a new follower."""
        values = {
            "company_id": self.company.id,
            "strategy_id": self.strategy.id,
            "user_id": self.consultant.id,
        }
        debtors = [self._debtor(f"Debtor {n}", f"debtor{n}@example.it") for n in range(3)]
        Case = self.Case.with_context(tracking_disable=True, mail_create_nosubscribe=True)
        by_bulk = Case.create([dict(values, partner_id=d.id) for d in debtors[:2]])
        by_orm = Case.create([dict(values, partner_id=debtors[2].id)])
        by_bulk._collection_subscribe_consultants()
        self.env["mail.followers"]._insert_followers(
            by_orm._name, by_orm.ids, self.consultant.partner_id.ids, check_existing=False
        )
        self.env.flush_all()
        consultant = self.consultant.partner_id
        orm_subtypes = by_orm.message_follower_ids.subtype_ids
        self.assertTrue(orm_subtypes)
        for case in by_bulk:
            self.assertEqual(case.message_partner_ids, consultant)
            self.assertEqual(case.message_follower_ids.subtype_ids, orm_subtypes)
        # subscribing again (a batch retried) adds nothing
        by_bulk._collection_subscribe_consultants()
        self.assertEqual(len(by_bulk.message_follower_ids), 2)
        # a message on the case reaches the consultant, as it does on the case Odoo subscribed
        for case in (by_bulk[0], by_orm):
            message = case.message_post(body="Debtor called back", subtype_xmlid="mail.mt_comment")
            self.assertIn(consultant, message.notification_ids.res_partner_id)
