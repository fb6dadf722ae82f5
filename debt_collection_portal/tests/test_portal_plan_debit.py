"""The debtor chooses direct debit for a proposed plan, gives a checked IBAN and signs the SEPA
mandate with the plan on their page; the page then says when each instalment is debited."""

from odoo import fields, http
from odoo.tests import HttpCase, tagged

from odoo.addons.debt_collection.tests.debit_common import setup_direct_debit

from .common import DebtCollectionPortalCommon
from .test_portal_plan import SIGNATURE, draft_plan

IBAN = "ES91 2100 0418 4502 0005 1332"


class DebitPortalCommon(DebtCollectionPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_direct_debit(cls.env, cls.company)

    def _proposed_plan(self):
        plan = draft_plan(self, days=(20, 50))
        plan.with_user(self.consultant).action_portal_propose()
        return plan


@tagged("post_install", "-at_install", "dc_security")
class TestDebtorChoosesDirectDebit(DebitPortalCommon, HttpCase):
    def setUp(self):
        super().setUp()
        self.plan = self._proposed_plan()
        self.authenticate(None, None)  # a visitor's session, for its CSRF token

    def _choose(self, case, plan, data, token=None):
        data = dict(
            data,
            csrf_token=http.Request.csrf_token(self),
            access_token=token or case.access_token,
        )
        return self.url_open(
            f"/my/debts/{case.id}/plans/{plan.id}/payment", data=data, allow_redirects=False
        )

    def _sign(self, name="Lucía Fernández García"):
        return self.make_jsonrpc_request(
            f"/my/debts/{self.case.id}/plans/{self.plan.id}/sign"
            f"?access_token={self.case.access_token}",
            {"name": name, "signature": SIGNATURE},
        )

    def test_a_wrong_iban_is_refused_and_nothing_kept(self):
        response = self._choose(
            self.case, self.plan, {"method": "debit", "iban": "ES91 2100 0418 4502 0005 1333"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("o_debt_collection_form_error", response.text)
        self.assertFalse(self.plan.portal_debit_iban)

    def test_debtor_chooses_debit_signs_and_sees_the_dates(self):
        response = self._choose(self.case, self.plan, {"method": "debit", "iban": IBAN})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.plan.portal_debit_iban, "ES9121000418450200051332")
        page = self.url_open(self.case.get_portal_url()).text
        self.assertIn("o_debt_collection_plan_mandate", page)
        self.assertIn("refund from your bank", page)
        self.assertIn("ES11ZZZB12345674", page)
        result = self._sign()
        self.assertTrue(result.get("force_refresh"), result)
        plan = self.plan
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.payment_method, "debit")
        mandate = plan.mandate_id
        self.assertEqual(mandate.state, "valid")
        self.assertEqual(mandate.partner_id, self.debtor)
        self.assertEqual(mandate.signature_date, fields.Date.today())
        self.assertEqual(mandate.collection_signed_by, "Lucía Fernández García")
        self.assertTrue(mandate.scan)
        self.assertFalse(plan.portal_debit_iban)
        self.assertEqual(plan.line_ids.mapped("debit_date"), plan.line_ids.mapped("date_due"))
        page = self.url_open(self.case.get_portal_url()).text
        self.assertIn("To be debited on", page)
        self.assertIn("ES91 **** 1332", page)
        self.assertIn(mandate.unique_mandate_reference, page)
        self.assertNotIn("ES9121000418450200051332", page, "the page masks the IBAN")
        for lang, labels in (
            (
                "es_ES",
                ("Se adeudará el", "Pagado por adeudo directo SEPA", "Referencia de la orden"),
            ),
            (
                "it_IT",
                (
                    "Da addebitare il",
                    "Pagato con addebito diretto SEPA",
                    "Riferimento del mandato",
                ),
            ),
        ):
            with self.subTest(lang=lang):
                self.env["res.lang"]._activate_lang(lang)
                self.env["ir.module.module"]._load_module_terms(
                    ["debt_collection", "debt_collection_portal"], [lang]
                )
                self.debtor.lang = lang
                self.opener.cookies.clear()
                page = self.url_open(self.case.get_portal_url()).text
                for label in labels:
                    self.assertIn(label, page)

    def test_transfer_signs_no_mandate(self):
        self._choose(self.case, self.plan, {"method": "debit", "iban": IBAN})
        self._choose(self.case, self.plan, {"method": "transfer"})
        self._sign()
        self.assertEqual(self.plan.state, "running")
        self.assertEqual(self.plan.payment_method, "transfer")
        self.assertFalse(self.plan.mandate_id)

    def test_another_debtors_plan_or_token_is_refused(self):
        response = self._choose(
            self.other_case,
            self.plan,
            {"method": "debit", "iban": IBAN},
            token=self.other_case.access_token,
        )
        self.assertEqual(response.status_code, 422)
        self.assertFalse(self.plan.portal_debit_iban)
        response = self._choose(
            self.case, self.plan, {"method": "debit", "iban": IBAN}, token="wrong"
        )
        self.assertNotEqual(response.status_code, 303)
        self.assertFalse(self.plan.portal_debit_iban)
        # extra posted fields are not read
        self._choose(
            self.case,
            self.plan,
            {"method": "debit", "iban": IBAN, "payment_method": "debit", "state": "running"},
        )
        self.assertEqual(self.plan.state, "draft")
        self.assertEqual(self.plan.payment_method, "transfer")


@tagged("post_install", "-at_install")
class TestDebtorSignsDebitInTheBrowser(DebitPortalCommon, HttpCase):
    """Choose debit, give the IBAN, read the mandate, sign, see the dates: desk, then phone."""

    def test_debtor_signs_the_mandate_in_the_browser(self):
        plan = self._proposed_plan()
        path = self.case.get_portal_url().removeprefix(self.case.get_base_url())
        self.start_tour(path, "debt_collection_portal_sign_debit", login=None)
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.payment_method, "debit")
        self.assertEqual(plan.mandate_id.state, "valid")


@tagged("post_install", "-at_install")
class TestDebtorSignsDebitOnAPhone(TestDebtorSignsDebitInTheBrowser):
    browser_size = "375x667"
