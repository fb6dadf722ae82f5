"""Tests of a consultant's day with the least rights the job needs."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, tagged

from .common import DebtCollectionCommon, company_user


class ConsultantCommon(DebtCollectionCommon):
    """Lucía, a consultant with the least rights the job needs, and a case at its letter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.lucia = company_user(
            cls.env,
            "lucia_test",
            # what the demo gives a consultant: no Accounting group (issue 23)
            "debt_collection.debt_collection_group_user,base.group_partner_manager",
            cls.company,
            lang="es_ES",
            tz="UTC",
            action_id=cls.env.ref("debt_collection.debt_collection_case_action").id,
        )
        cls.tour_debtor = cls._debtor("Rosa Tour Martínez", "rosa@example.com", lang="es_ES")

    def _case_at_its_letter(self):
        today = fields.Date.context_today(self.env.user)
        invoice = self._create_invoice(
            self.tour_debtor, 480.0, today - timedelta(days=15), today - timedelta(days=45)
        )
        self._run()
        case = self._case(self.tour_debtor)
        case.user_id = self.lucia
        return case, invoice


@tagged("post_install", "-at_install", "dc_security")
class TestConsultantRights(ConsultantCommon):
    def test_consultant_opens_the_invoices_of_a_case_read_only(self):
        """No Accounting group: the case's invoices open in the collection's own views."""
        case, invoice = self._case_at_its_letter()
        self.assertFalse(self.lucia.has_group("account.group_account_readonly"))
        action = case.with_user(self.lucia).action_view_invoices()
        self.assertEqual(action["domain"], [("id", "in", invoice.ids)])
        form_view = self.env.ref("debt_collection.account_move_view_form_collection")
        self.assertIn((form_view.id, "form"), action["views"])
        form = Form(invoice.with_user(self.lucia), view=form_view)
        self.assertEqual(form.partner_id, self.tour_debtor)
        self.assertEqual(form.amount_residual_signed, 480.0)
        with self.assertRaises(AccessError):
            invoice.with_user(self.lucia).write({"ref": "changed"})

    def test_consultant_with_accounting_rights_opens_accountings_views(self):
        case, invoice = self._case_at_its_letter()
        self.lucia.groups_id += self.env.ref("account.group_account_readonly")
        action = case.with_user(self.lucia).action_view_invoices()
        self.assertNotIn(
            self.env.ref("debt_collection.account_move_view_form_collection").id,
            [view_id for view_id, _kind in action.get("views", [])],
        )
        form = Form(invoice.with_user(self.lucia))
        self.assertEqual(form.partner_id, self.tour_debtor)


@tagged("post_install", "-at_install")
class TestConsultantDay(ConsultantCommon, HttpCase):
    def _calls_due_today(self):
        """Five debtors to call today, the largest debt first in the queue."""
        today = fields.Date.context_today(self.env.user)
        cases = self.Case
        for name, amount in (
            ("Ana Primera", 900.0),
            ("Bruno Segundo", 700.0),
            ("Carla Tercera", 500.0),
            ("Diego Cuarto", 300.0),
            ("Elena Quinta", 200.0),
        ):
            debtor = self._debtor(name, f"{name.split()[0].lower()}@example.com", lang="es_ES")
            invoice = self._create_invoice(
                debtor, amount, today - timedelta(days=40), today - timedelta(days=70)
            )
            case = self.Case.create(
                {"partner_id": debtor.id, "company_id": self.company.id, "user_id": self.lucia.id}
            )
            invoice.collection_case_id = case
            case.activity_schedule(
                "debt_collection.mail_activity_type_collection_call",
                date_deadline=today,
                user_id=self.lucia.id,
            )
            cases |= case
        return cases

    def test_consultant_day_in_the_browser(self):
        # her day needs only the Collection groups (issue 23: no Accounting group for her)
        self.lucia.groups_id -= self.env.ref("account.group_account_readonly")
        case, _invoice = self._case_at_its_letter()
        letter = case.action_ids.attachment_id
        self.assertTrue(letter, "the engine attached a letter")
        calls = self._calls_due_today()
        self.start_tour("/odoo", "debt_collection_consultant_day", login="lucia_test")
        self.env.invalidate_all()
        promise = case.promise_ids
        self.assertEqual(promise.amount, 100.0)
        self.assertEqual(promise.user_id, self.lucia)
        self.assertEqual(case.state, "promise")
        self.assertIn("promise", case.action_ids.mapped("result"))
        # the queue's calls: one outcome each, logged by her
        ana, bruno, carla, diego, elena = calls
        for call_case, result in (
            (ana, "reached"),
            (bruno, "no_answer"),
            (carla, "wrong_number"),
            (diego, "disputes"),
            (elena, "promise"),
        ):
            steps = call_case.action_ids.filtered(lambda a: a.channel == "call")
            self.assertIn(result, steps.mapped("result"), call_case.partner_id.name)
            self.assertEqual(steps.user_id, self.lucia)
        plan = ana.plan_ids
        self.assertEqual(plan.state, "running")
        self.assertEqual(ana.state, "plan")
        self.assertEqual(plan.line_ids.mapped("amount"), [300.0, 300.0, 300.0])
        self.assertFalse(carla.partner_id.collection_phone_valid, "a wrong number is unusable")
        self.assertEqual(diego.state, "disputed")
        self.assertEqual(elena.promise_ids.amount, 50.0)
        self.assertEqual(elena.state, "promise")
