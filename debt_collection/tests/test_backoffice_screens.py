"""Tests of what back-office screens show when they open: domains, filters, kanban."""

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tests import Form, HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DebtCollectionCommon
from .test_negotiation import NegotiationCommon


class BackofficeCommon(DebtCollectionCommon):
    """What a user's screen shows when it opens: the action's domain and default filters."""

    def _eval(self, expr, user):
        return safe_eval(
            expr or "{}",
            {
                "uid": user.id,
                "context_today": lambda: date.today(),
                "relativedelta": relativedelta,
                "datetime": datetime,
            },
        )

    def _search_arch(self, model):
        views = model.get_views([(False, "search")])
        return etree.fromstring(views["views"]["search"]["arch"])

    def _default_domain(self, action_xmlid, user):
        """The domain of the action's first screen: filters of one group are or-ed, groups
        and-ed, as the web client does."""
        action = self.env.ref(action_xmlid)
        model = self.env[action.res_model].with_user(user)
        context = self._eval(action.context, user)
        groups, current = [], []
        for node in self._search_arch(model):
            if node.tag == "filter" and node.get("domain"):
                if context.get(f"search_default_{node.get('name')}"):
                    current.append(self._eval(node.get("domain"), user))
            elif node.tag in ("separator", "field", "group"):
                groups.append(current)
                current = []
        groups.append(current)
        domain = expression.AND(
            [self._eval(action.domain or "[]", user)]
            + [expression.OR(group) for group in groups if group]
        )
        return model, domain, context

    @classmethod
    def _two_strategies_with_a_visit(cls):
        """Two strategies with a "Home Visit" each, a case at each."""
        cls.consumers = cls.env["debt.collection.strategy"].create(
            {
                "name": "Consumers",
                "stage_ids": [
                    Command.create({"name": "Home Visit", "action_type": "visit", "sequence": 50})
                ],
            }
        )
        standard_visit = cls.strategy.stage_ids.filtered(lambda s: s.name == "Home Visit")
        assert standard_visit, "the standard ladder has a Home Visit"
        for partner, strategy, stage in (
            (cls.debtor, cls.strategy, standard_visit),
            (cls.debtor2, cls.consumers, cls.consumers.stage_ids),
        ):
            cls.Case.create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "user_id": cls.consultant.id,
                    "strategy_id": strategy.id,
                    "stage_id": stage.id,
                }
            )

    def _default_search(self, model, text):
        """The records the search box finds for text typed and entered (its first field)."""
        field = self._search_arch(model).find("field")
        filter_domain = field.get("filter_domain")
        if filter_domain:
            return model.search(safe_eval(filter_domain, {"self": text}))
        return model.search([(field.get("name"), "ilike", text)])


