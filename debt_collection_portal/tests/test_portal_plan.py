"""A plan the consultant proposes is shown on the debtor's page, who accepts it by signing
online (Odoo's signature form); the signed agreement is kept on the plan."""

import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import DebtCollectionPortalCommon

# a 1x1 PNG standing for the debtor's drawn signature
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
    "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)


def draft_plan(test, days=(10, 40)):
    """A draft plan of the test's case in two instalments of 617.00 (by default in 10 and 40
    days), as the consultant makes it."""
    today = fields.Date.today()
    return (
        test.env["debt.collection.plan"]
        .with_user(test.consultant)
        .create(
            {
                "case_id": test.case.id,
                "amount_due": 1234.0,
                "amount_total": 1234.0,
                "line_ids": [
                    Command.create({"date_due": today + timedelta(days=n), "amount": 617.0})
                    for n in days
                ],
            }
        )
    )


@tagged("post_install", "-at_install", "dc_security")
class TestDebtorSignsPlan(DebtCollectionPortalCommon, HttpCase):
    def setUp(self):
        super().setUp()
        self.plan = draft_plan(self)

    def _sign(self, case, plan, token, name="Lucía Fernández García", signature=SIGNATURE):
        return self.make_jsonrpc_request(
            f"/my/debts/{case.id}/plans/{plan.id}/sign?access_token={token or ''}",
            {"name": name, "signature": signature},
        )

    def test_a_draft_plan_is_not_shown_until_proposed(self):
        page = self.url_open(self.case.get_portal_url()).text
        self.assertNotIn(self.plan.name, page)
        result = self._sign(self.case, self.plan, self.case.access_token)
        self.assertIn("error", result)
        self.assertEqual(self.plan.state, "draft")

    def test_a_proposed_plan_says_it_waits_for_the_signature_not_draft(self):
        self.plan.with_user(self.consultant).action_portal_propose()
        self.assertEqual(self.plan.state, "draft")
        for lang, label in (
            ("en_US", "Proposed: waiting for your signature"),
            ("es_ES", "Propuesto: pendiente de su firma"),
            ("it_IT", "Proposto: in attesa della sua firma"),
        ):
            with self.subTest(lang=lang):
                self.env["res.lang"]._activate_lang(lang)
                self.env["ir.module.module"]._load_module_terms(["debt_collection_portal"], [lang])
                self.debtor.lang = lang
                self.opener.cookies.clear()  # a visitor with no language chosen yet
                page = self.url_open(self.case.get_portal_url()).text
                self.assertIn(label, page)
                self.assertNotRegex(page, r">\s*(Draft|Borrador|Bozza)\s*<")

    def test_debtor_signs_the_proposed_plan_and_it_runs(self):
        self.plan.with_user(self.consultant).action_portal_propose()
        page = self.url_open(self.case.get_portal_url()).text
        self.assertIn(self.plan.name, page)
        self.assertIn("o_debt_collection_plan_sign", page)
        result = self._sign(self.case, self.plan, self.case.access_token)
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.plan.state, "running")
        self.assertEqual(self.case.state, "plan")
        self.assertEqual(self.plan.signed_by, "Lucía Fernández García")
        self.assertTrue(self.plan.signed_on)
        self.assertEqual(
            base64.b64encode(base64.b64decode(self.plan.signature)), self.plan.signature
        )
        agreement = self.plan.agreement_attachment_id
        self.assertTrue(agreement.raw)
        self.assertEqual((agreement.res_model, agreement.res_id), (self.plan._name, self.plan.id))
        self.assertIn("plan", self.case.action_ids.mapped("result"))
        # the signed agreement is served as it was kept
        response = self.url_open(
            self.case.get_portal_url(suffix=f"/plans/{self.plan.id}/agreement")
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, agreement.raw)
        # and cannot be signed twice
        self.assertIn("error", self._sign(self.case, self.plan, self.case.access_token))

    def test_signing_refused_without_the_case_token_or_a_signature(self):
        self.plan.with_user(self.consultant).action_portal_propose()
        for token in (None, "wrong", self.other_case.access_token):
            with self.subTest(token=token):
                self.assertIn("error", self._sign(self.case, self.plan, token))
        self.assertIn(
            "error", self._sign(self.other_case, self.plan, self.other_case.access_token)
        )
        self.assertIn(
            "error", self._sign(self.case, self.plan, self.case.access_token, signature="")
        )
        self.assertIn("error", self._sign(self.case, self.plan, self.case.access_token, name=" "))
        self.assertEqual(self.plan.state, "draft")
        self.assertFalse(self.plan.signed_on)
        for token in (None, "wrong", self.other_case.access_token):
            with self.subTest(token=token):
                response = self.url_open(
                    f"/my/debts/{self.case.id}/plans/{self.plan.id}/agreement"
                    f"?access_token={token or ''}",
                    allow_redirects=False,
                )
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(self.plan.name, response.text)

    def test_a_plan_above_the_consultant_authority_waits_for_a_manager_after_signing(self):
        self.plan.amount_total = 1000.0  # a settlement discount of about 19 %
        self.plan.line_ids.write({"amount": 500.0})
        self.plan.with_user(self.consultant).action_portal_propose()
        result = self._sign(self.case, self.plan, self.case.access_token)
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.plan.state, "to_approve")
        self.assertTrue(self.plan.agreement_attachment_id)


@tagged("post_install", "-at_install")
class TestDebtorSignsPlanInTheBrowser(DebtCollectionPortalCommon, HttpCase):
    """The debtor signs the proposed plan on the page: desk here, a phone below."""

    def test_debtor_signs_the_proposed_plan_in_the_browser(self):
        plan = draft_plan(self)
        plan.with_user(self.consultant).action_portal_propose()
        path = self.case.get_portal_url().removeprefix(self.case.get_base_url())
        self.start_tour(path, "debt_collection_portal_sign_plan", login=None)
        self.assertEqual(plan.state, "running")
        self.assertEqual(self.case.state, "plan")
        self.assertEqual(plan.signed_by, "Lucía Fernández García")
        self.assertTrue(plan.signed_on)
        # the signature drawn in the browser (a PNG), and the agreement signed with it
        self.assertEqual(base64.b64decode(plan.signature)[:4], b"\x89PNG")
        self.assertTrue(plan.agreement_attachment_id.raw)


@tagged("post_install", "-at_install")
class TestDebtorSignsPlanOnAPhone(TestDebtorSignsPlanInTheBrowser):
    browser_size = "375x667"
