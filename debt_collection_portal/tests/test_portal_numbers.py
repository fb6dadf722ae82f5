"""Issue 23, point 6: a number that is no number (inf, nan) or past any real figure gets a
clear answer (422 on the page, a ValidationError in the back office), never a server error."""

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DebtorPageCommon

BAD_NUMBERS = ("1e308", "-1e308", "inf", "-inf", "nan", "Infinity")


@tagged("post_install", "-at_install", "dc_security")
class TestPortalNumbers(DebtorPageCommon):
    def test_promise_of_no_number_is_refused_with_422(self):
        for amount in BAD_NUMBERS:
            with self.subTest(amount=amount):
                response = self._post(
                    self.case, "promise", {"amount": amount, "date_promised": "2099-01-15"}
                )
                self.assertEqual(response.status_code, 422)
                self.assertNotIn("Internal Server Error", response.text)
        for bad_date in ("99999-01-01", "2026-02-30", "0000-01-01"):
            with self.subTest(date=bad_date):
                response = self._post(
                    self.case, "promise", {"amount": "10", "date_promised": bad_date}
                )
                self.assertEqual(response.status_code, 422)
        self.assertFalse(self.case.promise_ids)
        # a real amount still goes through
        response = self._post(
            self.case, "promise", {"amount": "10", "date_promised": "2099-01-15"}
        )
        self.assertEqual(response.status_code, 303)

    def test_plan_request_of_no_number_is_refused_with_422(self):
        for count in ("1e308", "inf", "nan", "99999999999999999999"):
            with self.subTest(instalments=count):
                response = self._post(self.case, "plan", {"instalments": count, "reason": "x"})
                self.assertEqual(response.status_code, 422)

    def test_wizards_and_promises_refuse_no_number(self):
        consultant = self.consultant
        for value in (float("inf"), float("-inf"), float("nan"), 1e308):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError):
                    self.env["debt.collection.promise"].with_user(consultant).create(
                        {
                            "case_id": self.case.id,
                            "amount": value,
                            "date_promised": date(2099, 1, 15),
                        }
                    )
                with self.assertRaises(ValidationError):
                    self.env["debt.collection.plan.wizard"].with_user(consultant).create(
                        {"case_id": self.case.id, "down_payment": value}
                    )
                with self.assertRaises(ValidationError):
                    self.env["debt.collection.plan.wizard"].with_user(consultant).create(
                        {"case_id": self.case.id, "instalment_count": 10**20}
                    )
                with self.assertRaises(ValidationError):
                    self.env["debt.collection.writeoff.wizard"].create(
                        {"case_id": self.case.id, "legal_cost": value}
                    )
                with self.assertRaises(ValidationError):
                    self.env["debt.collection.outcome.wizard"].with_user(consultant).create(
                        {"case_id": self.case.id, "result": "reached", "duration": value}
                    )
        self.assertFalse(self.case.promise_ids)
        # the form's onchange, as the web client calls it while the user types
        with self.assertRaises(ValidationError):
            self.env["debt.collection.plan.wizard"].with_user(consultant).onchange(
                {"case_id": self.case.id, "down_payment": float("inf")},
                ["down_payment"],
                {"case_id": {}, "down_payment": {}},
            )
