"""Tests of the consultant's queue: contents, priority, access, screen."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import DebtCollectionCommon

TODAY = date(2026, 3, 2)


class WorkspaceCommon(DebtCollectionCommon):
    """Cases made by hand (no engine run), each with one thing to do today."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stages = cls.strategy.stage_ids.sorted(lambda s: (s.sequence, s.id))
        cls.Queue = cls.env["debt.collection.queue"]

    @classmethod
    def _hand_case(cls, name, amount, due, user=None, stage=None, **partner_values):
        partner = cls._debtor(name, f"{name.split()[0].lower()}@example.com", **partner_values)
        invoice = cls._create_invoice(partner, amount, due, due - timedelta(days=30))
        return cls._new_case(
            partner,
            invoice,
            stage_id=(stage or cls.stages[0]).id,
            user_id=(user or cls.consultant).id,
        )

    @classmethod
    def _schedule(cls, case, kind, deadline=TODAY):
        return case.activity_schedule(
            f"debt_collection.mail_activity_type_collection_{kind}",
            date_deadline=deadline,
            user_id=case.user_id.id,
        )

    def _weights(self, amount=0.0, overdue=0.0, promise=0.0, contact=0.0, stage=0.0):
        self.company.write(
            {
                "collection_queue_weight_amount": amount,
                "collection_queue_weight_overdue": overdue,
                "collection_queue_weight_promise": promise,
                "collection_queue_weight_contact": contact,
                "collection_queue_weight_stage": stage,
            }
        )

    def _queue(self, user=None):
        self.env.flush_all()
        # the view's rows are cached like records: read them afresh
        self.env.invalidate_all()
        Queue = self.Queue.with_user(user or self.consultant)
        return Queue.search(Queue._get_own_domain())


@freeze_time("2026-03-02 09:00:00")
@tagged("post_install", "-at_install")
class TestQueueContents(WorkspaceCommon):
    def test_queue_holds_what_is_due_today_with_its_reason(self):
        call = self._hand_case("Ana Call", 500.0, date(2026, 2, 1))
        self._schedule(call, "call")
        visit = self._hand_case("Bea Visit", 500.0, date(2026, 2, 1))
        self._schedule(visit, "visit", TODAY - timedelta(days=1))
        later = self._hand_case("Carla Later", 500.0, date(2026, 2, 1))
        self._schedule(later, "call", TODAY + timedelta(days=1))
        verify = self._hand_case("Dora Verify", 500.0, date(2026, 2, 1))
        self._schedule(verify, "verify")
        disputed = self._hand_case("Eva Dispute", 500.0, date(2026, 2, 1))
        disputed.state = "disputed"
        wrote = self._hand_case("Fina Wrote", 500.0, date(2026, 2, 1))
        wrote.message_post(
            body="I will pay next week", author_id=wrote.partner_id.id, message_type="comment"
        )
        promised = self._hand_case("Gala Promise", 500.0, date(2026, 2, 1))
        self.env["debt.collection.promise"].create(
            {"case_id": promised.id, "amount": 200.0, "date_promised": TODAY}
        )
        broken = self._hand_case("Hilda Broken", 500.0, date(2026, 2, 1))
        promise = self.env["debt.collection.promise"].create(
            {"case_id": broken.id, "amount": 200.0, "date_promised": TODAY}
        )
        promise._decide("broken", 0.0, TODAY)
        partial = self._hand_case("Ines Partial", 500.0, date(2026, 2, 1))
        promise = self.env["debt.collection.promise"].create(
            {"case_id": partial.id, "amount": 200.0, "date_promised": TODAY}
        )
        promise._decide("partial", 50.0, TODAY)
        closed = self._hand_case("Juana Closed", 500.0, date(2026, 2, 1))
        self._schedule(closed, "call")
        closed.state = "paid"
        other = self._hand_case("Kira Other", 500.0, date(2026, 2, 1), user=self.consultant2)
        self._schedule(other, "call")

        rows = self._queue()
        reasons = {row.case_id: row.reason for row in rows}
        self.assertEqual(
            reasons,
            {
                call: "Call due",
                visit: "Visit due",
                verify: "Verify contact data",
                disputed: "Dispute to review",
                wrote: "Debtor wrote",
                promised: "Promise due",
                broken: "Broken promise: decide",
                partial: "Promise partly kept: decide",
            },
            "a call not yet due, a closed case and another consultant's case stay out",
        )
        self.assertEqual(self._queue(self.consultant2).case_id, other)

    def test_nobody_is_asked_to_call_a_debtor_who_paid_or_whose_plan_runs(self):
        paid = self._hand_case("Lara Paid", 300.0, date(2026, 2, 1))
        self._schedule(paid, "call")
        plan = self._hand_case("Mara Plan", 300.0, date(2026, 2, 1))
        self._schedule(plan, "call")
        promise = self._hand_case("Nora Promise", 300.0, date(2026, 2, 1))
        self._schedule(promise, "visit")
        self.assertEqual(self._queue().case_id, paid | plan | promise)
        # 300.00 paid by a registered payment: out of the queue at once, not at the next run
        self._pay(paid.invoice_ids, 300.0, TODAY)
        plan.state = "plan"
        promise.state = "promise"
        self.assertFalse(self._queue(), "no 'Call due 0.00', no call while a plan runs")

    def test_dispute_reason_is_a_noun_in_spanish_and_italian(self):
        """The queue said "Impugnar" (the button's verb) for a disputed case (issue 24)."""
        disputed = self._hand_case("Eva Dispute", 500.0, date(2026, 2, 1))
        disputed.state = "disputed"
        self._load_languages("es_ES", "it_IT")
        row = self._queue()
        for lang, reason in (
            ("es_ES", "Impugnación por revisar"),
            ("it_IT", "Contestazione da esaminare"),
        ):
            with self.subTest(lang=lang):
                row.invalidate_recordset(["reason"])
                self.assertEqual(row.with_context(lang=lang).reason, reason)

    def test_answered_message_leaves_the_queue(self):
        wrote = self._hand_case("Fina Wrote", 500.0, date(2026, 2, 1))
        wrote.message_post(body="Call me", author_id=wrote.partner_id.id, message_type="comment")
        self.assertEqual(self._queue().case_id, wrote)
        with freeze_time("2026-03-02 10:00:00"):
            self.env["debt.collection.action"]._log(
                {"case_id": wrote.id, "channel": "call", "result": "reached"}
            )
        self.assertFalse(self._queue())


