"""The debtor's page and the letters on it, over HTTP: by the letter's link (token) or by login,
and refused to everyone else (PO-1, PO-2, PO-7)."""

import base64
import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import DebtCollectionPortalCommon

# a 1x1 PNG: a company logo of its own
LOGO = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
    )
)


@tagged("post_install", "-at_install", "dc_security")
class TestDebtPage(DebtCollectionPortalCommon, HttpCase):
    def _page(self, case_id, token=None, suffix="", **params):
        query = "&".join(f"{key}={value}" for key, value in params.items())
        url = f"/my/debts/{case_id}{suffix}?access_token={token or ''}&{query}"
        return self.url_open(url, allow_redirects=False)

    def _letter(self, case_id, letter_id, token=None, **params):
        return self._page(case_id, token, suffix=f"/letters/{letter_id}", **params)

    def assertRefused(self, response):
        # the page that says the link is no longer valid, not a silent redirect to the login
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Location", response.headers)
        self.assertIn("This link is no longer valid", response.text)
        for secret in (self.case.name, self.other_case.name, "1,234.00", "%PDF"):
            self.assertNotIn(secret, response.text)

    # ------------------------------------------------------------------
    # By the letter's link
    # ------------------------------------------------------------------

    def test_letter_link_is_the_tokenised_page_of_the_portal_addon(self):
        self.assertEqual(self.case.access_url, f"/my/debts/{self.case.id}")
        url = self.case._get_letter_portal_url()
        self.assertEqual(
            url,
            f"{self.case.get_base_url()}/my/debts/{self.case.id}"
            f"?access_token={self.case.access_token}",
        )

    def test_right_token_shows_what_is_due_and_the_letters_sent(self):
        response = self._page(self.case.id, self.case.access_token)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.case.name, response.text)
        self.assertIn(self.invoice.name, response.text)
        self.assertIn("1,234.00", response.text)
        self.assertIn(f"/my/debts/{self.case.id}/letters/{self.letter.id}", response.text)
        self.assertIn("Download the letter (PDF)", response.text)
        # nothing of the other debtor
        self.assertNotIn(self.debtor2.name, response.text)
        self.assertNotIn(self.other_case.name, response.text)
        self.assertNotIn(f"/letters/{self.other_letter.id}", response.text)

    def test_page_carries_the_case_company_not_the_server_company(self):
        response = self._page(self.case.id, self.case.access_token)
        self.assertEqual(response.status_code, 200)
        main_company = self.env.ref("base.main_company")
        self.assertNotEqual(main_company, self.company)
        self.assertNotIn(main_company.name, response.text)
        # no logo of its own: its name in the header, never the "Your logo" placeholder
        self.assertTrue(self.company.uses_default_logo)
        self.assertNotIn("/logo.png?company=", response.text)
        self.assertRegex(
            response.text,
            rf"(?s)Copyright.{{0,60}}<span[^>]*>{re.escape(self.company.name)}</span>",
        )
        self.assertGreaterEqual(response.text.count(self.company.name), 2)

    def test_page_shows_the_company_logo_when_it_has_one(self):
        self.company.logo = LOGO
        self.assertFalse(self.company.uses_default_logo)
        # the header is cached per company and write date: one transaction keeps the date
        response = self._page(self.case.id, self.case.access_token, debug="disable-t-cache")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/logo.png?company={self.company.id}", response.text)

    def test_pages_with_financial_data_are_never_cached(self):
        response = self._page(self.case.id, self.case.access_token)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        response = self._letter(self.case.id, self.letter.id, self.case.access_token)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open("/my/debts", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")

    def test_page_is_in_the_debtor_language_for_a_visitor(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.debtor.lang = "es_ES"
        response = self._page(self.case.id, self.case.access_token)
        self.assertEqual(response.status_code, 200)
        # Spanish numbers and dates, whatever the visitor's browser says
        self.assertIn("1.234,00", response.text)
        self.assertIn(self.invoice.invoice_date_due.strftime("%d/%m/%Y"), response.text)

    def _italian_debtor_with_a_spanish_browser(self):
        for lang in ("es_ES", "it_IT"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            ["debt_collection_portal"], ["es_ES", "it_IT"]
        )
        self.env["ir.default"].set("res.partner", "lang", "es_ES")  # the company's default
        self.debtor.lang = "it_IT"

    def _assert_italian(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertIn("Totale dovuto", response.text)
        self.assertNotIn("Total adeudado", response.text)
        # the frontend JS (the signature dialog) loads its translations in the page's <html lang>
        self.assertRegex(response.text, r'<html[^>]* lang="it-IT"')
        cookies = response.headers.get("Set-Cookie", "")
        self.assertNotIn("frontend_lang=es_ES", cookies)

    def test_page_stays_in_the_debtor_language_whatever_the_browser_cookie(self):
        """An Italian debtor whose browser keeps a Spanish cookie (the site's default, set by an
        earlier visit) reads the page in Italian, the first time and the next."""
        self._italian_debtor_with_a_spanish_browser()
        for _visit in range(2):
            self.opener.cookies.set("frontend_lang", "es_ES")
            self._assert_italian(self._page(self.case.id, self.case.access_token))

    def test_logged_in_debtor_reads_the_page_in_their_language_whatever_the_cookie(self):
        self._italian_debtor_with_a_spanish_browser()
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.opener.cookies.set("frontend_lang", "es_ES")
        self._assert_italian(self._page(self.case.id))

    def test_unknown_letter_of_a_known_case_is_refused_in_the_debtor_language(self):
        self._italian_debtor_with_a_spanish_browser()
        self.opener.cookies.set("frontend_lang", "es_ES")
        response = self._letter(self.case.id, self.other_letter.id, self.case.access_token)
        self.assertEqual(response.status_code, 404)
        self.assertRegex(response.text, r'<html[^>]* lang="it-IT"')
        self.assertNotIn("frontend_lang=es_ES", response.headers.get("Set-Cookie", ""))

    def test_a_promise_reads_amount_on_its_date_in_the_debtor_language(self):
        """A promise is to pay on a day: "243,06 € el 02/12/2026", never "por 02/12/2026"."""
        when = fields.Date.today() + timedelta(days=20)
        self.env["debt.collection.promise"].create(
            {"case_id": self.case.id, "amount": 243.06, "date_promised": when}
        )
        for lang, word, wrong in (("es_ES", "el", "por"), ("it_IT", "il", "da")):
            with self.subTest(lang=lang):
                self.env["res.lang"]._activate_lang(lang)
                self.env["ir.module.module"]._load_module_terms(["debt_collection_portal"], [lang])
                self.debtor.lang = lang
                self.opener.cookies.clear()  # a visitor with no language chosen yet
                page = self._page(self.case.id, self.case.access_token).text
                day = when.strftime("%d/%m/%Y")
                promise = r"243,06</span>[^<]*</span>\s*{}\s*<span[^>]*>" + day
                self.assertRegex(page, promise.format(word))
                self.assertNotRegex(page, promise.format(wrong))

    def test_the_total_comes_first_and_the_conversation_last(self):
        """On a phone the columns stack in the page's order: the total due must come before
        the invoices and the requests, the conversation after everything else."""
        self.env["debt.collection.promise"].create(
            {
                "case_id": self.case.id,
                "amount": 100.0,
                "date_promised": fields.Date.today() + timedelta(days=20),
            }
        )
        page = self._page(self.case.id, self.case.access_token).text
        total = page.index("o_debt_collection_amount_due")
        conversation = page.index("o_debt_collection_conversation")
        for part in ("o_debt_collection_pay_form", "o_debt_collection_promise_form"):
            self.assertLess(total, page.index(part), part)
        for part in (
            "o_debt_collection_amount_due",
            "o_debt_collection_promise_form",
            "o_debt_collection_message_form",
            "o_debt_collection_promises",
            "o_debt_collection_letters",
        ):
            self.assertLess(page.index(part), conversation, part)

    def test_no_token_wrong_token_or_other_case_are_refused(self):
        for case_id, token in (
            (self.case.id, None),
            (self.case.id, "not-the-token"),
            (self.case.id, self.other_case.access_token),
            (self.other_case.id, self.case.access_token),
            (self.case.id + 1, self.case.access_token),
            (self.case.id - 1, self.case.access_token),
            (self.case.id + 1000, self.case.access_token),
        ):
            with self.subTest(case_id=case_id, token=token):
                self.assertRefused(self._page(case_id, token))
                self.assertRefused(self._letter(case_id, self.letter.id, token))

    def test_closing_the_case_kills_the_old_link(self):
        token = self.case.access_token
        self.case._close("paid", "paid")
        self.assertNotEqual(self.case.access_token, token)
        self.assertRefused(self._page(self.case.id, token))
        self.assertRefused(self._letter(self.case.id, self.letter.id, token))

    def test_an_old_or_wrong_link_says_so_and_how_to_reach_us(self):
        """A visitor with the link of a closed case (or a mistyped one) is told the link is no
        longer valid and given a phone and an e-mail, without the case's own data."""
        server_company = self.env.ref("base.main_company")
        server_company.write({"phone": "+34 910 000 111", "email": "info@agency.example"})
        token = self.case.access_token
        self.case._close("paid", "paid")
        for token_used in (token, token[:-1]):
            with self.subTest(token=token_used):
                response = self._page(self.case.id, token_used)
                self.assertRefused(response)
                self.assertEqual(response.headers.get("Cache-Control"), "no-store")
                self.assertIn("+34 910 000 111", response.text)
                self.assertIn("mailto:info@agency.example", response.text)
                self.assertIn("/web/login?redirect=/my/debts", response.text)
                self.assertNotIn(self.company.name, response.text)

    def test_wrong_link_names_the_same_company_in_header_and_footer(self):
        """A visitor not logged in, with an unknown case: the header and the footer both name
        the server's company as it is now. Odoo caches the header per company and write date
        (a rename keeps the date within one transaction, as renaming the company's partner
        does) and the footer with no company at all (it named the company of whichever page was
        rendered first: here the case's)."""
        server_company = self.env.ref("base.main_company")
        server_company.write({"name": "My Company", "logo": False})
        self.assertTrue(server_company.uses_default_logo)
        self.assertRefused(self._page(999999, "bad"))
        server_company.name = "Cobros Mediterráneo S.L."
        self.assertEqual(self._page(self.case.id, self.case.access_token).status_code, 200)
        response = self._page(999999, "bad")
        self.assertRefused(response)
        header = re.search(r"(?s)<header.*?</header>", response.text).group(0)
        self.assertIn("Cobros Mediterráneo S.L.", header)
        self.assertRegex(
            response.text, r"(?s)Copyright.{0,60}<span[^>]*>Cobros Mediterráneo S.L.</span>"
        )
        self.assertNotIn("My Company", response.text)
        self.assertNotIn(self.company.name, response.text)

    def test_consultant_revokes_the_link(self):
        token = self.case.access_token
        self.case.with_user(self.consultant).action_portal_revoke_link()
        self.assertNotEqual(self.case.access_token, token)
        self.assertRefused(self._page(self.case.id, token))
        self.assertRefused(self._letter(self.case.id, self.letter.id, token))
        self.assertEqual(self._page(self.case.id, self.case.access_token).status_code, 200)
        # not the debtor: a portal user cannot revoke (nor change) it
        with self.assertRaises(AccessError):
            self.case.with_user(self.portal_user).action_portal_revoke_link()

    # ------------------------------------------------------------------
    # The letter as sent
    # ------------------------------------------------------------------

    def test_letter_download_serves_the_pdf_that_was_sent(self):
        response = self._letter(self.case.id, self.letter.id, self.case.access_token, download=1)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertEqual(response.content, self.letter.attachment_id.raw)
        # shown in the browser when not asked to download
        response = self._letter(self.case.id, self.letter.id, self.case.access_token)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("attachment", response.headers.get("Content-Disposition", ""))

    def test_the_old_letter_stays_the_same_when_the_case_moves_on(self):
        sent = self.letter.attachment_id.raw
        later_stage = self.strategy.stage_ids.filtered(lambda s: s.action_type == "letter")[-1]
        self.case.stage_id = later_stage
        response = self._letter(self.case.id, self.letter.id, self.case.access_token)
        self.assertEqual(response.content, sent)

    def test_another_case_letter_is_refused_with_this_case_token(self):
        for letter_id in (self.other_letter.id, self.letter.id + 1, self.letter.id - 1, 0):
            with self.subTest(letter_id=letter_id):
                self.assertRefused(self._letter(self.case.id, letter_id, self.case.access_token))

    def test_unsent_letter_is_not_offered(self):
        self.letter._log_update({"result": "failed"})
        response = self._page(self.case.id, self.case.access_token)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(f"/letters/{self.letter.id}", response.text)
        self.assertRefused(self._letter(self.case.id, self.letter.id, self.case.access_token))

    def test_old_report_link_no_longer_renders_today_letter(self):
        """The page used to re-render the letter with today's stage (and answered 500 for the
        PDF); it now shows the page, whatever report was asked for."""
        response = self._page(self.case.id, self.case.access_token, report_type="pdf", download=1)
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/html", response.headers["Content-Type"])

    # ------------------------------------------------------------------
    # By login
    # ------------------------------------------------------------------

    def test_portal_user_lists_and_opens_own_debts_without_token(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open("/my/debts", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.case.name, response.text)
        self.assertNotIn(self.other_case.name, response.text)
        response = self.url_open(f"/my/debts/{self.case.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn("1,234.00", response.text)
        response = self._letter(self.case.id, self.letter.id)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, self.letter.attachment_id.raw)

    def test_portal_user_cannot_open_another_debtor_case(self):
        """The IDOR case: a logged-in debtor trying ids of other cases and letters."""
        self.authenticate(self.portal_user.login, self.portal_user.login)
        for case_id in (self.other_case.id, self.case.id + 1, self.case.id - 1):
            with self.subTest(case_id=case_id):
                self.assertRefused(self._page(case_id))
                self.assertRefused(self._letter(case_id, self.other_letter.id))
        self.assertRefused(self._letter(self.case.id, self.other_letter.id))

    def test_portal_home_counts_own_debts(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["debt_collection_case_count"]}
        )
        self.assertEqual(counters["debt_collection_case_count"], 1)
        response = self.url_open("/my")
        self.assertIn('href="/my/debts"', response.text)