@tagged("post_install", "-at_install")
class TestCaseSearch(BackofficeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor2.vat = "ESB12345674"
        cls.invoice = cls._create_invoice(cls.debtor2, 300.0, date(2026, 1, 10))
        cls.invoice.ref = "FV-2025-40008"
        cls.case = cls.Case.create(
            {
                "partner_id": cls.debtor2.id,
                "company_id": cls.company.id,
                "user_id": cls.consultant.id,
            }
        )
        cls.invoice.collection_case_id = cls.case
        cls.other = cls.Case.create(
            {
                "partner_id": cls.debtor.id,
                "company_id": cls.company.id,
                "user_id": cls.consultant.id,
            }
        )

    def test_search_box_finds_a_case_by_whatever_the_consultant_has(self):
        cases = self.Case.with_user(self.consultant)
        for text in (
            "Rossi",  # the debtor's name
            "B12345674",  # the VAT, without its country
            self.invoice.name,  # the invoice number
            "FV-2025-40008",  # the creditor's invoice, as the debtor knows it
            self.case.name,  # the case reference
        ):
            with self.subTest(text=text):
                self.assertEqual(self._default_search(cases, text), self.case)


@tagged("post_install", "-at_install")
class TestPlansToApprove(BackofficeCommon):
    def test_manager_sees_plans_awaiting_approval(self):
        invoice = self._create_invoice(self.debtor, 1000.0, date(2026, 1, 10))
        case = self.Case.create(
            {
                "partner_id": self.debtor.id,
                "company_id": self.company.id,
                "user_id": self.consultant.id,
            }
        )
        invoice.collection_case_id = case
        Plan = self.env["debt.collection.plan"]
        waiting, running, cancelled = Plan.create(
            [
                {"case_id": case.id, "amount_due": 1000.0, "amount_total": 700.0, "state": state}
                for state in ("to_approve", "running", "cancelled")
            ]
        )
        model, domain, _context = self._default_domain(
            "debt_collection.debt_collection_plan_action", self.manager
        )
        shown = model.search(domain)
        self.assertIn(waiting, shown, "the plans to approve are on the manager's first screen")
        self.assertIn(running, shown)
        self.assertNotIn(cancelled, shown)


@tagged("post_install", "-at_install")
class TestCaseKanbanColumns(BackofficeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._two_strategies_with_a_visit()

    def test_columns_of_two_strategies_are_told_apart(self):
        model, domain, context = self._default_domain(
            "debt_collection.debt_collection_case_action", self.consultant
        )
        groups = model.with_context(**context).web_read_group(domain, ["stage_id"], ["stage_id"])[
            "groups"
        ]
        names = [group["stage_id"][1] for group in groups if group["stage_id"]]
        self.assertEqual(len(names), len(set(names)), f"two columns named alike: {names}")
        self.assertIn("Home Visit (Consumers)", names)
        self.assertIn("Home Visit (Standard Collection)", names)

    def test_case_form_keeps_the_short_stage_name(self):
        stage = self.consumers.stage_ids
        self.assertEqual(stage.with_user(self.consultant).display_name, "Home Visit")


@tagged("post_install", "-at_install")
class TestCaseKanbanTour(BackofficeCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._two_strategies_with_a_visit()

    def test_case_kanban_columns_in_the_browser(self):
        # a case the engine has not yet taken a step on
        self.Case.create(
            {
                "partner_id": self._debtor("Anna Nuova", "anna@example.com").id,
                "company_id": self.company.id,
                "user_id": self.consultant.id,
            }
        )
        self.start_tour(
            "/odoo/action-debt_collection.debt_collection_case_action",
            "debt_collection_case_kanban",
            login="dc_consultant",
        )


class VisitsCommon(BackofficeCommon):
    """Visits planned today, in three days and in ten: the rounds of the coming week."""

    @classmethod
    def _visit_case(cls, partner, days):
        case = cls.Case.create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "user_id": cls.consultant.id,
            }
        )
        cls._create_invoice(partner, 250.0, date.today() - relativedelta(days=60))
        case.invoice_ids = cls.env["account.move"].search([("partner_id", "=", partner.id)])
        case.activity_schedule(
            "debt_collection.mail_activity_type_collection_visit",
            date_deadline=date.today() + relativedelta(days=days),
            user_id=cls.consultant.id,
        )
        return case

    @classmethod
    def _visits(cls):
        cls.today_case = cls._visit_case(cls.debtor, 0)
        cls.soon_case = cls._visit_case(cls.debtor2, 3)
        cls.later_case = cls._visit_case(cls._debtor("Giulia Lontana", "giulia@example.it"), 10)


@tagged("post_install", "-at_install")
class TestVisitsScreen(VisitsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._visits()

    def test_visits_of_the_coming_days_are_listed(self):
        model, domain, context = self._default_domain(
            "debt_collection.debt_collection_queue_action_visit", self.consultant
        )
        rows = model.with_context(**context).search(domain)
        self.assertEqual(rows.case_id, self.today_case | self.soon_case)
        self.assertEqual(
            rows.sorted("visit_date").mapped("visit_date"),
            [date.today(), date.today() + relativedelta(days=3)],
        )
        self.assertEqual(
            rows.sorted("visit_date").mapped("reason"), ["Visit due", "Visit planned"]
        )

    def test_my_queue_keeps_to_today(self):
        model, domain, context = self._default_domain(
            "debt_collection.debt_collection_queue_action", self.consultant
        )
        self.assertEqual(model.with_context(**context).search(domain).case_id, self.today_case)

    def test_visit_form_offers_the_outcomes_of_a_visit_only(self):
        views = (
            self.env["debt.collection.outcome.wizard"]
            .with_user(self.consultant)
            .get_views(
                [
                    (
                        self.env.ref(
                            "debt_collection.debt_collection_outcome_wizard_view_form_visit"
                        ).id,
                        "form",
                    )
                ]
            )
        )
        arch = etree.fromstring(views["views"]["form"]["arch"])
        (radio,) = arch.xpath("//field[@widget='radio']")
        fields = views["models"]["debt.collection.outcome.wizard"]["fields"]
        offered = {key for key, _label in fields[radio.get("name")]["selection"]}
        self.assertEqual(
            offered, {"reached", "not_home", "promise", "refuses", "disputes", "paid_already"}
        )

    def test_met_the_debtor_marks_the_visit_reached(self):
        action = (
            self.env["debt.collection.queue"]
            .with_user(self.consultant)
            .search([("case_id", "=", self.today_case.id)])
            .action_visit_outcome()
        )
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.consultant)
            .with_context(**action["context"]),
            view=action["views"][0][0],
        )
        self.assertEqual(form.visit_result, "not_home")
        form.met_debtor = True
        self.assertEqual(form.visit_result, "reached")

    def test_a_call_outcome_is_refused_for_a_visit(self):
        Wizard = self.env["debt.collection.outcome.wizard"].with_user(self.consultant)
        for result in ("no_answer", "wrong_number"):
            with self.subTest(result=result), self.assertRaises(ValidationError):
                Wizard.create(
                    {"case_id": self.today_case.id, "channel": "visit", "result": result}
                )


