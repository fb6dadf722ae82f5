"""Issue 23: each consultant reaches only the data of their cases, by the ORM and over JSON-RPC,
whatever Accounting or Contacts group an administrator also gives them; managers reach only
their companies'."""

from contextlib import contextmanager
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .agency_common import AgencyCommon
from .rpc import JsonRpcMixin

# What a real administrator adds to a consultant: the restriction must hold with each
EXTRA_GROUPS = (
    (),
    ("account.group_account_readonly",),
    ("account.group_account_invoice",),
    ("base.group_partner_manager",),
    (
        "account.group_account_readonly",
        "account.group_account_invoice",
        "base.group_partner_manager",
    ),
)


class SeparationCommon(AgencyCommon):
    """The agency (test company) with the utility's consultant and the telecom's; a second
    company (Milan) with a debtor shared between companies (no company on the partner)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Case = cls.env["debt.collection.case"]
        with freeze_time("2026-01-05"):
            cls.placement_u = cls._place(cls.mandate, cls.debtor, 500.0, "U-1")
            cls.placement_t = cls._place(cls.mandate2, cls.debtor2, 300.0, "T-1")
        cls.case_u = cls._agency_case(cls.debtor, cls.utility, cls.consultant)
        cls.case_t = cls._agency_case(cls.debtor2, cls.telecom, cls.consultant2)
        cls.placement_u.move_id.collection_case_id = cls.case_u
        cls.placement_t.move_id.collection_case_id = cls.case_t
        cls.milan = cls.setup_other_company(name="Forniture Lombarde S.r.l.")["company"]
        cls.milan_debtor = cls.env["res.partner"].create(
            {"name": "Giuseppe Verdi", "email": "giuseppe@example.it"}
        )
        with freeze_time("2026-01-12 10:00:00"):
            cls.milan_case = Case.create(
                {"partner_id": cls.milan_debtor.id, "company_id": cls.milan.id}
            )
        Point = cls.env["debt.collection.contact.point"]
        cls.point_u = Point.create(
            {"partner_id": cls.debtor.id, "kind": "phone", "value": "+34600111222"}
        )
        cls.point_t = Point.create(
            {"partner_id": cls.debtor2.id, "kind": "phone", "value": "+34600333444"}
        )
        cls.point_milan = Point.create(
            {"partner_id": cls.milan_debtor.id, "kind": "phone", "value": "+393331234567"}
        )
        Run = cls.env["debt.collection.run"].sudo()
        cls.run_here = Run.create({"company_id": cls.company.id, "date": date(2026, 1, 12)})
        cls.run_milan = Run.create({"company_id": cls.milan.id, "date": date(2026, 1, 12)})
        cls.payment_u = cls._pay_placement(cls.placement_u, 100.0)
        cls.payment_t = cls._pay_placement(cls.placement_t, 50.0)
        cls.remittance_u = cls._remit_class(cls.mandate)
        cls.remittance_t = cls._remit_class(cls.mandate2)
        cls.consultant_groups = cls.consultant.groups_id

    @classmethod
    def _remit_class(cls, mandate):
        remittance = cls.env["debt.collection.remittance"].create(
            {"mandate_id": mandate.id, "date_from": date(2026, 1, 1), "date_to": date.today()}
        )
        remittance.action_compute()
        return remittance

    def _visible(self, user, records):
        """The part of ``records`` ``user`` finds by searching (none without read access)."""
        try:
            return records.with_user(user).search([("id", "in", records.ids)]).sudo()
        except AccessError:
            return records.browse()

    def _with_extra_groups(self, xmlids):
        self.consultant.groups_id = self.consultant_groups | self.env["res.groups"].union(
            *(self.env.ref(xmlid) for xmlid in xmlids)
        )

    @contextmanager
    def _extra_groups_subtest(self, xmlids):
        """A subtest in which the consultant holds the groups ``xmlids`` besides their own."""
        with self.subTest(extra=xmlids):
            self._with_extra_groups(xmlids)
            yield


@tagged("post_install", "-at_install", "dc_security")
class TestSeparation(SeparationCommon):
    def test_contact_points_of_other_debtors_are_hidden_and_read_only(self):
        for extra in EXTRA_GROUPS:
            with self._extra_groups_subtest(extra):
                Point = self.env["debt.collection.contact.point"].with_user(self.consultant)
                visible = Point.search([])
                self.assertIn(self.point_u, visible)
                self.assertNotIn(self.point_t, visible)
                self.assertNotIn(self.point_milan, visible)
                for point in (self.point_t, self.point_milan):
                    with self.assertRaises(AccessError):
                        point.with_user(self.consultant).read(["value"])
                    with self.assertRaises(AccessError):
                        point.with_user(self.consultant).write(
                            {"consent": True, "consent_method": "call"}
                        )
                    with self.assertRaises(AccessError):
                        point.with_user(self.consultant).write({"optout_call": True})
                    with self.assertRaises(AccessError):
                        Point.create(
                            {"partner_id": point.partner_id.id, "kind": "email", "value": "x@y.es"}
                        )
                # their own debtor's: read and recorded as the compliance flow does
                self.point_u.with_user(self.consultant).write({"optout_sms": True})
                self.assertTrue(self.point_u.optout_sms)
                self.point_u.optout_sms = False
        self.assertFalse(self.point_t.consent or self.point_t.optout_call)
        # the telecom's consultant records the consent of their own debtor
        self.point_t.with_user(self.consultant2)._collection_record_consent("call", "Sí")
        self.assertTrue(self.point_t.consent)
        self.assertEqual(self.point_t.consent_user_id, self.consultant2)

    def test_consultant_reaches_only_their_cases_money_and_debtors(self):
        invoices = self.placement_u.move_id | self.placement_t.move_id
        payments = self.payment_u | self.payment_t
        remittances = self.remittance_u | self.remittance_t
        lines = remittances.line_ids
        partners = self.debtor | self.debtor2 | self.milan_debtor | self.utility | self.telecom
        self.assertTrue(self.remittance_t.line_ids)
        for extra in EXTRA_GROUPS:
            with self._extra_groups_subtest(extra):
                user = self.consultant
                self.assertEqual(self._visible(user, invoices), self.placement_u.move_id)
                self.assertFalse(self._visible(user, self.placement_t.move_id.line_ids))
                self.assertFalse(self._visible(user, self.payment_t))
                self.assertLessEqual(self._visible(user, payments), self.payment_u)
                self.assertLessEqual(self._visible(user, remittances), self.remittance_u)
                self.assertLessEqual(self._visible(user, lines), self.remittance_u.line_ids)
                self.assertEqual(
                    self._visible(user, partners), self.debtor | self.utility | self.telecom
                )
                for record in (
                    self.placement_t.move_id,
                    self.debtor2,
                    self.milan_debtor,
                    self.remittance_t,
                ):
                    with self.assertRaises(AccessError):
                        record.with_user(user).read(["display_name"])
                # the Debtors menu lists their debtors only
                debtors = (
                    self.env["res.partner"]
                    .with_user(user)
                    .search([("collection_case_ids", "!=", False)])
                )
                self.assertEqual(debtors, self.debtor)
                # what they must see of money they see on their case
                case = self.case_u.with_user(user)
                self.assertEqual(case.invoice_ids, self.placement_u.move_id)
                self.assertEqual(case.invoice_ids.amount_residual, 400.0)
                with self.assertRaises(AccessError):
                    self.debtor2.with_user(user).write({"phone": "+34600000000"})
                if "base.group_partner_manager" in extra:
                    self.debtor.with_user(user).write({"phone": "+34600999888"})

    def test_consultant_rules_change_nothing_for_managers_and_accountants(self):
        accountant = self._collection_user("dc_accountant", "user")
        accountant.groups_id = self.env.ref("account.group_account_invoice") | self.env.ref(
            "base.group_user"
        )
        invoices = self.placement_u.move_id | self.placement_t.move_id
        for user in (self.manager, accountant):
            with self.subTest(user=user.login):
                self.assertEqual(self._visible(user, invoices), invoices)
                self.assertEqual(
                    self._visible(user, self.payment_u | self.payment_t),
                    self.payment_u | self.payment_t,
                )
                self.assertEqual(
                    self._visible(user, self.debtor | self.debtor2), self.debtor | self.debtor2
                )
        remittances = self.remittance_u | self.remittance_t
        self.assertEqual(self._visible(self.manager, remittances), remittances)

    def test_consent_is_stamped_by_the_system_not_the_caller(self):
        with freeze_time("2026-03-02 14:00:00"):
            self.point_u.with_user(self.consultant).write(
                {
                    "consent": True,
                    "consent_method": "call",
                    "consent_date": "2025-01-01 09:00:00",
                    "consent_user_id": self.consultant2.id,
                }
            )
        self.assertEqual(str(self.point_u.consent_date), "2026-03-02 14:00:00")
        self.assertEqual(self.point_u.consent_user_id, self.consultant)
        self.point_u.with_user(self.consultant).write({"consent_date": "2025-01-01 09:00:00"})
        self.assertEqual(str(self.point_u.consent_date), "2026-03-02 14:00:00")

    def test_manager_reaches_contact_points_of_their_companies_only(self):
        Point = self.env["debt.collection.contact.point"].with_user(self.manager)
        visible = Point.search([])
        self.assertTrue(self.point_u | self.point_t <= visible)
        self.assertNotIn(self.point_milan, visible)
        with self.assertRaises(AccessError):
            self.point_milan.with_user(self.manager).write({"optout_call": True})
        self.manager.company_ids = [Command.link(self.milan.id)]
        Point = Point.with_context(allowed_company_ids=[self.company.id, self.milan.id])
        self.assertIn(self.point_milan, Point.search([]))

    def test_runs_of_another_company_are_hidden(self):
        Run = self.env["debt.collection.run"].with_user(self.manager)
        self.assertIn(self.run_here, Run.search([]))
        self.assertNotIn(self.run_milan, Run.search([]))
        with self.assertRaises(AccessError):
            self.run_milan.with_user(self.manager).read(["error", "case_opened_count"])
        self.manager.company_ids = [Command.link(self.milan.id)]
        Run = Run.with_context(allowed_company_ids=[self.company.id, self.milan.id])
        self.assertIn(self.run_milan, Run.search([]))


@tagged("post_install", "-at_install", "dc_security")
class TestSeparationRpc(JsonRpcMixin, SeparationCommon, HttpCase):
    """The same doors over JSON-RPC, as a browser or a script would knock."""

    def _ids(self, model, domain=None):
        answer = self._call(model, "search_read", [domain or []], {"fields": ["id"]})
        self.assertNotIn("error", answer, answer)
        return {row["id"] for row in answer["result"]}

    def test_contact_points_over_json_rpc(self):
        for extra in EXTRA_GROUPS:
            with self._extra_groups_subtest(extra):
                self.authenticate("dc_consultant", "dc_consultant")
                ids = self._ids("debt.collection.contact.point")
                self.assertIn(self.point_u.id, ids)
                self.assertNotIn(self.point_t.id, ids)
                self.assertNotIn(self.point_milan.id, ids)
                for point in (self.point_t, self.point_milan):
                    answer = self._call(
                        "debt.collection.contact.point",
                        "write",
                        [point.ids, {"consent": True, "consent_method": "call"}],
                    )
                    self.assertIn("error", answer)
                    answer = self._call("debt.collection.contact.point", "read", [point.ids])
                    self.assertIn("error", answer)
                answer = self._call(
                    "debt.collection.contact.point",
                    "write",
                    [self.point_u.ids, {"optout_sms": True}],
                )
                self.assertNotIn("error", answer, answer)
        self.assertFalse(self.point_t.consent)
        self.assertFalse(self.point_milan.consent)
        self.assertTrue(self.point_u.optout_sms)

    def test_money_and_debtors_over_json_rpc(self):
        for extra in EXTRA_GROUPS:
            with self._extra_groups_subtest(extra):
                self.authenticate("dc_consultant", "dc_consultant")
                moves = self._ids("account.move", [("move_type", "=", "out_invoice")])
                self.assertEqual(moves, set(self.placement_u.move_id.ids))
                partners = self._ids("res.partner", [("collection_case_ids", "!=", False)])
                self.assertEqual(partners, set(self.debtor.ids))
                answer = self._call("res.partner", "read", [self.debtor2.ids, ["email"]])
                self.assertIn("error", answer)
                answer = self._call("account.payment", "search_read", [[]], {"fields": ["id"]})
                if "error" not in answer:
                    self.assertNotIn(self.payment_t.id, {r["id"] for r in answer["result"]})
                answer = self._call(
                    "debt.collection.remittance.line", "search_read", [[]], {"fields": ["id"]}
                )
                if "error" not in answer:
                    ids = {r["id"] for r in answer["result"]}
                    self.assertFalse(ids & set(self.remittance_t.line_ids.ids))
                answer = self._call(
                    "account.move", "read", [self.placement_t.move_id.ids, ["amount_total"]]
                )
                self.assertIn("error", answer)

    def test_runs_over_json_rpc(self):
        self.authenticate("dc_manager", "dc_manager")
        ids = self._ids("debt.collection.run")
        self.assertIn(self.run_here.id, ids)
        self.assertNotIn(self.run_milan.id, ids)
        answer = self._call("debt.collection.run", "read", [self.run_milan.ids, ["error"]])
        self.assertIn("error", answer)
