"""Tests of the run's reliability: retries, locks, and workers deciding as one."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.debt_collection.tools.run_decisions import (
    collection_decisions,
    decision_differences,
)

from .common import DebtCollectionCommon


@tagged("post_install", "-at_install", "dc_reliability")
class TestEngineReliability(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtors = cls._overdue_debtors(5)
        cls.template = cls.env.ref("debt_collection.mail_template_collection_reminder")

    def _reminders(self):
        return self.env["debt.collection.action"].search(
            [
                ("partner_id", "in", self.debtors.ids),
                ("channel", "=", "email"),
                ("result", "=", "sent"),
            ]
        )

    def test_failing_record_is_logged_and_the_run_carries_on(self):
        # the third debtor's reminder cannot be rendered
        broken = self.debtors[2]
        self.template.subject = (
            "{{ object.partner_id.name if object.partner_id.id != "
            + str(broken.id)
            + " else 1/0 }}"
        )
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
            reminders = self._reminders()
            self.assertEqual(reminders.partner_id, self.debtors - broken)
            failed_case = self._case(broken)
            failed = failed_case.action_ids.filtered(lambda a: a.result == "failed")
            self.assertEqual(len(failed), 1)
            self.assertTrue(failed.error)
            self.assertIn("failed", failed_case.hold_reason)
            self.assertFalse(failed_case.stage_id, "a failed step does not move the case on")
            # fixed, then run again: each case has exactly one reminder
            self.template.subject = "Payment reminder"
            self._run()
            reminders = self._reminders()
            self.assertEqual(len(reminders), 5)
            self.assertEqual(reminders.partner_id, self.debtors)
            self._run()
            self.assertEqual(len(self._reminders()), 5)
            messages = self.env["mail.message"].search(
                [("model", "=", "debt.collection.case"), ("partner_ids", "in", self.debtors.ids)]
            )
            self.assertEqual(len(messages), 5, "one e-mail per debtor, never two")

    def test_step_done_by_an_interrupted_run_is_not_sent_again(self):
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
            case = self._case(self.debtors[0])
            reminder = case.action_ids
            # simulate a crash after the step was logged but before the case moved on
            case.write(
                {
                    "stage_id": False,
                    "next_stage_id": reminder.stage_id.id,
                    "next_action_date": date(2026, 1, 12),
                }
            )
            self._run()
            self.assertEqual(case.action_ids, reminder)
            self.assertEqual(case.stage_id, reminder.stage_id)

    def test_workload_is_balanced_between_consultants(self):
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        cases = self.env["debt.collection.case"].search([("partner_id", "in", self.debtors.ids)])
        per_user = {}
        for case in cases:
            per_user[case.user_id] = per_user.get(case.user_id, 0) + 1
        counts = sorted(per_user.values())
        self.assertLessEqual(counts[-1] - counts[0], 1, per_user)
        self.assertEqual(
            set(per_user), {self.consultant, self.consultant2}, "managers get no cases"
        )

    def test_debtor_consultant_wins(self):
        self.debtors[0].collection_user_id = self.consultant2
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        self.assertEqual(self._case(self.debtors[0]).user_id, self.consultant2)

    def test_strategy_rules_choose_business_ladder(self):
        business = self.env.ref(
            "debt_collection.debt_collection_strategy_business", raise_if_not_found=False
        )
        if not business:
            self.skipTest("no business strategy shipped")
        company = self._debtor(
            "Suministros Levante S.L.", "admin@levante.example", is_company=True
        )
        self._create_invoice(company, 5000.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        self.assertEqual(self._case(company).strategy_id, business)
        self.assertEqual(self._case(self.debtors[0]).strategy_id, self.strategy)

    def test_two_workers_split_the_debtors_without_overlap(self):
        """Two crons, each with its part of the debtors, do together what one run does."""
        root = self.env.ref("base.user_root")
        with freeze_time("2026-01-12 10:00:00"):
            self.env["debt.collection.run"].with_user(root)._cron_run(part=0, parts=2)
            first = self.Case.search([("partner_id", "in", self.debtors.ids)])
            self.assertEqual(first.partner_id, self.debtors.filtered(lambda p: p.id % 2 == 0))
            self.env["debt.collection.run"].with_user(root)._cron_run(part=1, parts=2)
            self.env["debt.collection.run"].with_user(root)._cron_run(part=0, parts=2)
            cases = self.Case.search([("partner_id", "in", self.debtors.ids)])
            self.assertEqual(cases.partner_id, self.debtors)
            self.assertEqual(len(cases), 5, "one case per debtor")
            self.assertEqual(len(self._reminders()), 5, "one reminder each, never two")
        with self.assertRaises(ValueError):
            self.env["debt.collection.run"]._cron_run(part=2, parts=2)


@tagged("post_install", "-at_install", "dc_reliability")
class TestTwoWorkersDecideAsOne(DebtCollectionCommon):
    """The split of the run between workers must not change what the run decides."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a named consultant takes the debtor out of the share-out, in either part
        cls.debtors = cls._mixed_debtors(12, "Worker", named=(3, 6, 7))

    def _days(self, parts):
        Run = self.env["debt.collection.run"].with_user(self.env.ref("base.user_root"))
        for day in (12, 15, 19, 22, 26, 29):
            with freeze_time(f"2026-01-{day} 10:00:00"):
                for part in range(parts):
                    Run._cron_run(part=part, parts=parts)
                Run._cron_render_letters()
        return collection_decisions(Run.env, self.company)

    def test_two_parts_decide_exactly_what_one_run_decides(self):
        savepoint = self.env.cr.savepoint()
        one = self._days(1)
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        two = self._days(2)
        self.assertGreaterEqual(len(one), 10, "the portfolio opened cases")
        self.assertEqual(decision_differences(one, two), [])
        self.assertEqual(one, two)
