"""The creditor's portfolio over HTTP: what a creditor's portal user sees and downloads, the
plans it approves or rejects, and everything refused to anyone else (PO-1 to PO-6, AC-4,
AC-6). A refusal sends the visitor to /my with nothing of the portfolio in the body."""

import io
from datetime import date
from unittest.mock import patch

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from ..controllers.portfolio import DebtCollectionPortfolio
from .portfolio_common import PortfolioCommon

XSS = "<img src=x onerror=alert(1)>"
EXTRA_FIELDS = {
    "state": "cancelled",
    "amount_total": "1",
    "amount_residual": "0",
    "partner_id": "1",
    "company_id": "1",
    "user_id": "1",
    "approval_by": "manager",
}


@tagged("post_install", "-at_install", "dc_security")
class TestCreditorPortfolio(PortfolioCommon, HttpCase):
    def csrf_token(self):
        return http.Request.csrf_token(self)

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _decide(self, plan, decision, note="", **extra):
        data = {"decision": decision, "note": note, "csrf_token": self.csrf_token(), **extra}
        return self.url_open(
            f"/my/portfolio/plans/{plan.id}/decide", data=data, allow_redirects=False
        )

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def assertRefused(self, response, *secrets):
        self.assertIn(response.status_code, (302, 303, 404, 405), response.text[:300])
        if response.status_code in (302, 303):
            self.assertTrue(response.headers["Location"].endswith("/my"), response.headers)
        for secret in secrets:
            self.assertNotIn(secret, response.text)

    def _last_month(self):
        return fields.Date.today().replace(day=1) - relativedelta(months=1)

    # ------------------------------------------------------------------
    # The creditor's own pages
    # ------------------------------------------------------------------

    def test_creditor_sees_its_cases_and_nobody_elses(self):
        self._login(self.creditor_user)
        response = self._get("/my/portfolio")
        self.assertEqual(response.status_code, 200)
        page = response.text
        for shown in (self.case_a.name, self.case_b.name, "AT-0001", self.debtor2.name):
            self.assertIn(shown, page)
        for hidden in (self.case_t.name, "TL-0001", self.telecom.name, self.remittance_t.name):
            self.assertNotIn(hidden, page)
        # the plan waiting for the utility, the remittance and the month's recoveries
        self.assertIn(self.plan.name, page)
        self.assertIn(self.remittance.name, page)
        self.assertIn("600.00", page)
        self.assertEqual(response.headers["Cache-Control"], "no-store")

    def test_portfolio_is_searched_filtered_and_paginated(self):
        self._login(self.creditor_user)

        def listed(url):
            page = self._get(url).text
            return {
                case for case in (self.case_a, self.case_b) if f'"/my/portfolio/{case.id}"' in page
            }

        self.assertEqual(listed("/my/portfolio"), {self.case_a, self.case_b})
        self.assertEqual(listed("/my/portfolio?search=AT-0002&search_in=reference"), {self.case_b})
        self.assertEqual(listed("/my/portfolio?search=AT-0002"), {self.case_b})
        self.assertEqual(listed("/my/portfolio?filterby=closed"), set())
        url = f"/my/portfolio?search={self.debtor.name[:5]}&search_in=debtor"
        self.assertEqual(listed(url), {self.case_a})
        # one line a page: two pages
        with patch.object(DebtCollectionPortfolio, "_items_per_page", 1):
            self.assertEqual(len(listed("/my/portfolio")), 1)
            self.assertEqual(len(listed("/my/portfolio/page/2")), 1)
            self.assertNotEqual(listed("/my/portfolio"), listed("/my/portfolio/page/2"))
        # an unknown filter, order or search field falls back to the defaults
        response = self._get("/my/portfolio?filterby=x&sortby=id;drop&search_in=user_id")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.case_a.name, response.text)

    def test_case_page_shows_allow_listed_values_only(self):
        self.case_a.note = "<p>Internal analysis: threatens to move abroad</p>"
        self.case_a.message_post(body="Internal: call his brother", subtype_xmlid="mail.mt_note")
        self._login(self.creditor_user)
        response = self._get(f"/my/portfolio/{self.case_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.case_a.name, response.text)
        self.assertIn("AT-0001", response.text)
        for hidden in ("Internal analysis", "call his brother", self.debtor.email):
            self.assertNotIn(hidden, response.text)

    def test_a_new_creditor_sees_an_empty_portfolio(self):
        wholesaler = self.env["res.partner"].create(
            {"name": "Hermanos Soler S.L.", "is_company": True}
        )
        self._mandate(wholesaler, "HS-2026", self.consultant)
        self._login(self._portal_user("dc_soler", wholesaler))
        response = self._get("/my/portfolio")
        self.assertEqual(response.status_code, 200)
        self.assertIn("No case matches", response.text)
        for secret in (self.case_a.name, self.case_t.name, self.remittance.name):
            self.assertNotIn(secret, response.text)

    def test_counter_on_my_home(self):
        for user, count in (
            (self.creditor_user, 2),
            (self.creditor2_user, 1),
            (self.debtor_user, 0),
        ):
            with self.subTest(user=user.login):
                self._login(user)
                result = self.make_jsonrpc_request(
                    "/my/counters", {"counters": ["debt_collection_portfolio_count"]}
                )
                self.assertEqual(result["debt_collection_portfolio_count"], count)

    def test_remittance_statements_download(self):
        self._login(self.creditor_user)
        response = self._get(f"/my/portfolio/remittances/{self.remittance.id}/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        response = self._get(f"/my/portfolio/remittances/{self.remittance.id}/xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, self.remittance.xlsx_attachment_id.raw)

    def test_monthly_statement_holds_the_creditors_own_cases(self):
        self._login(self.creditor2_user)
        month = self._last_month().strftime("%Y-%m")
        response = self._get(f"/my/portfolio/statements/{self.company.id}/{month}/xlsx")
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = {
            str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row
        }
        self.assertIn(self.case_t.name, cells)
        self.assertNotIn(self.case_a.name, cells)
        self.assertNotIn(self.utility.name, cells)
        response = self._get(f"/my/portfolio/statements/{self.company.id}/{month}/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # a month not offered (before the mandate, or to come), another company: refused
        for path in (
            f"{self.company.id}/2025-06/xlsx",
            f"{self.company.id}/{fields.Date.today().strftime('%Y-%m')}/xlsx",
            f"{self.company.id}/2026-13/xlsx",
            f"{self.company.id + 1}/{month}/xlsx",
            f"{self.company.id}/{month}/csv",
        ):
            with self.subTest(path=path):
                self.assertRefused(self._get(f"/my/portfolio/statements/{path}"))

    # ------------------------------------------------------------------
    # Refusals
    # ------------------------------------------------------------------

    def test_another_creditor_reads_nothing_of_this_portfolio(self):
        self._login(self.creditor2_user)
        secrets = (self.case_a.name, self.debtor2.name, "AT-0001", self.remittance.name)
        page = self._get("/my/portfolio").text
        for secret in secrets:
            self.assertNotIn(secret, page)
        for case_id in (self.case_a.id, self.case_b.id, self.case_a.id - 1, self.case_b.id + 1):
            if case_id == self.case_t.id:
                continue
            with self.subTest(case_id=case_id):
                self.assertRefused(self._get(f"/my/portfolio/{case_id}"), *secrets)
        for remittance_id in (self.remittance.id, self.remittance.id - 1):
            if remittance_id == self.remittance_t.id:
                continue
            for kind in ("pdf", "xlsx"):
                with self.subTest(remittance=remittance_id, kind=kind):
                    self.assertRefused(
                        self._get(f"/my/portfolio/remittances/{remittance_id}/{kind}"), *secrets
                    )
        response = self._decide(self.plan, "approve")
        self.assertRefused(response, *secrets)
        self.assertEqual(self.plan.state, "to_approve")

    def test_debtor_and_visitor_cannot_open_the_portfolio(self):
        secrets = (self.case_a.name, self.case_b.name, self.remittance.name)
        month = self._last_month().strftime("%Y-%m")
        statement = f"/my/portfolio/statements/{self.company.id}/{month}/xlsx"
        for user in (self.debtor_user, None):
            if user:
                self._login(user)
            else:
                self.authenticate(None, None)
            for url in (
                "/my/portfolio",
                f"/my/portfolio/{self.case_a.id}",
                f"/my/portfolio/remittances/{self.remittance.id}/pdf",
                statement,
            ):
                with self.subTest(user=user and user.login, url=url):
                    response = self._get(url)
                    self.assertIn(response.status_code, (302, 303))
                    self.assertNotIn("/my/portfolio", response.headers["Location"])
                    for secret in secrets:
                        self.assertNotIn(secret, response.text)

    def test_creditor_does_not_get_the_debtors_page(self):
        """The creditor's user holds no right on cases: the debtor's page, with its chatter
        and its requests, stays the debtor's."""
        self._login(self.creditor_user)
        self.assertRefused(self._get(f"/my/debts/{self.case_a.id}"), "1,000.00", "400.00")
        response = self._get("/my/debts")
        self.assertNotIn(self.case_a.name, response.text)
        self.assertNotIn(self.case_b.name, response.text)

    def test_get_changes_nothing(self):
        self._login(self.creditor_user)
        response = self._get(f"/my/portfolio/plans/{self.plan.id}/decide?decision=approve")
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(self.plan.state, "to_approve")
        # a POST without the CSRF token is refused too
        response = self.url_open(
            f"/my/portfolio/plans/{self.plan.id}/decide", data={"decision": "approve"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.plan.state, "to_approve")

    def test_portal_users_write_no_model_over_json_rpc(self):
        def call(model, method, args, kwargs=None):
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            )

        for user in (self.creditor_user, self.debtor_user):
            self._login(user)
            with self.subTest(user=user.login), mute_logger("odoo.http"):
                for model, method, args in (
                    ("debt.collection.plan", "write", [[self.plan.id], {"state": "running"}]),
                    ("debt.collection.plan", "action_approve", [[self.plan.id]]),
                    (
                        "debt.collection.plan",
                        "_portal_creditor_decide",
                        [[self.plan.id], self.utility.id, True],
                    ),
                    ("debt.collection.case", "write", [[self.case_a.id], {"state": "paid"}]),
                    ("debt.collection.remittance", "write", [[self.remittance.id], {}]),
                    ("res.partner", "_portal_plans_to_approve", [[self.utility.id]]),
                ):
                    with self.assertRaises(JsonRpcException):
                        call(model, method, args)
        # and the creditor reads none of them either (the debtors' rule gives it no case)
        self._login(self.creditor_user)
        self.assertEqual(
            call("debt.collection.case", "search_read", [[]], {"fields": ["name"]}), []
        )
        for model in (
            "debt.collection.plan",
            "debt.collection.remittance",
            "debt.collection.recovery",
        ):
            with (
                self.subTest(model=model),
                mute_logger("odoo.http"),
                self.assertRaises(JsonRpcException),
            ):
                call(model, "search_read", [[]], {"fields": ["display_name"]})
        self.assertEqual(self.plan.state, "to_approve")
        self.assertEqual(self.case_a.state, "open")

    # ------------------------------------------------------------------
    # Approving and rejecting
    # ------------------------------------------------------------------

    def test_plan_discount_has_the_creditors_decimal_separator(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.creditor_user.lang = "es_ES"
        self.assertEqual((self.plan.amount_total, self.plan.amount_due), (300.0, 400.0))
        self._login(self.creditor_user)
        response = self.url_open("/my/portfolio")  # to the page of the Spanish site
        self.assertEqual(response.status_code, 200)
        self.assertIn(">25,0</span> % ", response.text)  # 100.00 off 400.00
        self.assertNotIn("25.0", response.text)

    def test_creditor_approves_the_plan_and_it_runs(self):
        self._login(self.creditor_user)
        response = self._decide(self.plan, "approve", XSS, **EXTRA_FIELDS)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/my/portfolio?notice=approved", response.headers["Location"])
        self.assertRecordValues(
            self.plan,
            [
                {
                    "state": "running",
                    "amount_total": 300.0,
                    "approval_by": "creditor",
                    "creditor_decision": "approved",
                    "creditor_decision_note": XSS,
                }
            ],
        )
        self.assertEqual(self.plan.creditor_decided_by_id, self.utility_contact)
        self.assertEqual(self.case_a.state, "plan")
        self.assertEqual(self.case_a.partner_id, self.debtor)
        self.assertIn("plan", self.case_a.action_ids.mapped("result"))
        # the note comes back escaped, on the page and in the plan's chatter (internal)
        page = self._get(f"/my/portfolio/{self.case_a.id}").text
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", page)
        self.assertNotIn(XSS, page)
        message = self.plan.message_ids.filtered(lambda m: "approved by the creditor" in m.body)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", message.body)
        self.assertTrue(message.subtype_id.internal)
        # decided once: a second decision is refused
        self.assertRefused(self._decide(self.plan, "reject", "changed my mind"))
        self.assertEqual(self.plan.state, "running")

    def test_creditor_rejects_with_a_note_and_the_consultant_gets_it_back(self):
        self._login(self.creditor_user)
        response = self._decide(self.plan, "reject", "")
        self.assertEqual(response.status_code, 422)
        self.assertIn("Please say why you reject the plan", response.text)
        self.assertEqual(self.plan.state, "to_approve")
        response = self._decide(self.plan, "reject", "At least 350.00, please")
        self.assertIn(response.status_code, (302, 303))
        self.assertRecordValues(
            self.plan, [{"state": "draft", "approval_by": False, "creditor_decision": "rejected"}]
        )
        activity = self.case_a.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.consultant)
        self.assertIn(self.plan.name, activity.summary)
        self.assertIn("At least 350.00", str(activity.note))
        # in the consultant's queue today, as a decision waiting
        row = (
            self.env["debt.collection.queue"]
            .with_user(self.consultant)
            .search([("case_id", "=", self.case_a.id)])
        )
        self.assertTrue(row.review_due)
        # and gone from the creditor's plans to approve
        self.assertNotIn(self.plan.name, self._get("/my/portfolio").text)

    def test_a_plan_whose_first_instalment_passed_cannot_be_approved(self):
        self.plan.line_ids.sorted("date_due")[0].date_due = date.today() - relativedelta(days=1)
        self._login(self.creditor_user)
        response = self._decide(self.plan, "approve")
        self.assertEqual(response.status_code, 422)
        self.assertIn("cannot be in the past", response.text)
        self.assertEqual(self.plan.state, "to_approve")
        self.assertFalse(self.plan.creditor_decision)
