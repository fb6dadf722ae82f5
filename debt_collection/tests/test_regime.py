"""Compliance regimes: the contact gate in the debtor's local time, caps, channels, contact
points (CG-1..CG-3, CG-5, CG-8, CG-9). The server runs in UTC; times are frozen in UTC and
named in the debtor's zone."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import DebtCollectionCommon, company_user


class RegimeCommon(DebtCollectionCommon):
    collection_open_regimes = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Action = cls.env["debt.collection.action"]

    @classmethod
    def _debtor_in(cls, country, name, tz=False, **values):
        partner = cls._debtor(
            name,
            f"{name.split()[0].lower()}@example.com",
            country_id=cls.env.ref(f"base.{country}").id,
            tz=tz,
            **values,
        )
        return partner

    @classmethod
    def _open_case(cls, partner):
        return cls._new_case(partner)

    @classmethod
    def _case_in(cls, country, name, tz=False, **values):
        """A case opened by hand for a new debtor of ``country``, in the time zone ``tz``."""
        return cls._open_case(cls._debtor_in(country, name, tz, **values))

    def _at(self, case, utc, channel="email", contact_point=None):
        with freeze_time(utc):
            return case._collection_may_contact(channel, contact_point=contact_point)

    def assertContactRefused(self, case, utc, why, channel="email", contact_point=None, msg=None):
        """Contacting ``case`` through ``channel`` at ``utc`` is refused, the reason saying
        ``why``."""
        allowed, reason = self._at(case, utc, channel, contact_point)
        self.assertFalse(allowed, msg)
        self.assertIn(why, reason)

    def _contact(self, case, channel, when, result="sent"):
        return self.Action._log(
            {
                "case_id": case.id,
                "channel": channel,
                "result": result,
                "outbound": channel in ("email", "letter", "sms"),
                "date": when,
            }
        )


@tagged("post_install", "-at_install", "dc_compliance")
class TestRegimeWindows(RegimeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.madrid = cls._case_in("es", "Lucía Madrid", "Europe/Madrid")
        cls.bogota_case = cls._case_in("co", "Andrés Bogotá")
        cls.bogota = cls.bogota_case.partner_id
        # Colombia contacts only through the channels the debtor authorised
        cls.bogota._collection_sync_contact_points().write(
            {"consent": True, "consent_method": "written"}
        )
        cls.mexico = cls._case_in("mx", "Juan CDMX", "America/Mexico_City")

    def test_spanish_window_edges_in_madrid_time(self):
        # Monday 2 March 2026, Madrid is UTC+1
        expected = [
            ("2026-03-02 06:59:00", False),  # 07:59 in Madrid
            ("2026-03-02 07:00:00", True),  # 08:00
            ("2026-03-02 19:59:00", True),  # 20:59
            ("2026-03-02 20:00:00", False),  # 21:00
        ]
        for utc, allowed in expected:
            with self.subTest(utc=utc):
                self.assertEqual(self._at(self.madrid, utc)[0], allowed)

    def test_a_manager_editing_a_window_or_holiday_changes_the_answer_at_once(self):
        # Monday 2 March 2026, 20:30 in Madrid: inside the shipped 08:00-21:00
        self.assertTrue(self._at(self.madrid, "2026-03-02 19:30:00")[0])
        regime = self.madrid._collection_regime()
        monday = regime.window_ids.filtered(lambda w: w.weekday == "0")
        monday.hour_to = 20.0
        self.assertFalse(self._at(self.madrid, "2026-03-02 19:30:00")[0], "the cached table")
        self.env["debt.collection.regime.holiday"].create(
            {"regime_id": regime.id, "date": "2026-03-03", "name": "Local holiday"}
        )
        self.assertFalse(self._at(self.madrid, "2026-03-03 10:00:00")[0])

    def test_spanish_window_follows_summer_time(self):
        # Monday 6 July 2026, Madrid is UTC+2: 08:00 local is 06:00 UTC
        self.assertTrue(self._at(self.madrid, "2026-07-06 06:00:00")[0])
        self.assertFalse(self._at(self.madrid, "2026-07-06 05:59:00")[0])

    def test_no_contact_on_a_spanish_sunday_by_default(self):
        self.assertContactRefused(self.madrid, "2026-03-08 10:00:00", "day of the week")

    def test_colombian_saturday_sunday_and_holiday(self):
        # Bogotá is UTC-5 all year
        self.assertTrue(self._at(self.bogota_case, "2026-03-07 19:59:00")[0], "Sat 14:59")
        # Sat 15:01
        self.assertContactRefused(self.bogota_case, "2026-03-07 20:01:00", "15:01")
        self.assertFalse(self._at(self.bogota_case, "2026-03-08 15:00:00")[0], "Sunday 10:00")
        # Monday 12 January 2026: Epiphany, moved to Monday (Ley 51 de 1983)
        self.assertContactRefused(self.bogota_case, "2026-01-12 15:00:00", "public holiday")
        self.assertTrue(self._at(self.bogota_case, "2026-01-13 15:00:00")[0], "Tuesday 10:00")
        self.assertFalse(self._at(self.bogota_case, "2026-01-13 00:30:00")[0], "Mon 19:30")

    def test_colombian_debtor_without_time_zone_is_in_bogota_time(self):
        self.assertFalse(self.bogota.tz)
        # 07:00 UTC is 02:00 in Bogotá, though the company runs in UTC
        self.assertFalse(self._at(self.bogota_case, "2026-03-04 07:00:00")[0])
        self.assertTrue(self._at(self.bogota_case, "2026-03-04 12:00:00")[0])

    def test_mexican_debtor_until_22(self):
        # Mexico City is UTC-6 (no summer time since 2022)
        self.assertTrue(self._at(self.mexico, "2026-03-05 03:59:00")[0], "21:59")
        self.assertContactRefused(self.mexico, "2026-03-05 04:00:00", "22:00", msg="22:00")
        self.assertTrue(self._at(self.mexico, "2026-03-08 13:00:00")[0], "Sunday 07:00")
        self.assertFalse(self._at(self.mexico, "2026-03-08 12:59:00")[0], "Sunday 06:59")

    def test_madrid_debtor_of_a_company_in_mexico_city_time(self):
        self.company.partner_id.tz = "America/Mexico_City"
        # 07:30 UTC: 08:30 in Madrid, 01:30 in Mexico City
        self.assertTrue(self._at(self.madrid, "2026-03-02 07:30:00")[0])
        # 20:30 UTC: 21:30 in Madrid, 14:30 in Mexico City
        self.assertFalse(self._at(self.madrid, "2026-03-02 20:30:00")[0])
        # a Spanish debtor with no time zone of their own is in Madrid time too
        no_tz = self._case_in("es", "Pedro Sinzona")
        self.assertFalse(self._at(no_tz, "2026-03-02 06:30:00")[0], "07:30 in Madrid")
        self.assertTrue(self._at(no_tz, "2026-03-02 07:30:00")[0], "08:30 in Madrid")

    def test_visits_blocked_in_colombia_and_late_in_italy(self):
        allowed, reason = self.bogota_case._collection_may_contact("visit", when=False)
        self.assertFalse(allowed)
        self.assertIn("Visits", reason)
        rome = self._case_in("it", "Marco Roma", "Europe/Rome")
        # Rome is UTC+1 in March: 22:30 local is 21:30 UTC
        allowed, reason = rome._collection_may_contact("visit", when=datetime(2026, 3, 4, 21, 30))
        self.assertFalse(allowed)
        self.assertIn("22:30", reason)
        self.assertTrue(rome._collection_may_contact("visit", when=datetime(2026, 3, 4, 9, 0))[0])

    def test_company_default_regime_for_other_countries(self):
        french = self._case_in("fr", "Jean Paris", "Europe/Paris")
        self.assertFalse(french._collection_regime())
        self.company.collection_regime_id = self.env.ref(
            "debt_collection.debt_collection_regime_co"
        )
        self.assertEqual(french._collection_regime().code, "CO")


@tagged("post_install", "-at_install", "dc_compliance")
class TestRegimeFrequency(RegimeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.us = cls._case_in("us", "Mary Boston", "America/New_York")
        cls.co_debtor = cls._debtor_in("co", "Camila Cali")
        cls.co_debtor.mobile = "300 123 4567"
        cls.co = cls._open_case(cls.co_debtor)
        cls.co_debtor._collection_sync_contact_points().write(
            {"consent": True, "consent_method": "written"}
        )

    def test_us_seven_call_attempts_in_seven_rolling_days(self):
        # seven unanswered calls, Monday 2 to Sunday 8 March, 15:00 UTC (10:00 in Boston)
        for day in range(2, 9):
            self._contact(self.us, "call", datetime(2026, 3, day, 15), "no_answer")
        self.assertContactRefused(self.us, "2026-03-09 14:00:00", "7 of 7", "call")
        # e-mail is not capped by the call cap
        self.assertTrue(self._at(self.us, "2026-03-09 14:00:00", "email")[0])
        # the first attempt leaves the rolling window on 9 March at 15:00 UTC
        self.assertTrue(self._at(self.us, "2026-03-09 15:01:00", "call")[0])

    def test_us_no_call_within_seven_days_of_a_conversation(self):
        self._contact(self.us, "call", datetime(2026, 3, 2, 15), "reached")
        self.assertContactRefused(self.us, "2026-03-09 14:59:00", "spoken to", "call")
        self.assertTrue(self._at(self.us, "2026-03-09 15:01:00", "call")[0])
        # an unanswered call does not start a cooling-off
        self._contact(self.us, "call", datetime(2026, 3, 10, 15), "no_answer")
        self.assertTrue(self._at(self.us, "2026-03-11 15:00:00", "call")[0])

    def test_colombia_one_contact_a_day_and_each_channel_once_a_week(self):
        # Monday 2 March, 10:00 in Bogotá: an SMS
        self._contact(self.co, "sms", datetime(2026, 3, 2, 15))
        self.assertContactRefused(
            self.co, "2026-03-02 20:00:00", "1 of 1", "email", msg="one contact a day"
        )
        # Tuesday: neither another channel in the same week (Ley 2300 de 2023) nor a second SMS
        self.assertFalse(self._at(self.co, "2026-03-03 16:00:00", "email")[0])
        self.assertFalse(self._at(self.co, "2026-03-03 16:00:00", "sms")[0])
        # a week later the SMS channel is open again
        self.assertFalse(self._at(self.co, "2026-03-09 14:59:00", "sms")[0])
        self.assertEqual(self._at(self.co, "2026-03-09 15:01:00", "sms"), (True, ""))

    def test_colombia_only_authorised_channels(self):
        case = self._case_in("co", "Sin Autorización")
        self.assertContactRefused(case, "2026-03-04 15:00:00", "authorise", "email")

    def test_min_days_between_contacts(self):
        regime = self.env.ref("debt_collection.debt_collection_regime_es")
        regime.min_days_between = 3
        case = self._case_in("es", "Ana Sevilla", "Europe/Madrid")
        self._contact(case, "letter", datetime(2026, 3, 2, 10))
        self.assertFalse(self._at(case, "2026-03-04 10:00:00", "email")[0])
        self.assertTrue(self._at(case, "2026-03-05 10:01:00", "email")[0])

    def _colombian_debtor_owing(self, **values):
        """A debtor in Bogotá who consented in writing, owing 300.00 since 1 February."""
        debtor = self._debtor_in("co", "Mateo Medellín", **values)
        debtor._collection_sync_contact_points().write(
            {"consent": True, "consent_method": "written"}
        )
        self._create_invoice(debtor, 300.0, date(2026, 3, 1), date(2026, 2, 1))
        return debtor

    def test_engine_holds_the_colombian_case_on_sunday_and_logs_it_once(self):
        debtor = self._colombian_debtor_owing()
        with freeze_time("2026-03-08 15:00:00"):  # Sunday 10:00 in Bogotá
            self._run()
            case = self._case(debtor)
            self.assertFalse(case.action_ids)
            self.assertIn("day of the week", case.hold_reason)
            self._run()
        notes = case.message_ids.filtered(lambda m: "refused" in (m.body or ""))
        self.assertEqual(len(notes), 1, "an hourly run logs the refusal once a day")
        with freeze_time("2026-03-09 15:00:00"):  # Monday 10:00
            self._run()
            self.assertEqual(case.action_ids.channel, "email")

    def test_refusal_noted_in_the_consultants_language(self):
        """The run (as the superuser, in English) notes a refusal in the language of the
        case's consultant, naming the reason, not the rule's internal key."""
        self._load_languages("es_ES")
        self.consultant.lang = "es_ES"
        debtor = self._colombian_debtor_owing(collection_user_id=self.consultant.id)
        with freeze_time("2026-03-08 15:00:00"):  # Sunday 10:00 in Bogotá
            self._run()
        case = self._case(debtor)
        notes = [str(m.body) for m in case.message_ids if "denegado" in str(m.body)]
        self.assertEqual(len(notes), 1, [str(m.body) for m in case.message_ids])
        self.assertIn("denegado: Sin contactos en este día de la semana según", notes[0])
        self.assertNotIn("window", notes[0])
        self.assertNotIn("regla", notes[0])

    def _held_colombian_cases(self, *names):
        """Colombian debtors' first steps, held by the run of Sunday 8 March 2026, 10:00 in
        Bogotá (UTC-5): Colombia allows no contact on Sundays, from 07:00 on weekdays."""
        debtors = self.env["res.partner"]
        for name in names:
            debtor = self._debtor_in("co", name)
            debtor._collection_sync_contact_points().write(
                {"consent": True, "consent_method": "written"}
            )
            self._create_invoice(debtor, 300.0, date(2026, 3, 1), date(2026, 2, 1))
            debtors |= debtor
        with freeze_time("2026-03-08 15:00:00"):
            self._run()
        return [self._case(debtor) for debtor in debtors]

    def test_a_held_step_waits_until_the_debtors_hours_open(self):
        (case,) = self._held_colombian_cases("Valentina Cali")
        self.assertFalse(case.action_ids)
        # Monday 9 March, 07:00 in Bogotá
        self.assertEqual(case.hold_until, datetime(2026, 3, 9, 12, 0))
        Run = self.env["debt.collection.run"]
        with freeze_time("2026-03-09 11:59:00"):
            self._run()
        run = Run.search([], order="id desc", limit=1)
        self.assertFalse(case.action_ids)
        self.assertEqual(run.case_held_count, 0, "the held step is not judged again before 07:00")
        with freeze_time("2026-03-09 12:00:00"):
            self._run()
        self.assertEqual(case.action_ids.channel, "email")
        self.assertFalse(case.hold_until)
        self.assertFalse(case.hold_reason)

    def test_a_hold_ends_when_the_hours_it_waits_for_change(self):
        regime_case, zone_case, hours_case = self._held_colombian_cases(
            "Camilo Pereira", "Sara Manizales", "Tomás Neiva"
        )
        self.assertTrue(regime_case.hold_until and zone_case.hold_until and hours_case.hold_until)
        zone_case.partner_id.tz = "America/Bogota"
        self.assertFalse(zone_case.hold_until, "the debtor's zone changed")
        self.assertTrue(regime_case.hold_until)
        self.company.collection_hour_to = 23.0
        self.assertFalse(hours_case.hold_until, "the company's hours changed")
        # a later run that Sunday holds the step again, then the manager opens Sundays from
        # 09:00 (a test: Colombia's law does not)
        with freeze_time("2026-03-08 15:30:00"):
            self._run()
        self.assertTrue(regime_case.hold_until)
        self.env["debt.collection.regime.window"].create(
            {
                "regime_id": regime_case._collection_regime().id,
                "weekday": "6",
                "hour_from": 9.0,
                "hour_to": 12.0,
            }
        )
        self.assertFalse(regime_case.hold_until, "judged again by the next run")
        with freeze_time("2026-03-08 15:30:00"):  # Sunday 10:30 in Bogotá
            self._run()
        self.assertEqual(regime_case.action_ids.channel, "email")


@tagged("post_install", "-at_install", "dc_compliance")
class TestContactPoints(RegimeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor_es = cls._debtor_in("es", "Elena Toledo", "Europe/Madrid")
        cls.debtor_es.phone = "612345678"
        cls.case = cls._open_case(cls.debtor_es)
        cls.Point = cls.env["debt.collection.contact.point"]

    def test_points_made_from_the_debtors_data(self):
        points = self.debtor_es._collection_sync_contact_points()
        self.assertEqual(sorted(points.mapped("kind")), ["address", "email", "phone"])
        self.assertEqual(set(points.mapped("owner")), {"debtor"})
        self.assertEqual(points.filtered(lambda p: p.kind == "phone").value, "+34612345678")
        self.assertFalse(self.debtor_es._collection_sync_contact_points(), "never twice")
        self.assertEqual(
            points.filtered(lambda p: p.kind == "phone").display_value, "***678", "PR-5"
        )

    def test_third_party_point_is_refused(self):
        neighbour = self.Point.create(
            {
                "partner_id": self.debtor_es.id,
                "kind": "phone",
                "value": "+34699000111",
                "owner": "third_party",
                "provenance": "debtor",
                "state": "verified",
            }
        )
        self.assertContactRefused(
            self.case, "2026-03-02 10:00:00", "third party", "call", neighbour
        )

    def test_web_sourced_point_unusable_until_confirmed(self):
        found = self.Point.create(
            {
                "partner_id": self.debtor_es.id,
                "kind": "email",
                "value": "elena.t@example.net",
                "provenance": "web",
            }
        )
        self.assertFalse(self._at(self.case, "2026-03-02 10:00:00", "email", found)[0])
        found.state = "verified"
        self.assertTrue(self._at(self.case, "2026-03-02 10:00:00", "email", found)[0])

    def test_another_debtors_point_is_refused(self):
        other = self.Point.create(
            {"partner_id": self.debtor2.id, "kind": "email", "value": "marco@example.it"}
        )
        self.assertFalse(self._at(self.case, "2026-03-02 10:00:00", "email", other)[0])

    def test_opt_out_per_channel_and_point(self):
        self.debtor_es._collection_sync_contact_points()
        self.debtor_es._collection_register_optout("email")
        self.assertContactRefused(self.case, "2026-03-02 10:00:00", "opted out", "email")
        self.assertTrue(self._at(self.case, "2026-03-02 10:00:00", "letter")[0])
        # a new address is a new contact point, not opted out
        self.debtor_es.email = "elena.nueva@example.com"
        self.assertTrue(self._at(self.case, "2026-03-02 10:00:00", "email")[0])

    def test_bounces_and_returned_letters_lower_the_point(self):
        self.debtor_es._collection_sync_contact_points()
        email = self.debtor_es._collection_current_point("email")
        self.assertEqual(email.state, "verified")
        self.debtor_es._collection_mark_bounced()
        self.assertEqual(email.state, "doubtful")
        self.debtor_es._collection_mark_bounced()
        self.assertEqual(email.state, "invalid")
        self.assertFalse(self._at(self.case, "2026-03-02 10:00:00", "email")[0])
        address = self.debtor_es._collection_current_point("letter")
        self.debtor_es._collection_mark_returned()
        self.assertEqual(address.state, "doubtful")

    def test_cease_contact_stops_all_but_the_legal_groups_notices(self):
        self.debtor_es.collection_cease_contact = True
        for channel in ("email", "letter", "sms", "call", "visit"):
            with self.subTest(channel=channel):
                self.assertContactRefused(
                    self.case, "2026-03-02 10:00:00", "not to be contacted", channel=channel
                )
        self.assertTrue(self._at(self.case, "2026-03-02 10:00:00", "legal")[0])

    def test_consultant_reads_regimes_but_cannot_change_them(self):
        regime = self.env.ref("debt_collection.debt_collection_regime_co").with_user(
            self.consultant
        )
        self.assertTrue(regime.window_ids)
        with self.assertRaises(AccessError):
            regime.allow_visit = True
        regime.with_user(self.manager).cooling_off_days = 1


@tagged("post_install", "-at_install", "dc_compliance")
class TestDisputeFromEveryChannel(DebtCollectionCommon):
    def test_dispute_from_each_channel_pauses_the_engine(self):
        sources = ("portal", "email", "call", "visit", "letter", "manual")
        debtors = {
            source: self._debtor(f"Debtor {source}", f"{source}@example.com") for source in sources
        }
        for debtor in debtors.values():
            self._create_invoice(debtor, 100.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()  # the reminder e-mail of every case
        for source, debtor in debtors.items():
            case = self._case(debtor)
            self.assertIn(case.user_id, self.consultant | self.consultant2)
            if source in ("call", "visit"):
                # the consultant's outcome form, with the lowest rights
                self._outcome_form(
                    case, source, "disputes", user=case.user_id, no_disclosure=True
                ).action_confirm()
            else:
                case.with_user(case.user_id)._collection_register_dispute(
                    "Never ordered this", source
                )
        with freeze_time("2026-01-22 10:00:00"):
            self._run()  # the first letter would be due
        for source, debtor in debtors.items():
            with self.subTest(source=source):
                case = self._case(debtor)
                self.assertEqual(case.state, "disputed")
                self.assertTrue(all(case.invoice_ids.mapped("collection_disputed")))
                self.assertFalse(case.action_ids.filtered(lambda a: a.channel == "letter"))


@tagged("post_install", "-at_install", "dc_compliance", "dc_security")
class TestRegimeAccess(RegimeCommon):
    def test_regime_of_another_company_is_invisible(self):
        other = self.env["res.company"].create({"name": "Other Collections SL"})
        theirs = self.env["debt.collection.regime"].create(
            {"name": "Their house rules", "company_id": other.id}
        )
        Regime = self.env["debt.collection.regime"].with_user(self.manager)
        self.assertNotIn(theirs, Regime.search([]))
        self.assertIn(self.env.ref("debt_collection.debt_collection_regime_es"), Regime.search([]))

    def test_one_active_regime_per_country(self):
        with self.assertRaises(ValidationError):
            self.env["debt.collection.regime"].create(
                {"name": "Spain again", "country_id": self.env.ref("base.es").id}
            )

    def test_consultant_cannot_create_regimes(self):
        with self.assertRaises(AccessError):
            self.env["debt.collection.regime"].with_user(self.consultant).create({"name": "Mine"})


@tagged("post_install", "-at_install", "dc_compliance")
class TestConsultantWarned(RegimeCommon):
    def test_call_outside_the_window_needs_a_reason(self):
        case = self._case_in("es", "Rosa Noche", "Europe/Madrid")
        with freeze_time("2026-03-02 21:30:00"):  # 22:30 in Madrid
            wizard = self._outcome_form(case, "call", "no_answer")
            self.assertIn("contact hours", wizard.contact_warning)
            with self.assertRaises(UserError):
                wizard.action_confirm()
            wizard.contact_override_reason = "The debtor asked to be called back now"
            wizard.action_confirm()
        self.assertIn("called back", case.action_ids.note)

    def test_call_to_a_debtor_who_asked_to_cease_is_refused(self):
        case = self._case_in("es", "Pilar Basta", "Europe/Madrid")
        case.partner_id.collection_cease_contact = True
        with freeze_time("2026-03-02 10:00:00"):
            wizard = self._outcome_form(
                case, "call", "no_answer", contact_override_reason="I insist"
            )
            with self.assertRaises(UserError):
                wizard.action_confirm()
        self.assertFalse(case.action_ids)


@tagged("post_install", "-at_install", "dc_compliance")
class TestRegimeScreen(HttpCase):
    def test_manager_edits_a_regime_in_the_browser(self):
        """Configuration > Compliance Regimes: the list, a regime's form, a window edited."""
        company = self.env.company
        company_user(
            self.env, "regime_manager", "debt_collection.debt_collection_group_manager", company
        )
        spain = self.env.ref("debt_collection.debt_collection_regime_es")
        self.start_tour(
            "/odoo/action-debt_collection.debt_collection_regime_action",
            "debt_collection_regime_edit",
            login="regime_manager",
        )
        monday = spain.window_ids.filtered(lambda window: window.weekday == "0")
        self.assertEqual(monday.hour_to, 20.0)
        self.assertEqual(monday.hour_from, 8.0)
