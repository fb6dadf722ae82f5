"""Tests of sixty days of runs: the order and spacing of the steps."""

from datetime import date, datetime, timedelta
from itertools import pairwise

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DebtCollectionCommon


@tagged("post_install", "-at_install", "dc_compliance")
class TestLadderWalks(DebtCollectionCommon):
    """Sixty days of daily runs: the order and the spacing of the steps a debtor meets."""

    def _walk(self, debtor, start, days=60):
        for day in range(days):
            with freeze_time(
                datetime.combine(start + timedelta(days=day), datetime.min.time())
                + timedelta(hours=10)
            ):
                self._run()
        case = self._case(debtor)
        steps = case.action_ids.sorted(lambda a: (a.date, a.id))
        return case, [(a.date.date(), a.channel, a.result) for a in steps]

    def _walk_unaddressed(self, name, email, amount, **values):
        """Sixty days from 2 March 2026 of a debtor with no postal address, whose invoice of
        ``amount`` was due on 10 February 2025."""
        debtor = self._debtor(
            name,
            email,
            street=False,
            zip=False,
            city=False,
            collection_address_complete=False,
            **values,
        )
        self._create_invoice(debtor, amount, date(2025, 2, 10), date(2025, 1, 10))
        return self._walk(debtor, date(2026, 3, 2))

    def _taken(self, steps):
        return [(day, channel) for day, channel, result in steps if result != "skipped"]

    def assertSpaced(self, steps, days=3):
        taken = self._taken(steps)
        for (before, _c1), (after, _c2) in pairwise(taken):
            self.assertGreaterEqual((after - before).days, days, taken)

    def test_old_debt_goes_through_every_step_faster(self):
        """Due 2025-02-10, never chased, found on 2026-03-02: a letter first, never a visit."""
        self._create_invoice(self.debtor, 301.40, date(2025, 2, 10), date(2025, 1, 10))
        case, steps = self._walk(self.debtor, date(2026, 3, 2))
        self.assertEqual(
            self._taken(steps),
            [
                (date(2026, 3, 2), "letter"),  # the first contact is written
                (date(2026, 3, 9), "call"),  # catch-up wait: 7 days
                (date(2026, 3, 16), "letter"),  # 7 instead of 10
                (date(2026, 3, 25), "visit"),  # after the second letter's deadline (03-24)
                (date(2026, 4, 1), "legal"),  # 7 instead of 15, after a letter
                (date(2026, 4, 8), "end"),
            ],
        )
        self.assertSpaced(steps)
        letters = case.action_ids.filtered(lambda a: a.channel == "letter").sorted("id")
        self.assertEqual(letters.mapped("letter_tone"), ["first", "second"])
        self.assertEqual(letters[0].date_deadline, date(2026, 3, 12))
        self.assertEqual(letters[1].date_deadline, date(2026, 3, 24))
        self.assertTrue(all(letter.attachment_id for letter in letters))
        self.assertEqual(case.stage_id.action_type, "end")

    def test_young_debt_keeps_the_ladder_calendar(self):
        self._create_invoice(self.debtor, 120.0, date(2026, 3, 1), date(2026, 2, 1))
        case, steps = self._walk(self.debtor, date(2026, 3, 2))
        self.assertEqual(
            self._taken(steps),
            [
                # the friendly reminder, once a day overdue (collection starts after one day)
                (date(2026, 3, 3), "email"),
                (date(2026, 3, 13), "letter"),
                (date(2026, 3, 20), "call"),
                (date(2026, 3, 30), "letter"),
                (date(2026, 4, 9), "visit"),
                (date(2026, 4, 24), "legal"),
            ],
        )
        self.assertSpaced(steps)
        first_letter = case.action_ids.filtered(lambda a: a.channel == "letter").sorted("id")[0]
        self.assertEqual(first_letter.letter_tone, "first")

    def test_debt_without_postal_address_is_never_visited_nor_noticed(self):
        case, steps = self._walk_unaddressed("Giulia Bianchi", "giulia@example.it", 950.0)
        channels = [channel for _day, channel in self._taken(steps)]
        # letters go out by e-mail; the visit and the registered legal notice need an address
        self.assertEqual(channels, ["letter", "call", "letter", "end"])
        skipped = [channel for _day, channel, result in steps if result == "skipped"]
        self.assertEqual(skipped, ["visit", "legal"])
        self.assertSpaced(steps)
        self.assertTrue(
            case.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("debt_collection.mail_activity_type_collection_verify")
                )
            ),
            "the consultant is asked to find the address",
        )

    def test_skipped_letter_is_no_written_notice(self):
        """Without any verified contact for letters, the legal notice is never taken."""
        case, steps = self._walk_unaddressed(
            "Paolo Verdi", "paolo@example.it", 400.0, collection_email_valid=False
        )
        self.assertFalse([s for s in steps if s[1] in ("letter", "legal") and s[2] != "skipped"])
        legal = [s for s in steps if s[1] == "legal"]
        self.assertEqual([s[2] for s in legal], ["skipped"])
        note = case.action_ids.filtered(lambda a: a.channel == "legal").note
        self.assertIn("letter", note)
