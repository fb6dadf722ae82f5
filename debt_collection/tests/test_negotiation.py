"""Tests of negotiation: promises, plans, recovery and write-off."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DebtCollectionCommon


class _Refused:
    def __init__(self, test, exception, text):
        self.context = test.assertRaises(exception)
        self.text = text
        self.test = test

    def __enter__(self):
        self.caught = self.context.__enter__()
        return self.caught

    def __exit__(self, *exc_info):
        handled = self.context.__exit__(*exc_info)
        self.test.assertIn(self.text, str(self.caught.exception))
        return handled


class NegotiationCommon(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "collection_writeoff_account_id": cls.company_data["default_account_expense"].id,
                "collection_discount_account_id": cls.copy_account(
                    cls.company_data["default_account_expense"]
                ).id,
                "collection_journal_id": cls.company_data["default_journal_misc"].id,
            }
        )
        cls.Promise = cls.env["debt.collection.promise"]
        cls.Plan = cls.env["debt.collection.plan"]

    def _open_case(self, partner, amount, due=date(2026, 1, 10)):
        invoice = self._create_invoice(partner, amount, due, date(2025, 12, 10))
        self._run()
        case = self._case(partner)
        self.assertTrue(case)
        case.user_id = self.consultant
        return case, invoice

    def _promise(self, case, amount, promised, user=None):
        return (
            self.Promise.with_user(user or self.consultant)
            .create({"case_id": case.id, "amount": amount, "date_promised": promised})
            .sudo()
        )

    def _promised_case(self, amount, promised, by):
        """The first debtor's case of ``amount`` opened by the run, and the consultant's promise
        of ``promised`` by the date ``by``."""
        case, invoice = self._open_case(self.debtor, amount)
        return case, invoice, self._promise(case, promised, by)

    def _settle(self, case, invoice, amount):
        """A settlement of ``amount`` in one instalment agreed on 12 January 2026 (within the
        consultant's authority), paid on the 19th and seen by that day's run."""
        with freeze_time("2026-01-12 10:00:00"):
            plan = self._plan(
                case, amount_total=amount, instalment_count=1, date_first=date(2026, 1, 20)
            )
            plan.action_confirm()
            self.assertEqual(plan.state, "running", "within a consultant's authority")
        with freeze_time("2026-01-19 10:00:00"):
            self._pay(invoice, amount)
            self._run()
        return plan

    def assertRefused(self, exception, text):
        """assertRaises rolls back what the refused call wrote, like a real request does."""
        return _Refused(self, exception, text)

    def _plan(self, case, user=None, **values):
        wizard = (
            self.env["debt.collection.plan.wizard"]
            .with_user(user or self.consultant)
            .create({"case_id": case.id, **values})
        )
        action = wizard.action_propose()
        return self.Plan.with_user(user or self.consultant).browse(action["res_id"])


@tagged("post_install", "-at_install", "dc_reliability")
class TestPromises(NegotiationCommon):
    @freeze_time("2026-01-12 10:00:00")
    def test_promise_kept_by_one_payment_closes_the_case(self):
        case, invoice, promise = self._promised_case(600.0, 600.0, by=date(2026, 1, 20))
        self.assertEqual(case.state, "promise", "the case leaves the ladder")
        self._pay(invoice, 600.0)
        self._run()
        self.assertEqual(promise.state, "kept")
        self.assertEqual(promise.amount_paid, 600.0)
        self.assertEqual(case.state, "paid")
        self.assertEqual(self.debtor.collection_promise_kept_count, 1)

    def test_promise_kept_by_two_partial_payments(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice, promise = self._promised_case(1000.0, 400.0, by=date(2026, 1, 25))
            self._pay(invoice, 150.0)
            self._run()
            self.assertEqual(promise.state, "open")
            self.assertEqual(promise.amount_paid, 150.0)
        with freeze_time("2026-01-24 10:00:00"):
            self._pay(invoice, 250.0)
            self._run()
            self.assertEqual(promise.state, "kept")
            self.assertEqual(case.state, "open", "600 still due: the ladder goes on")
            self.assertEqual(case.amount_residual, 600.0)

    def test_promise_paused_ladder_then_broken_intensifies(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, _invoice = self._open_case(self.debtor, 800.0)
            steps = len(case.action_ids)
            next_stage = case.next_stage_id
            self._promise(case, 800.0, date(2026, 1, 30))
        with freeze_time("2026-01-25 10:00:00"):
            self._run()
            self.assertEqual(case.state, "promise")
            self.assertEqual(
                case.action_ids.filtered(lambda a: a.stage_id == next_stage),
                self.env["debt.collection.action"],
                "no letter while the promise runs",
            )
        with freeze_time("2026-02-02 10:00:00"):
            self._run()
            self.assertEqual(case.state, "promise", "three days of grace after the date")
        with freeze_time("2026-02-03 10:00:00"):
            self._run()
            promise = case.promise_ids
            self.assertEqual(promise.state, "broken")
            self.assertEqual(case.state, "open")
            self.assertEqual(case.priority, "1", "a broken promise makes the case riskier")
            self.assertIn("promise_broken", case.action_ids.mapped("result"))
            review = case.activity_ids.filtered(
                lambda a: a.user_id == self.consultant and "broken" in (a.summary or "")
            )
            self.assertTrue(review, "the consultant is told to act")
            self.assertTrue(
                case.action_ids.filtered(lambda a: a.stage_id == next_stage),
                "the ladder resumes at once with the next step",
            )
            self.assertGreater(len(case.action_ids), steps)
            self.assertEqual(self.debtor.collection_promise_broken_count, 1)

    def test_promise_partly_kept_asks_for_a_decision(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice, promise = self._promised_case(900.0, 500.0, by=date(2026, 1, 20))
            self._pay(invoice, 200.0)
        with freeze_time("2026-01-24 10:00:00"):
            self._run()
            self.assertEqual(promise.state, "partial")
            self.assertEqual(promise.amount_paid, 200.0)
            self.assertEqual(case.state, "paused")
            self.assertTrue(case.hold_reason)
            self.assertTrue(case.activity_ids.filtered(lambda a: "partly" in (a.summary or "")))
            # the consultant escalates: back on the ladder
            case.with_user(self.consultant).action_resume()
            self.assertEqual(case.state, "open")

    @freeze_time("2026-01-12 10:00:00")
    def test_promise_validation(self):
        case, _invoice = self._open_case(self.debtor, 300.0)
        with self.assertRefused(ValidationError, "positive"):
            self._promise(case, 0.0, date(2026, 1, 20))
        with self.assertRefused(ValidationError, "more than what is due"):
            self._promise(case, 300.01, date(2026, 1, 20))
        with self.assertRefused(ValidationError, "past"):
            self._promise(case, 100.0, date(2026, 1, 11))
        with self.assertRefused(ValidationError, "60 days"):
            self._promise(case, 100.0, date(2026, 3, 14))
        self.assertEqual(case.state, "open", "nothing recorded by a rejected promise")
        self.assertFalse(case.promise_ids)
        self._promise(case, 100.0, date(2026, 3, 13))
        with self.assertRefused(ValidationError, "already has an open promise"):
            self._promise(case, 100.0, date(2026, 2, 1))

    @freeze_time("2026-01-12 10:00:00")
    def test_promise_from_call_outcome(self):
        case, _invoice = self._open_case(self.debtor, 300.0)
        wizard = self._outcome_form(case, "call", "promise")
        action = wizard.action_confirm()
        self.assertEqual(action["res_model"], "debt.collection.promise")
        form = Form(self.Promise.with_user(self.consultant).with_context(**action["context"]))
        form.amount = 300.0
        form.date_promised = date(2026, 1, 31)
        promise = form.save()
        self.assertEqual(promise.channel, "call")
        self.assertEqual(case.state, "promise")

    def test_multi_currency_invoice_paid_in_company_currency(self):
        eur = self.setup_other_currency("EUR", rates=[("2025-01-01", 2.0)])
        with freeze_time("2026-01-12 10:00:00"):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.debtor.id,
                    "currency_id": eur.id,
                    "invoice_date": date(2025, 12, 10),
                    "invoice_line_ids": [
                        Command.create({"name": "Goods", "quantity": 1, "price_unit": 400.0})
                    ],
                }
            )
            invoice.invoice_payment_term_id = False
            invoice.invoice_date_due = date(2026, 1, 10)
            invoice.action_post()
            self._run()
            case = self._case(self.debtor)
            case.user_id = self.consultant
            self.assertEqual(case.amount_residual, 200.0, "the case counts in company currency")
            promise = self._promise(case, 200.0, date(2026, 1, 20))
            payment = (
                self.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create({"currency_id": self.company.currency_id.id, "amount": 200.0})
            )
            payment._create_payments()
            self.assertEqual(invoice.payment_state, "paid")
            self._run()
            self.assertEqual(promise.state, "kept")
            self.assertEqual(promise.amount_paid, 200.0)
            self.assertEqual(case.state, "paid")


@tagged("post_install", "-at_install", "dc_reliability")
class TestPlans(NegotiationCommon):
    @freeze_time("2026-01-12 10:00:00")
    def test_wizard_proposes_an_editable_schedule(self):
        case, _invoice = self._open_case(self.debtor, 1000.0)
        plan = self._plan(
            case,
            amount_total=1000.0,
            down_payment=100.0,
            instalment_count=3,
            frequency="monthly",
            date_first=date(2026, 1, 15),
        )
        self.assertEqual(plan.state, "draft")
        self.assertEqual(
            plan.line_ids.mapped("amount"), [100.0, 300.0, 300.0, 300.0], "down payment first"
        )
        self.assertEqual(
            plan.line_ids.mapped("date_due"),
            [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15), date(2026, 4, 15)],
        )
        plan.line_ids[-1].amount = 250.0
        with self.assertRefused(ValidationError, "add up to"):
            plan.action_confirm()
        plan.line_ids[-1].amount = 300.0
        plan.line_ids[-1].date_due = date(2026, 3, 1)
        with self.assertRefused(ValidationError, "follow one another"):
            plan.action_confirm()
        plan.line_ids[-1].date_due = date(2026, 4, 15)
        plan.action_confirm()
        self.assertEqual(plan.state, "running")
        self.assertEqual(case.state, "plan")
        with self.assertRefused(UserError, "cannot be changed"):
            plan.line_ids[0].amount = 50.0
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("debt_collection.action_report_collection_plan", plan.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))

    @freeze_time("2026-01-12 10:00:00")
    def test_plan_above_authority_needs_a_manager(self):
        case, _invoice = self._open_case(self.debtor, 1000.0)
        plan = self._plan(
            case, amount_total=700.0, instalment_count=2, date_first=date(2026, 2, 1)
        )
        self.assertTrue(plan.needs_approval, "30% discount is above the default 10%")
        plan.action_confirm()
        self.assertEqual(plan.state, "to_approve")
        self.assertEqual(case.state, "open", "not in force until approved")
        with self.assertRefused(UserError, "Collection Manager"):
            plan.action_approve()
        plan.with_user(self.manager).action_approve()
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.approved_by_id, self.manager)
        self.assertEqual(case.state, "plan")

    def test_missed_instalments_breach_then_accelerate(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 900.0)
            plan = self._plan(
                case, instalment_count=3, frequency="monthly", date_first=date(2026, 1, 20)
            )
            plan.action_confirm()
            self._pay(invoice, 300.0)
        with freeze_time("2026-02-24 10:00:00"):
            self._run()
            self.assertEqual(plan.line_ids.mapped("state"), ["paid", "missed", "open"])
            self.assertEqual(plan.state, "breached")
            self.assertEqual(case.state, "plan", "one miss warns the consultant only")
            self.assertTrue(case.activity_ids.filtered(lambda a: "missed" in (a.summary or "")))
            self._run()
            self.assertEqual(plan.missed_count, 1, "a miss is counted once")
        with freeze_time("2026-03-24 10:00:00"):
            self._run()
            self.assertEqual(plan.state, "cancelled")
            self.assertEqual(case.state, "open", "the whole residual is due again")
            self.assertEqual(case.amount_residual, 600.0)
            self.assertIn("plan_cancelled", case.action_ids.mapped("result"))

    def test_settlement_plan_completed_writes_off_the_rest(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 1000.0)
            plan = self._plan(
                case, amount_total=950.0, instalment_count=2, date_first=date(2026, 1, 20)
            )
            plan.action_confirm()
            self.assertEqual(plan.state, "running", "5% discount is within authority")
            self._pay(invoice, 475.0)
        with freeze_time("2026-02-20 10:00:00"):
            self._pay(invoice, 475.0)
            self._run()
        self.assertEqual(plan.state, "done")
        self.assertEqual(case.state, "settled")
        self.assertEqual(invoice.payment_state, "paid", "the invoice ends fully reconciled")
        entry = plan.settlement_move_id
        self.assertEqual(entry.state, "posted")
        discount_line = entry.line_ids.filtered(
            lambda line: line.account_id == self.company.collection_discount_account_id
        )
        self.assertEqual(discount_line.debit, 50.0)
        self.assertEqual(entry.journal_id, self.company.collection_journal_id)


@tagged("post_install", "-at_install", "dc_reliability")
class TestRecoveryAndWriteoff(NegotiationCommon):
    def _unmatched_payment(self, amount):
        """A posted payment of ``amount`` from the first debtor, matched to no invoice."""
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.debtor.id,
                "amount": amount,
                "journal_id": self.company_data["default_journal_bank"].id,
            }
        )
        payment.action_post()
        return payment

    def test_unreconciled_payment_holds_the_ladder(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, _invoice = self._open_case(self.debtor, 500.0)
            payment = self._unmatched_payment(500.0)
        with freeze_time("2026-01-22 10:00:00"):
            steps = len(case.action_ids)
            self._run()
            self.assertEqual(case.amount_unmatched, 500.0)
            self.assertIn("not reconciled", case.hold_reason)
            self.assertEqual(len(case.action_ids), steps, "no letter to a debtor who paid")
            action = self.Case.action_open_unmatched_payments()
            lines = self.env["account.move.line"].search(action["domain"])
            self.assertEqual(lines.move_id, payment.move_id)

    def test_recovered_report_credits_consultant_and_stage(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 500.0)
            stage = case.stage_id
        with freeze_time("2026-01-14 10:00:00"):
            self._pay(invoice, 200.0)
        rows = self.env["debt.collection.recovery"].search([("case_id", "=", case.id)])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.amount, 200.0)
        self.assertEqual(rows.user_id, self.consultant)
        self.assertEqual(rows.stage_id, stage, "the last step before the payment obtained it")
        self.assertEqual(rows.date, date(2026, 1, 14))
        mine = self.env["debt.collection.recovery"].with_user(self.consultant2).search([])
        self.assertFalse(mine, "another consultant does not see this recovery")

    def test_writeoff_and_reversal(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 700.0)
            self._pay(invoice, 100.0)
            wizard = (
                self.env["debt.collection.writeoff.wizard"]
                .with_user(self.manager)
                .create({"case_id": case.id, "reason": "insolvency", "legal_cost": 900.0})
            )
            wizard._onchange_legal_cost()
            self.assertIn("900", wizard.note)
            with self.assertRaises(UserError):
                case.with_user(self.consultant)._collection_write_off("insolvency")
            wizard.action_confirm()
            self.assertEqual(case.state, "written_off")
            self.assertEqual(case.close_reason, "insolvency")
            self.assertEqual(invoice.payment_state, "paid")
            entry = case.writeoff_move_id
            expense = entry.line_ids.filtered(
                lambda line: line.account_id == self.company.collection_writeoff_account_id
            )
            self.assertEqual(expense.debit, 600.0, "only the residual is written off")
            self.assertIn("written_off", case.action_ids.mapped("result"))
        with freeze_time("2026-01-20 10:00:00"):
            case.with_user(self.manager).action_reverse_writeoff()
            self.assertEqual(entry.reversal_move_ids.state, "posted")
            self.assertEqual(invoice.amount_residual, 600.0, "the debt is due again")
            self.assertEqual(case.state, "open")
            self._run()
            self.assertEqual(self._case(self.debtor), case)

    def test_late_payment_after_writeoff_is_recorded(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, _invoice = self._open_case(self.debtor, 400.0)
            case.with_user(self.manager)._collection_write_off("low_probability")
        with freeze_time("2026-03-01 10:00:00"):
            self._unmatched_payment(150.0)
            self._run()
            self._run()
            late = case.action_ids.filtered(lambda a: a.result == "late_payment")
            self.assertEqual(len(late), 1, "recorded once")
            self.assertIn("150", late.note)
