"""The contact gate decides WhatsApp as every channel, per regime: Colombia's Ley 2300/2023
(only authorised channels, one contact a day, one channel a week), Mexico's and Spain's hours,
and the WhatsApp opt-out (CG-1, CG-2, CG-3, CG-16)."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DebtCollectionCommon

# Tuesday 3 March 2026: a working day in Colombia, Mexico and Spain
TUESDAY = date(2026, 3, 3)


@tagged("post_install", "-at_install", "dc_compliance")
class TestWhatsappRegimes(DebtCollectionCommon):
    collection_open_regimes = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.co = cls._country_debtor(
            "Andrés Gómez", "base.co", "+57 300 123 4567", "America/Bogota"
        )
        cls.mx = cls._country_debtor(
            "Ximena López", "base.mx", "+52 55 1234 5678", "America/Mexico_City"
        )
        cls.es = cls._country_debtor("Lucía Martín", "base.es", "+34 612 345 678", "Europe/Madrid")
        for partner in (cls.co, cls.mx, cls.es):
            cls._create_invoice(partner, 300.0, date(2026, 2, 1), date(2026, 1, 1))
        with freeze_time("2026-02-10 12:00:00"):
            cls.env["debt.collection.run"].with_user(cls.env.ref("base.user_root"))._cron_run()
        cls.case_co, cls.case_mx, cls.case_es = (cls._case(p) for p in (cls.co, cls.mx, cls.es))
        (cls.co | cls.mx | cls.es)._collection_sync_contact_points()

    @classmethod
    def _country_debtor(cls, name, country_xmlid, mobile, tz):
        partner = cls._debtor(
            name,
            f"{name.split()[0].lower()}@example.com",
            country_id=cls.env.ref(country_xmlid).id,
            tz=tz,
        )
        # written after the creation, so that the number is parsed and normalised
        partner.mobile = mobile
        return partner

    @classmethod
    def _case(cls, partner):
        return cls.env["debt.collection.case"].search([("partner_id", "=", partner.id)])

    def _at(self, day, hour_utc):
        return datetime.combine(day, datetime.min.time()) + timedelta(hours=hour_utc)

    def _may(self, case, when, channel="whatsapp"):
        with freeze_time(when):
            return case._collection_may_contact(channel, when=when)

    def assertWhatsappRefused(self, case, when, why, msg=None):
        """A WhatsApp message to ``case`` at ``when`` is refused, the reason saying ``why``."""
        allowed, reason = self._may(case, when)
        self.assertFalse(allowed, msg)
        self.assertIn(why, reason)

    def _log_contact(self, case, channel, when):
        self.env["debt.collection.action"]._log(
            {"case_id": case.id, "channel": channel, "date": when, "outbound": True}
        )

    def _consent(self, partner):
        partner._collection_current_point("whatsapp")._collection_record_consent(
            "written", "Autorizo el contacto por WhatsApp para la gestión de cobro."
        )

    # ------------------------------------------------------------------
    # Colombia: Ley 2300/2023
    # ------------------------------------------------------------------

    def test_colombia_only_authorised_channels(self):
        when = self._at(TUESDAY, 15)  # 10:00 in Bogotá
        self.assertWhatsappRefused(self.case_co, when, "not authorise")
        self._consent(self.co)
        self.assertTrue(self._may(self.case_co, when)[0])
        # consent for WhatsApp's number does not authorise the e-mail
        self.assertFalse(self._may(self.case_co, when, "email")[0])

    def test_colombia_one_contact_a_day_and_hours(self):
        self._consent(self.co)
        self.assertFalse(self._may(self.case_co, self._at(TUESDAY, 1))[0], "20:00 in Bogotá")
        self.assertFalse(self._may(self.case_co, self._at(date(2026, 3, 8), 15))[0], "Sunday")
        self._log_contact(self.case_co, "call", self._at(TUESDAY, 13))
        self.assertWhatsappRefused(self.case_co, self._at(TUESDAY, 16), "Contact cap")

    def test_colombia_not_several_channels_in_a_week(self):
        self._consent(self.co)
        self._log_contact(self.case_co, "email", self._at(TUESDAY - timedelta(days=3), 15))
        self.assertWhatsappRefused(self.case_co, self._at(TUESDAY, 15), "one channel")
        # the same channel again after a day is for the caps to say; a week later, any channel
        self.assertTrue(self._may(self.case_co, self._at(TUESDAY + timedelta(days=7), 15))[0])

    def test_colombia_one_whatsapp_a_week(self):
        self._consent(self.co)
        self._log_contact(self.case_co, "whatsapp", self._at(TUESDAY - timedelta(days=2), 15))
        self.assertWhatsappRefused(self.case_co, self._at(TUESDAY, 15), "WhatsApp")

    def test_colombia_opt_out(self):
        self._consent(self.co)
        self.co._collection_register_optout("whatsapp")
        self.assertWhatsappRefused(self.case_co, self._at(TUESDAY, 15), "opted out")

    # ------------------------------------------------------------------
    # Mexico
    # ------------------------------------------------------------------

    def test_mexico_hours_no_consent_needed(self):
        self.assertTrue(self._may(self.case_mx, self._at(TUESDAY, 16))[0], "10:00 in Mexico City")
        self.assertWhatsappRefused(
            self.case_mx,
            self._at(TUESDAY + timedelta(days=1), 5),
            "contact hours",
            "23:00 in Mexico City",
        )

    def test_mexico_channel_switched_off_and_opt_out(self):
        regime = self.case_mx._collection_regime()
        regime.allow_whatsapp = False
        self.assertWhatsappRefused(self.case_mx, self._at(TUESDAY, 16), "not allowed")
        regime.allow_whatsapp = True
        self.mx._collection_register_optout("whatsapp")
        self.assertFalse(self._may(self.case_mx, self._at(TUESDAY, 16))[0])
        self.assertTrue(self._may(self.case_mx, self._at(TUESDAY, 16), "sms")[0])

    # ------------------------------------------------------------------
    # Spain
    # ------------------------------------------------------------------

    def test_spain_hours_and_sunday(self):
        self.assertTrue(self._may(self.case_es, self._at(TUESDAY, 9))[0], "10:00 in Madrid")
        self.assertFalse(self._may(self.case_es, self._at(TUESDAY, 21))[0], "22:00 in Madrid")
        self.assertFalse(self._may(self.case_es, self._at(date(2026, 3, 8), 9))[0], "Sunday")

    def test_spain_opt_out_is_per_channel_and_cease_contact_stops_all(self):
        self.es._collection_register_optout("whatsapp")
        when = self._at(TUESDAY, 9)
        self.assertFalse(self._may(self.case_es, when)[0])
        self.assertTrue(self._may(self.case_es, when, "email")[0])
        self.es.collection_cease_contact = True
        self.assertFalse(self._may(self.case_es, when, "email")[0])

    def test_number_not_on_whatsapp_blocks_whatsapp_only(self):
        self.es._collection_mark_no_whatsapp()
        when = self._at(TUESDAY, 9)
        self.assertWhatsappRefused(self.case_es, when, "not on WhatsApp")
        self.assertTrue(self._may(self.case_es, when, "sms")[0])
