from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class DebtCollectionPortal(CustomerPortal):
    """The debtor's page, reached from the link and QR code printed on every letter.

    Read-only for now: what is due, how to pay, and the letter itself. Promises, plans,
    disputes and online payment arrive with the portal issue.
    """

    @http.route(["/my/debts/<int:case_id>"], type="http", auth="public", website=True)
    def portal_my_debt(self, case_id, access_token=None, report_type=None, download=False, **kw):
        try:
            case_sudo = self._document_check_access("debt.collection.case", case_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if case_sudo.is_closed:
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=case_sudo,
                report_type=report_type,
                report_ref="debt_collection.action_report_collection_letter",
                download=download,
            )
        return request.render(
            "debt_collection_portal.portal_debt_page",
            self._prepare_debt_page_values(case_sudo, access_token),
        )

    def _prepare_debt_page_values(self, case_sudo, access_token):
        """Values of the debtor's page; only the letter's allow-listed data (PO-2)."""
        lang = case_sudo.partner_id.lang or request.env.lang
        return {
            "case": case_sudo.with_context(lang=lang),
            "access_token": access_token,
            "page_name": "debt",
        }
