"""Tests of the dashboards' figures, worked out by hand."""

from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_workspace_queue import WorkspaceCommon


@tagged("post_install", "-at_install")
class TestDashboards(WorkspaceCommon):
    """Each figure on a small data set worked out by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "collection_cost_email": 0.0,
                "collection_cost_letter": 1.5,
                "collection_cost_sms": 0.1,
                "collection_cost_visit": 25.0,
                "collection_cost_minute": 0.5,
            }
        )
        cls.manager.email = "manager@example.com"
        with freeze_time("2026-02-01 09:00:00"):
            # 5,000 placed with the first consultant, 3,000 with the second
            cls.case_a = cls._hand_case("Alba Five", 5000.0, date(2026, 1, 5))
            cls.case_b = cls._hand_case(
                "Berta Three", 3000.0, date(2026, 1, 5), user=cls.consultant2
            )
        with freeze_time("2026-03-10 09:00:00"):
            cls._pay(cls.case_a.invoice_ids, 2000.0, date(2026, 3, 10))
            cls._pay(cls.case_b.invoice_ids, 1000.0, date(2026, 3, 10))

    def _rate(self, model, measure, domain=(), groupby=()):
        self.env.flush_all()
        Model = self.env[model].with_user(self.manager)
        return Model._read_group(list(domain), list(groupby), [f"{measure}:sum"])

    @freeze_time("2026-03-15 09:00:00")
    def test_recovery_rate_is_recovered_over_placed(self):
        [[rate]] = self._rate("debt.collection.case.report", "recovery_rate")
        self.assertEqual(rate, 37.5, "3,000 recovered of 8,000 placed")
        by_user = dict(self._rate("debt.collection.case.report", "recovery_rate", [], ["user_id"]))
        self.assertEqual(by_user[self.consultant], 40.0)
        self.assertEqual(by_user[self.consultant2], 33.33)

    @freeze_time("2026-03-15 09:00:00")
    def test_cost_to_collect_counts_steps_done_and_minutes(self):
        Action = self.env["debt.collection.action"]
        Action._log(
            [
                {"case_id": self.case_a.id, "channel": "letter", "result": "sent"},
                {
                    "case_id": self.case_a.id,
                    "channel": "visit",
                    "result": "reached",
                    "duration": 20,
                },
                {"case_id": self.case_a.id, "channel": "call", "result": "reached", "duration": 6},
                {"case_id": self.case_a.id, "channel": "sms", "result": "failed"},
            ]
        )
        self.env.flush_all()
        row = self.env["debt.collection.case.report"].search([("case_id", "=", self.case_a.id)])
        # letter 1.50 + visit 25 + 26 minutes × 0.50 = 39.50; the failed SMS costs nothing
        self.assertEqual(row.cost, 39.5)
        self.assertEqual(row.minutes, 26.0)
        self.assertEqual(row.net_recovered, 1960.5)
        [[ratio]] = self._rate(
            "debt.collection.case.report", "cost_ratio", [("case_id", "=", self.case_a.id)]
        )
        self.assertEqual(ratio, 1.98, "39.50 per 2,000 recovered: 1.975 per 100")

    def test_recovery_is_credited_to_who_held_the_case_when_paid(self):
        with freeze_time("2026-03-20 09:00:00"):
            # the test base disables tracking (and never commits, so what it discarded stays
            # discarded); the change of consultant is tracked in real life
            self.env.cr.precommit.data.pop("mail.tracking.debt.collection.case", None)
            tracked = self.case_a.with_context(tracking_disable=False, mail_notrack=False)
            tracked.user_id = self.consultant2
            self.env.flush_all()
            tracked._track_finalize()
            self.env.flush_all()
        rows = self.env["debt.collection.recovery"].search([("case_id", "=", self.case_a.id)])
        self.assertEqual(rows.worked_by_id, self.consultant, "held it on 10 March")
        self.assertEqual(rows.user_id, self.consultant2, "holds it now")
        self.assertEqual(sum(rows.mapped("amount")), 2000.0)

    @freeze_time("2026-03-15 09:00:00")
    def test_promise_kept_rate_by_consultant_and_channel(self):
        Promise = self.env["debt.collection.promise"]
        for channel, state in [("call", "kept"), ("call", "kept"), ("call", "broken")]:
            promise = Promise.create(
                {
                    "case_id": self.case_a.id,
                    "amount": 100.0,
                    "date_promised": date(2026, 3, 20),
                    "channel": channel,
                    "user_id": self.consultant.id,
                }
            )
            promise._decide(state, 100.0 if state == "kept" else 0.0, date(2026, 3, 25))
        promise = Promise.create(
            {
                "case_id": self.case_b.id,
                "amount": 100.0,
                "date_promised": date(2026, 3, 20),
                "channel": "visit",
                "user_id": self.consultant2.id,
            }
        )
        promise._decide("partial", 40.0, date(2026, 3, 25))
        rates = {
            (user, channel): rate
            for user, channel, rate in self._rate(
                "debt.collection.promise.report", "kept_rate", [], ["user_id", "channel"]
            )
        }
        self.assertEqual(
            rates, {(self.consultant, "call"): 66.67, (self.consultant2, "visit"): 0.0}
        )

    def test_roll_rate_from_two_hand_built_months(self):
        Aging = self.env["debt.collection.aging"].sudo()
        case_c = self._hand_case("Carla Two", 2000.0, date(2025, 12, 20))
        rows = [
            (date(2026, 1, 1), self.case_a, "b030", 1000.0),
            (date(2026, 1, 1), self.case_b, "b030", 3000.0),
            (date(2026, 1, 1), case_c, "b060", 2000.0),
            (date(2026, 2, 1), self.case_a, "b060", 1000.0),
            (date(2026, 2, 1), case_c, "b090", 2000.0),
        ]
        Aging.create(
            [
                {
                    "month": month,
                    "case_id": case.id,
                    "company_id": self.company.id,
                    "bucket": bucket,
                    "amount": amount,
                }
                for month, case, bucket, amount in rows
            ]
        )
        rates = dict(self._rate("debt.collection.roll.rate", "roll_rate", [], ["bucket_from"]))
        # 1-30: 1,000 of 4,000 rolled (the 3,000 left, paid); 31-60: all of it rolled
        self.assertEqual(rates, {"b030": 25.0, "b060": 100.0})
        moved = self.env["debt.collection.roll.rate"].search([("case_id", "=", self.case_b.id)])
        self.assertEqual(moved.bucket_to, "left")

    def test_monthly_aging_reads_each_month_from_the_books(self):
        Aging = self.env["debt.collection.aging"]
        with freeze_time("2026-04-01 01:00:00"):
            rows = Aging._cron_snapshot()
            self.assertFalse(Aging._cron_snapshot(), "a month is aged once")
        aged = {
            (row.case_id, row.month): (row.bucket, row.days_overdue, row.amount) for row in rows
        }
        # the first aging fills in the months before from the books: on 31 December the
        # invoice of 5 December (due 5 January) was owed but not late; none before it
        self.assertEqual(aged[self.case_a, date(2025, 12, 1)], ("b030", 0, 5000.0))
        self.assertNotIn((self.case_a, date(2025, 11, 1)), aged)
        # 28 February: 54 days late, the payment of 10 March not made yet
        self.assertEqual(aged[self.case_a, date(2026, 2, 1)], ("b060", 54, 5000.0))
        # 31 March: 2,000 paid on 10 March, 3,000 left, 85 days late
        self.assertEqual(aged[self.case_a, date(2026, 3, 1)], ("b090", 85, 3000.0))
        self.assertEqual(aged[self.case_b, date(2026, 3, 1)], ("b090", 85, 2000.0))
        # and the roll rates follow: January's 1-30 days all rolled into 31-60 in February
        rates = dict(
            self._rate(
                "debt.collection.roll.rate",
                "roll_rate",
                [("month", "=", date(2026, 1, 1))],
                ["bucket_from"],
            )
        )
        self.assertEqual(rates, {"b030": 100.0})
        with freeze_time("2026-05-01 01:00:00"):
            (april,) = Aging._cron_snapshot().filtered(lambda row: row.case_id == self.case_a)
        self.assertEqual(
            (april.month, april.bucket, april.amount), (date(2026, 4, 1), "b180", 3000.0)
        )

    def _dso(self, *domain):
        """The rows of the DSO report of the company, as its manager reads them."""
        self.env["debt.collection.dso"].invalidate_model()
        return (
            self.env["debt.collection.dso"]
            .with_user(self.manager)
            .search([("company_id", "=", self.company.id), *domain])
        )

    @freeze_time("2026-04-15 09:00:00")
    def test_dso_from_receivables_and_three_months_of_sales(self):
        rows = self._dso(("month", "in", [date(2026, 1, 1)]))
        # January: 8,000 invoiced on 5 December (due 5 January) and nothing paid yet
        self.assertEqual(rows.receivable, 8000.0)
        self.assertEqual(rows.sales, 8000.0)
        # 92 days from 1 November to 31 January: 8,000 / 8,000 × 92
        self.assertEqual(rows.dso, 92.0)
        march = self._dso(("month", "=", date(2026, 3, 1)))
        # March: 5,000 still due; sales of January to March: none; no DSO to give
        self.assertEqual(march.receivable, 5000.0)
        self.assertFalse(march.dso)

    @freeze_time("2026-03-15 09:00:00")
    def test_dso_plots_ended_months_only(self):
        months = self._dso().mapped("month")
        self.assertEqual(max(months), date(2026, 2, 1), "March has not ended")
        self.assertEqual(min(months), date(2024, 3, 1))
        self.assertEqual(len(months), 24)

    @freeze_time("2026-03-15 09:00:00")
    def test_funnel_shows_each_ladder_in_its_order(self):
        other = self.env["debt.collection.strategy"].create(
            {
                "name": "Businesses Funnel",
                "stage_ids": [
                    Command.create({"name": "Call", "action_type": "call", "sequence": 1}),
                    Command.create({"name": "Letter", "action_type": "letter", "sequence": 2}),
                ],
            }
        )
        call, letter = other.stage_ids.sorted("sequence")
        first, second = self.stages[:2]
        self.case_b.strategy_id = other
        self.env["debt.collection.action"]._log(
            [
                {"case_id": self.case_a.id, "stage_id": first.id, "channel": "email"},
                {"case_id": self.case_a.id, "stage_id": second.id, "channel": "letter"},
                {"case_id": self.case_b.id, "stage_id": call.id, "channel": "call"},
                {"case_id": self.case_b.id, "stage_id": letter.id, "channel": "letter"},
            ]
        )
        self.env.flush_all()
        Funnel = self.env["debt.collection.funnel"].with_user(self.manager)
        views = Funnel.get_views([(False, "graph")])
        arch = etree.fromstring(views["views"]["graph"]["arch"])
        self.assertFalse(arch.get("order"), "the steps are not sorted by size")
        groupby = [f.get("name") for f in arch.iter("field") if f.get("type") != "measure"]
        groups = Funnel.web_read_group([], ["case_count:sum"], groupby, lazy=False)["groups"]
        pairs = [(group["strategy_id"][0], group["stage_id"][0]) for group in groups]
        ladders = {}
        for strategy_id, stage_id in pairs:
            ladders.setdefault(strategy_id, []).append(stage_id)
        self.assertEqual(
            ladders,
            {self.strategy.id: [first.id, second.id], other.id: [call.id, letter.id]},
            "each strategy's steps in the order of its ladder",
        )
        strategies = [strategy_id for strategy_id, _stage in pairs]
        self.assertEqual(
            len([s for i, s in enumerate(strategies) if i == 0 or strategies[i - 1] != s]),
            2,
            "each ladder apart, not mixed with the other",
        )

    @freeze_time("2026-03-15 09:00:00")
    def test_funnel_counts_cases_by_stage_reached(self):
        first, second = self.stages[:2]
        self.env["debt.collection.action"]._log(
            [
                {"case_id": self.case_a.id, "stage_id": first.id, "channel": "email"},
                {"case_id": self.case_a.id, "stage_id": second.id, "channel": "letter"},
                {"case_id": self.case_b.id, "stage_id": first.id, "channel": "email"},
            ]
        )
        counts = dict(self._rate("debt.collection.funnel", "case_count", [], ["stage_id"]))
        self.assertEqual(counts, {first: 2, second: 1})

    def test_monthly_summary_mails_the_managers(self):
        with freeze_time("2026-04-02 07:00:00"):
            self.env["debt.collection.case.report"]._cron_send_monthly_summary()
            summary = self.env["debt.collection.case.report"]._monthly_summary(
                self.company, date(2026, 3, 1)
            )
        self.assertEqual(summary["recovered"], 3000.0)
        self.assertEqual(summary["recovery_rate"], 37.5)
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.manager.partner_id.ids)], order="id desc", limit=1
        )
        self.assertIn("03/2026", mail.subject)
        self.assertIn("37.50 %", mail.body_html)

    @tagged("dc_security")
    def test_consultants_do_not_read_the_dashboards(self):
        for model in (
            "debt.collection.case.report",
            "debt.collection.promise.report",
            "debt.collection.roll.rate",
            "debt.collection.dso",
            "debt.collection.funnel",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.consultant).search([])
