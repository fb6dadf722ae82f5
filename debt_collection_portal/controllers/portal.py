from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class DebtCollectionPortal(CustomerPortal):
    """The debtor's pages: the list of their cases (by login) and a case's page (by login or by
    the tokenised link printed on every letter), with the letters sent as PDFs.

    Every route turns its case into sudo through ``_document_check_access`` only; what a page
    shows is chosen by the model (``_portal_get_*``). Pages answer ``Cache-Control: no-store``:
    they hold a debtor's financial data and must not stay in a shared or browser cache.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "debt_collection_case_count" in counters:
            Case = request.env["debt.collection.case"]
            values["debt_collection_case_count"] = (
                Case.search_count(self._get_debt_collection_cases_domain())
                if Case.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------

    def _get_debt_collection_cases_domain(self):
        """The logged-in debtor's open cases (the record rule limits portal users already; this
        also keeps an internal user's /my/debts to their own debts)."""
        partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "=", partner.id), ("is_closed", "=", False)]

    def _debt_collection_check_access(self, case_id, access_token):
        """The case as sudo if the user may read it or the token is its own, else None."""
        try:
            case_sudo = self._document_check_access("debt.collection.case", case_id, access_token)
        except (AccessError, MissingError):
            return None
        if case_sudo.is_closed:  # its link was rotated on closing too (PO-7)
            return None
        return case_sudo

    def _debt_collection_page_lang(self, case_sudo):
        """A visitor who came by the letter's link reads the page in the letter's language
        (unless their browser already keeps one: the language selector's or an earlier visit's)."""
        lang = request.env["res.lang"]._get_code(case_sudo.partner_id.lang or "")
        chosen = request.httprequest.cookies.get("frontend_lang")
        if lang and not chosen and request.env.user._is_public():
            return lang
        return request.env.lang

    def _prepare_debt_collection_case_values(self, case_sudo, access_token, **kwargs):
        values = {
            "page_name": "debt_collection_case",
            "case": case_sudo,
            "invoices": case_sudo._portal_get_invoices(),
            "letters": case_sudo._portal_get_letters(),
            # the layout's logo, name and footer are the creditor's, not the server's company
            "res_company": case_sudo.company_id,
        }
        return self._get_page_view_values(
            case_sudo, access_token, values, "my_debt_collection_cases_history", False, **kwargs
        )

    def _debt_collection_no_store(self, response):
        response.headers["Cache-Control"] = "no-store"
        return response

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------

    @http.route(["/my/debts", "/my/debts/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_debt_collection_cases(self, page=1, **kw):
        Case = request.env["debt.collection.case"]
        domain = self._get_debt_collection_cases_domain()
        values = self._prepare_portal_layout_values()
        pager = portal_pager(
            url="/my/debts",
            total=Case.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        cases = Case.search(domain, limit=self._items_per_page, offset=pager["offset"])
        request.session["my_debt_collection_cases_history"] = cases.ids[:100]
        values.update({"cases": cases, "pager": pager, "page_name": "debt_collection_case"})
        response = request.render("debt_collection_portal.portal_my_debt_collection_cases", values)
        return self._debt_collection_no_store(response)

    @http.route(["/my/debts/<int:case_id>"], type="http", auth="public", website=True)
    def portal_debt_collection_case_page(self, case_id, access_token=None, **kw):
        case_sudo = self._debt_collection_check_access(case_id, access_token)
        if case_sudo is None:
            return request.redirect("/my")
        lang = self._debt_collection_page_lang(case_sudo)
        if lang != request.env.lang:
            request.update_context(lang=lang)
        case_sudo = case_sudo.with_context(lang=lang)
        values = self._prepare_debt_collection_case_values(case_sudo, access_token, **kw)
        response = request.render(
            "debt_collection_portal.portal_debt_collection_case_page", values
        )
        return self._debt_collection_no_store(response)

    @http.route(
        ["/my/debts/<int:case_id>/letters/<int:letter_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_debt_collection_case_letter(self, case_id, letter_id, access_token=None, **kw):
        """The PDF of a letter as it was sent (the attachment kept on its step)."""
        case_sudo = self._debt_collection_check_access(case_id, access_token)
        letter = case_sudo and case_sudo._portal_get_letters().filtered(
            lambda action: action.id == letter_id
        )
        if not letter:
            return request.redirect("/my")
        stream = request.env["ir.binary"]._get_stream_from(
            letter.attachment_id, default_mimetype="application/pdf"
        )
        download = str(kw.get("download", "")).lower() in ("1", "true")
        response = stream.get_response(as_attachment=download)
        return self._debt_collection_no_store(response)
