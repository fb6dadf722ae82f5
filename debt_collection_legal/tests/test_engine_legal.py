"""Tests of the ladder's legal step and the wait for a notice's deadline."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import LegalCommon


@tagged("post_install", "-at_install", "dc_compliance")
class TestLadderLegalStep(LegalCommon):
    """The collection run reaching the legal step prepares a notice for the Legal group; the
    end of extrajudicial collection waits while a delivered notice's deadline runs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_invoice(cls.business, 800.0, date(2026, 1, 10), date(2025, 12, 10))

    def _case_at(self, kind, day):
        """The debtor's case with its next step of ``kind`` due on ``day``, after a letter."""
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        case = self._case(self.business)
        stage = case.strategy_id.stage_ids.filtered(lambda s: s.action_type == kind)[:1]
        letter = case.strategy_id.stage_ids.filtered(lambda s: s.action_type == "letter")[:1]
        self.env["debt.collection.action"]._log(
            {"case_id": case.id, "stage_id": letter.id, "channel": "letter", "result": "sent"}
        )
        case.write({"next_stage_id": stage.id, "next_action_date": day})
        return case

    def _steps(self, case, channel):
        return case.action_ids.filtered(lambda a: a.channel == channel)

    def test_legal_step_prepares_one_draft_notice_for_the_legal_group(self):
        case = self._case_at("legal", date(2026, 2, 20))
        with freeze_time("2026-02-20 10:00:00"):
            self._run()
        notice = case.legal_notice_ids
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.state, "draft", "never sent unattended")
        self.assertEqual(case.state, "legal")
        step = self._steps(case, "legal")
        self.assertEqual((step.result, step.note), ("scheduled", notice.name))
        review = notice.activity_ids
        self.assertEqual(review.user_id, self.lawyer_user)
        # the step again (a re-run, or the ladder rewound by hand): still one notice
        legal = step.stage_id
        case.write({"next_stage_id": legal.id, "next_action_date": date(2026, 2, 21)})
        with freeze_time("2026-02-21 10:00:00"):
            self._run()
        self.assertEqual(case.legal_notice_ids, notice)

    def test_end_step_waits_for_the_deadline_of_a_delivered_notice(self):
        case = self._case_at("legal", date(2026, 2, 20))
        with freeze_time("2026-02-20 10:00:00"):
            self._run()
        notice = case.legal_notice_ids
        with freeze_time("2026-02-25 10:00:00"):
            notice._mark_sent(date(2026, 2, 21), "Correos", "RR3")
            notice._add_evidence("return_receipt", "acuse.pdf", b"%PDF-scan", date(2026, 2, 24))
            notice._mark_outcome("delivered", date(2026, 2, 24))
        self.assertEqual(notice.date_deadline, date(2026, 3, 11))
        end = case.strategy_id.stage_ids.filtered(lambda s: s.action_type == "end")
        case.write({"next_stage_id": end.id, "next_action_date": date(2026, 3, 2)})
        with freeze_time("2026-03-02 10:00:00"):
            self._run()
        self.assertFalse(self._steps(case, "end"))
        self.assertIn(notice.name, case.hold_reason)
        with freeze_time("2026-03-12 10:00:00"):
            self.env["debt.collection.case"]._cron_legal()
            self._run()
        self.assertEqual(notice.state, "expired")
        self.assertTrue(case.legal_decision_pending)
        self.assertEqual(len(self._steps(case, "end")), 1)

    def test_time_barred_debt_skips_the_legal_step(self):
        case = self._case_at("legal", date(2026, 2, 20))
        case.collection_prescription_rule_id.years = 1
        self.company.collection_legal_manager_id = self.manager
        with freeze_time("2027-02-20 10:00:00"):
            case.next_action_date = date(2027, 2, 20)
            self._run()
        self.assertFalse(case.legal_notice_ids)
        step = self._steps(case, "legal")
        self.assertEqual(step.result, "skipped")
        self.assertIn("time-barred", step.note)
        self.assertTrue(
            case.activity_ids.filtered(lambda a: a.user_id == self.manager),
            "a manager looks at the time-barred case",
        )