@freeze_time("2026-03-02 09:00:00")
@tagged("post_install", "-at_install")
class TestQueuePriority(WorkspaceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # big but recent; small but a year overdue; middling with two broken promises
        cls.big = cls._hand_case("Big Recent", 5000.0, TODAY - timedelta(days=10))
        cls.old = cls._hand_case("Small Old", 1000.0, TODAY - timedelta(days=365))
        cls.broken = cls._hand_case(
            "Twice Broken", 2000.0, TODAY - timedelta(days=73), stage=cls.stages[-1]
        )
        for case in cls.big | cls.old | cls.broken:
            cls._schedule(case, "call")
        cls.env["debt.collection.promise"].create(
            [{"case_id": cls.broken.id, "amount": 100.0, "date_promised": TODAY}]
        )._decide("broken", 0.0, TODAY)
        # the decision resumed the ladder: put the case on its last step
        cls.broken.stage_id = cls.stages[-1]

    def test_amount_alone_puts_the_biggest_debt_first(self):
        self._weights(amount=1.0)
        rows = self._queue()
        self.assertEqual(rows.case_id.ids, [self.big.id, self.broken.id, self.old.id])
        self.assertEqual(rows.mapped("score"), [50.0, 20.0, 10.0])

    def test_days_overdue_alone_puts_the_oldest_first(self):
        self._weights(overdue=1.0)
        rows = self._queue()
        self.assertEqual(rows.case_id.ids, [self.old.id, self.broken.id, self.big.id])
        # 365 days = 100 points; 73 days = 20; 10 days = 2.74
        self.assertEqual(rows.mapped("score"), [100.0, 20.0, 2.7])

    def test_promise_history_and_stage_count(self):
        self._weights(promise=1.0)
        self.assertEqual(self._queue()[0].case_id, self.broken)
        self.assertEqual(self._queue()[0].score, 50.0, "one broken promise: 50 points")
        self._weights(stage=1.0)
        rows = self._queue()
        self.assertEqual(rows[0].case_id, self.broken, "the last step of the ladder")
        self.assertEqual(rows[0].score, 100.0)

    def test_weighted_mean_is_explained_on_the_line(self):
        self._weights(amount=3.0, overdue=2.0, promise=2.0, contact=1.0, stage=1.0)
        row = self._queue().filtered(lambda r: r.case_id == self.big)
        # (3 × 50 + 2 × 2.74 + 2 × 0 + 1 × 100 (never contacted) + 1 × 0) / 9 = 28.39
        self.assertEqual(row.score, 28.4)
        self.assertEqual(
            row.score_detail,
            "amount 50 × 3 + overdue 3 × 2 + promises 0 × 2 + last contact 100 × 1 + stage 0 × 1",
        )

    def test_recent_contact_lowers_the_priority(self):
        self._weights(contact=1.0)
        self.env["debt.collection.action"]._log(
            {
                "case_id": self.old.id,
                "channel": "letter",
                "result": "sent",
                "outbound": True,
                "date": "2026-02-20 09:00:00",
            }
        )
        rows = self._queue()
        old = rows.filtered(lambda r: r.case_id == self.old)
        self.assertEqual(old.days_since_contact, 10)
        self.assertEqual(old.score, 33.3, "10 of 30 days")
        self.assertEqual(rows[-1].case_id, self.old)

    def test_weights_must_leave_something_to_weigh(self):
        with self.assertRaises(ValidationError):
            self._weights()
        with self.assertRaises(ValidationError):
            self._weights(amount=-1.0, overdue=2.0)

    def test_next_case_walks_the_queue_and_remembers_the_place(self):
        self._weights(amount=1.0)
        Queue = self.Queue.with_user(self.consultant)
        opened = []
        for _index in range(4):
            action = Queue.action_next_case()
            call = self.env["debt.collection.call"].browse(action["res_id"])
            opened.append(call.case_id)
        self.assertEqual(opened, [self.big, self.broken, self.old, self.big], "wraps to the top")
        # the case opened leaves the queue once worked: the next one is still the right one
        self.consultant.sudo().collection_queue_case_id = False
        Queue.action_next_case()
        self.big.activity_ids.unlink()
        action = Queue.action_next_case()
        self.assertEqual(
            self.env["debt.collection.call"].browse(action["res_id"]).case_id, self.broken
        )

    def test_empty_queue_says_so(self):
        with self.assertRaises(UserError):
            self.Queue.with_user(self.consultant2).action_next_case()


@freeze_time("2026-03-02 09:00:00")
@tagged("post_install", "-at_install", "dc_security")
class TestQueueAccess(WorkspaceCommon):
    def test_consultant_sees_only_their_queue_manager_sees_all(self):
        mine = self._hand_case("Mine", 500.0, date(2026, 2, 1))
        theirs = self._hand_case("Theirs", 500.0, date(2026, 2, 1), user=self.consultant2)
        for case in mine | theirs:
            self._schedule(case, "call")
        self.env.flush_all()
        seen = self.Queue.with_user(self.consultant).search([])
        self.assertEqual(seen.case_id, mine, "no filter: the record rule keeps the others out")
        all_rows = self.Queue.with_user(self.manager).search([])
        self.assertEqual(all_rows.case_id, mine | theirs)

    def test_consultant_cannot_open_another_consultants_call_screen(self):
        theirs = self._hand_case("Theirs", 500.0, date(2026, 2, 1), user=self.consultant2)
        with self.assertRaises(AccessError):
            self.env["debt.collection.call"].with_user(self.consultant)._open_for_case(
                theirs.with_user(self.consultant)
            )


@tagged("post_install", "-at_install")
class TestQueueScreen(WorkspaceCommon, HttpCase):
    def test_next_case_from_the_queue_list_opens_the_call_screen(self):
        """My Queue > Next Case (the list's header button, called with no row selected)."""
        today = date.today()
        self._weights(amount=1.0)
        first = self._hand_case("Ana Queue", 900.0, today - timedelta(days=40))
        second = self._hand_case("Bea Queue", 300.0, today - timedelta(days=40))
        for case in first | second:
            self._schedule(case, "call", today)
        self.start_tour(
            "/odoo/action-debt_collection.debt_collection_queue_action",
            "debt_collection_queue_next_case",
            login=self.consultant.login,
        )
        self.assertEqual(self.consultant.collection_queue_case_id, second)
