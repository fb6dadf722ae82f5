"""Tests of a plan's monthly schedule and its agreement."""

from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .test_negotiation import NegotiationCommon


@tagged("post_install", "-at_install")
class TestPlanSchedule(NegotiationCommon):
    """Monthly instalments keep the day of the first one; the agreement says where to pay."""

    def _proposed_dates(self, first, count, today=date(2026, 11, 20), **values):
        """The due dates of a plan proposed on ``today`` for a debt 50 days overdue."""
        with freeze_time(datetime.combine(today, time(10))):
            case, _invoice = self._open_case(self.debtor, 1200.0, due=today - timedelta(days=50))
            plan = self._plan(
                case, instalment_count=count, frequency="monthly", date_first=first, **values
            )
        return plan.line_ids.sorted("sequence").mapped("date_due")

    def test_monthly_from_the_30th_of_december(self):
        self.assertEqual(
            self._proposed_dates(date(2026, 12, 30), 5),
            [
                date(2026, 12, 30),
                date(2027, 1, 30),
                date(2027, 2, 28),
                date(2027, 3, 30),
                date(2027, 4, 30),
            ],
        )

    def test_monthly_from_the_31st_of_january(self):
        self.assertEqual(
            self._proposed_dates(date(2027, 1, 31), 5, today=date(2027, 1, 20)),
            [
                date(2027, 1, 31),
                date(2027, 2, 28),
                date(2027, 3, 31),
                date(2027, 4, 30),
                date(2027, 5, 31),
            ],
        )

    def test_down_payment_then_monthly_instalments(self):
        dates = self._proposed_dates(date(2026, 12, 31), 3, down_payment=300.0)
        self.assertEqual(
            dates, [date(2026, 12, 31), date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]
        )

    def test_agreement_prints_where_to_pay_and_an_italian_address(self):
        self.env["res.partner.bank"].create(
            {"acc_number": "IT60X0542811101000000123456", "partner_id": self.company.partner_id.id}
        )
        self.debtor2.write(
            {
                "street": "Viale Monza 45",
                "zip": "20125",
                "city": "Milano",
                "state_id": self.env.ref("base.state_it_mi").id,
                "country_id": self.env.ref("base.it").id,
            }
        )
        self.assertIn("20125 Milano (MI)", self.debtor2._display_address())
        with freeze_time("2026-11-20 10:00:00"):
            case, _invoice = self._open_case(self.debtor2, 900.0, due=date(2026, 10, 1))
            plan = self._plan(case, instalment_count=3, date_first=date(2026, 12, 1))
            html = str(
                self.env["ir.actions.report"]._render_qweb_html(
                    "debt_collection.action_report_collection_plan", plan.ids
                )[0]
            )
        # base_iban (an OCA banking dependency) prints the IBAN in groups of four
        self.assertIn("IT60X0542811101000000123456", html.replace(" ", ""))
        self.assertIn("20125 Milano (MI)", html)
        self.assertNotIn("Milano 20125", html)