@tagged("post_install", "-at_install")
class TestVisitOnPhone(VisitsCommon, HttpCase):
    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._visits()

    def test_visit_on_a_phone_with_the_acknowledgment(self):
        self.start_tour(
            "/odoo/action-debt_collection.debt_collection_queue_action_visit",
            "debt_collection_visit_phone",
            login="dc_consultant",
        )
        self.env.invalidate_all()
        (step,) = self.today_case.action_ids.filtered(lambda a: a.channel == "visit")
        self.assertEqual(step.result, "reached")
        self.assertTrue(step.acknowledgment)
        self.assertEqual(step.attachment_id.name, "reconocimiento.pdf")
        self.assertEqual(step.attachment_id.res_id, self.today_case.id)
        self.assertFalse(self.today_case.activity_ids, "the visit is done")


@tagged("post_install", "-at_install")
class TestManagerTour(NegotiationCommon, HttpCase):
    def test_manager_approves_a_plan_writes_off_and_reverses(self):
        approval_case, _invoice = self._open_case(self.debtor, 1000.0)
        plan = self._plan(
            approval_case,
            amount_total=700.0,
            instalment_count=2,
            date_first=date.today() + relativedelta(days=10),
        )
        plan.action_confirm()
        self.assertEqual(plan.state, "to_approve", "a 30% discount is above her authority")
        lost_case, lost_invoice = self._open_case(self.debtor2, 640.0)
        self.start_tour(
            "/odoo/action-debt_collection.debt_collection_plan_action",
            "debt_collection_manager_day",
            login="dc_manager",
        )
        self.env.invalidate_all()
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.approved_by_id, self.manager)
        self.assertEqual(approval_case.state, "plan")
        # written off, then reversed: the entry and its reversal, the invoice due again
        self.assertEqual(lost_case.state, "open")
        self.assertFalse(lost_case.writeoff_move_id)
        self.assertEqual(lost_invoice.amount_residual, 640.0)
        steps = lost_case.action_ids.mapped("result")
        self.assertIn("written_off", steps)
        self.assertIn("writeoff_reversed", steps)
