"""The creditor's pages (agency mode): its portfolio, recoveries, statements, approvals."""

import re
from datetime import date

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.res_partner import PORTFOLIO_FILTERS, PORTFOLIO_ORDERS, PORTFOLIO_SEARCH_IN
from .portal import DebtCollectionPortal

# The creditor's pages and decisions (form POSTs with CSRF): logged-in portal users only
CREDITOR_PAGE = {"type": "http", "methods": ["GET"], "auth": "user", "website": True}
CREDITOR_DECISION = {"type": "http", "methods": ["POST"], "auth": "user", "website": True}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class DebtCollectionPortfolio(DebtCollectionPortal):
    """The creditor's pages (agency mode): ``/my/portfolio`` lists its cases, what was
    recovered by month, its remittance statements and monthly statements, and the plans
    waiting for its approval.

    Every route starts from ``_debt_collection_creditor()``: the logged-in portal user's own
    commercial partner when it is a creditor under mandate; any other visitor is sent to
    ``/my`` with nothing of the portfolio. What a page shows and what a decision does is
    decided by the models (``res.partner._portal_*``, ``debt.collection.plan._portal_*``),
    which keep to that creditor's cases.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "debt_collection_portfolio_count" in counters:
            creditor = request.env["res.partner"]._portal_get_creditor()
            values["debt_collection_portfolio_count"] = (
                creditor._portal_portfolio_search(
                    creditor._portal_portfolio_domain("open"), count=True
                )
                if creditor
                else 0
            )
        return values

    def _debt_collection_creditor(self):
        return request.env["res.partner"]._portal_get_creditor()

    def _debt_collection_portfolio_searchbar(self):
        env = request.env
        return {
            "searchbar_sortings": {
                "residual": {"label": env._("Amount Due")},
                "newest": {"label": env._("Newest")},
                "name": {"label": env._("Reference")},
            },
            "searchbar_filters": {
                "all": {"label": env._("All")},
                "open": {"label": env._("Open")},
                "agreement": {"label": env._("Promise or Plan Running")},
                "disputed": {"label": env._("Disputed")},
                "closed": {"label": env._("Closed")},
            },
            "searchbar_inputs": {
                "all": {"input": "all", "label": env._("Search in All")},
                "name": {"input": "name", "label": env._("Search in Case")},
                "debtor": {"input": "debtor", "label": env._("Search in Debtor")},
                "reference": {"input": "reference", "label": env._("Search in Your Reference")},
            },
        }

    def _debt_collection_portfolio_notice(self, code):
        notices = {
            "approved": request.env._("The plan is approved: it runs from now on."),
            "rejected": request.env._(
                "The plan is rejected: your consultant will propose another."
            ),
        }
        return notices.get(code, "")

    def _prepare_debt_collection_portfolio_values(
        self, creditor, page=1, sortby=None, filterby=None, search_in=None, search=None, **kw
    ):
        sortby = sortby if sortby in PORTFOLIO_ORDERS else "residual"
        filterby = filterby if filterby in PORTFOLIO_FILTERS else "open"
        search_in = search_in if search_in in PORTFOLIO_SEARCH_IN else "all"
        search = (search or "").strip()[:100]
        domain = creditor._portal_portfolio_domain(filterby, search_in, search)
        total = creditor._portal_portfolio_search(domain, count=True)
        pager = portal_pager(
            url="/my/portfolio",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search_in": search_in,
                "search": search,
            },
            total=total,
            page=page,
            step=self._items_per_page,
        )
        cases_sudo = creditor._portal_portfolio_search(
            domain,
            order=PORTFOLIO_ORDERS[sortby],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "debt_collection_portfolio",
                "creditor": creditor,
                # the layout's name and footer are the agency's (the user's company)
                "res_company": request.env.user.company_id,
                "rows": creditor._portal_portfolio_rows(cases_sudo),
                "summary": creditor._portal_portfolio_summary(),
                "plans": creditor._portal_plans_to_approve(),
                "recovered": creditor._portal_recovered_by_month(),
                "remittances": creditor._portal_remittances(),
                "statements": creditor._portal_statement_periods(),
                "pager": pager,
                "default_url": "/my/portfolio",
                "sortby": sortby,
                "filterby": filterby,
                "search_in": search_in,
                "search": search,
                "notice": self._debt_collection_portfolio_notice(kw.get("notice")),
                "form_error": kw.get("form_error"),
                "form_plan_id": kw.get("form_plan_id"),
                **self._debt_collection_portfolio_searchbar(),
            }
        )
        return values

    def _debt_collection_render_portfolio(self, creditor, status=200, **kw):
        values = self._prepare_debt_collection_portfolio_values(creditor, **kw)
        response = request.render(
            "debt_collection_portal.portal_my_debt_collection_portfolio", values, status=status
        )
        return self._debt_collection_no_store(response)

    def _debt_collection_file(self, content, filename, mimetype):
        response = request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
        return self._debt_collection_no_store(response)

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------

    @http.route(["/my/portfolio", "/my/portfolio/page/<int:page>"], **CREDITOR_PAGE)
    def portal_my_debt_collection_portfolio(
        self, page=1, sortby=None, filterby=None, search_in=None, search=None, **kw
    ):
        creditor = self._debt_collection_creditor()
        if not creditor:
            return request.redirect("/my")
        return self._debt_collection_render_portfolio(
            creditor,
            page=page,
            sortby=sortby,
            filterby=filterby,
            search_in=search_in,
            search=search,
            notice=kw.get("notice"),
        )

    @http.route(["/my/portfolio/<int:case_id>"], **CREDITOR_PAGE)
    def portal_debt_collection_portfolio_case(self, case_id, **kw):
        creditor = self._debt_collection_creditor()
        case_sudo = creditor and creditor._portal_portfolio_case(case_id)
        if not case_sudo:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "debt_collection_portfolio",
                "creditor": creditor,
                "res_company": request.env.user.company_id,
                "portfolio_case": creditor._portal_portfolio_case_values(case_sudo),
            }
        )
        response = request.render(
            "debt_collection_portal.portal_debt_collection_portfolio_case", values
        )
        return self._debt_collection_no_store(response)

    @http.route(["/my/portfolio/remittances/<int:remittance_id>/<string:kind>"], **CREDITOR_PAGE)
    def portal_debt_collection_remittance(self, remittance_id, kind, **kw):
        """A remittance statement as the agency produced it (PDF or XLSX)."""
        creditor = self._debt_collection_creditor()
        remittance_sudo = creditor and creditor._portal_remittance(remittance_id)
        if not remittance_sudo or kind not in ("pdf", "xlsx"):
            return request.redirect("/my")
        if kind == "xlsx":
            attachment = remittance_sudo.xlsx_attachment_id
            if not attachment:
                return request.redirect("/my/portfolio")
            return self._debt_collection_file(attachment.raw, attachment.name, attachment.mimetype)
        # rendered in the environment of the remittance checked above (no other sudo); a
        # remitted period's PDF is kept and served as it was first printed
        pdf, _type = (
            remittance_sudo.env["ir.actions.report"]
            .with_context(lang=creditor.lang or request.env.lang)
            ._render_qweb_pdf(
                "debt_collection.action_report_remittance_statement", remittance_sudo.ids
            )
        )
        name = f"{remittance_sudo.name.replace('/', '-')}.pdf"
        return self._debt_collection_file(pdf, name, "application/pdf")

    @http.route(
        ["/my/portfolio/statements/<int:company_id>/<string:month>/<string:kind>"], **CREDITOR_PAGE
    )
    def portal_debt_collection_statement(self, company_id, month, kind, **kw):
        """The monthly statement of the creditor's portfolio (PDF or XLSX)."""
        creditor = self._debt_collection_creditor()
        match = MONTH.match(month or "")
        first = None
        if match and 1 <= int(match.group(2)) <= 12:
            first = date(int(match.group(1)), int(match.group(2)), 1)
        statement = creditor and first and creditor._portal_statement(company_id, first, kind)
        if not statement:
            return request.redirect("/my")
        return self._debt_collection_file(*statement)

    # ------------------------------------------------------------------
    # Decisions (POST with CSRF; the form names the decision and a note, nothing else)
    # ------------------------------------------------------------------

    @http.route(["/my/portfolio/plans/<int:plan_id>/decide"], **CREDITOR_DECISION)
    def portal_debt_collection_plan_decide(self, plan_id, **post):
        creditor = self._debt_collection_creditor()
        plan_sudo = creditor and creditor._portal_plan_to_approve(plan_id)
        if not plan_sudo:
            return request.redirect("/my")
        decision = post.get("decision")
        if decision not in ("approve", "reject"):
            return request.redirect("/my/portfolio")
        try:
            with request.env.cr.savepoint():
                plan_sudo._portal_creditor_decide(
                    creditor, decision == "approve", post.get("note")
                )
        except (ValidationError, UserError) as error:
            return self._debt_collection_render_portfolio(
                creditor, status=422, form_error=error.args[0], form_plan_id=plan_sudo.id
            )
        notice = "approved" if decision == "approve" else "rejected"
        return request.redirect(f"/my/portfolio?notice={notice}#debt_plans")
