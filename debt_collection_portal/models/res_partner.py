"""The creditor's window on its portfolio: what its portal users see and download."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_date

# What a creditor's page may show of a debtor: the name only (PO-3). Everything the page shows
# goes through ``_portal_portfolio_rows`` / ``_portal_portfolio_case_values``, which read these
# and nothing else.
PORTFOLIO_DEBTOR_FIELDS = ("name",)
# The portfolio's filters: label and domain of each (the page offers these only)
PORTFOLIO_FILTERS = ("all", "open", "agreement", "disputed", "closed")
# What the search box searches in
PORTFOLIO_SEARCH_IN = ("all", "name", "debtor", "reference")
# The portfolio's sort orders
PORTFOLIO_ORDERS = {
    "residual": "amount_residual desc, id desc",
    "newest": "date_open desc, id desc",
    "name": "name, id",
}
# Steps that were not taken (the page's "last action" is a step that happened)
NOT_TAKEN = ("skipped", "scheduled", "failed")


class ResPartner(models.Model):
    """The creditor's window on its portfolio (agency mode): what the creditor's portal users
    see on ``/my/portfolio`` and may download.

    The creditor is always the logged-in portal user's own commercial partner
    (``_portal_get_creditor``); every read below is limited to cases whose ``creditor_id`` is
    that partner, in the user's companies. A creditor's portal user has no access right on the
    cases themselves (so nothing of them over RPC): these methods read them as the superuser
    within that domain, and return only the allow-listed values.
    """

    _inherit = "res.partner"

    @api.model
    def _portal_get_creditor(self):
        """The creditor whose portfolio the current user may see: their commercial partner,
        when it holds a mandate with one of the user's companies; else an empty recordset.
        Portal users only (AC-6): internal users have the back office."""
        user = self.env.user
        creditor = user.partner_id.commercial_partner_id
        if user._is_public() or not user.share or not user.has_group("base.group_portal"):
            return self.browse()
        # sudo: a portal user reads no mandate; this only asks whether theirs exists
        mandates = (
            self.env["debt.collection.mandate"]
            .sudo()
            .search_count(
                [
                    ("creditor_id", "=", creditor.id),
                    ("company_id", "in", user.company_ids.ids),
                    ("state", "!=", "draft"),
                ],
                limit=1,
            )
        )
        return creditor if mandates else self.browse()

    def _portal_portfolio_company_ids(self):
        return self.env.user.company_ids.ids

    def _portal_creditor_domain(self, creditor_field="creditor_id"):
        """The leaves every search of this creditor's records starts with: its own
        (``creditor_field`` leads to it), in the companies its user works with."""
        self.ensure_one()
        return [
            (creditor_field, "=", self.id),
            ("company_id", "in", self._portal_portfolio_company_ids()),
        ]

    def _portal_portfolio_domain(self, filterby="all", search_in="all", search=""):
        """This creditor's cases, filtered and searched as the page asks."""
        self.ensure_one()
        domain = self._portal_creditor_domain()
        filters = {
            "open": [("is_closed", "=", False)],
            "agreement": [("state", "in", ("promise", "plan"))],
            "disputed": [("state", "=", "disputed")],
            "closed": [("is_closed", "=", True)],
        }
        domain += filters.get(filterby, [])
        search = (search or "").strip()[:100]
        if search:
            by_field = {
                "name": [("name", "ilike", search)],
                "debtor": [("partner_id.name", "ilike", search)],
                "reference": [("invoice_ids.ref", "ilike", search)],
            }
            if search_in in by_field:
                domain += by_field[search_in]
            else:
                domain += ["|", "|"] + [leaf for part in by_field.values() for leaf in part]
        return domain

    def _portal_portfolio_search(self, domain, order=None, limit=None, offset=0, count=False):
        """Cases of ``domain`` (built by ``_portal_portfolio_domain``: this creditor's only)."""
        self.ensure_one()
        if not domain or domain[0] != ("creditor_id", "=", self.id):
            raise ValueError("A portfolio domain starts with its creditor")
        # sudo: the creditor's user has no right on cases; the domain keeps to its own
        Case = self.env["debt.collection.case"].sudo()
        if count:
            return Case.search_count(domain)
        return Case.search(
            domain, order=order or PORTFOLIO_ORDERS["residual"], limit=limit, offset=offset
        )

    def _portal_portfolio_case(self, case_id):
        """One case of this creditor's portfolio (as sudo), or an empty recordset."""
        self.ensure_one()
        try:
            case_id = int(case_id)
        except (TypeError, ValueError):
            case_id = 0
        return self._portal_portfolio_search(
            self._portal_portfolio_domain() + [("id", "=", case_id)], limit=1
        )

    def _portal_portfolio_rows(self, cases_sudo):
        """The list's lines: allow-listed values of each case, with its last step."""
        self.ensure_one()
        cases_sudo = cases_sudo.filtered(lambda case: case.creditor_id == self)
        last = self._portal_last_steps(cases_sudo)
        states = dict(cases_sudo._fields["state"]._description_selection(self.env))
        return [
            {
                "id": case.id,
                "name": case.name,
                "debtor": case.partner_id.name,
                "references": ", ".join(ref for ref in case.invoice_ids.mapped("ref") if ref),
                "stage": case.stage_id.name or "",
                "state": states.get(case.state, ""),
                "is_closed": case.is_closed,
                "amount_residual": case.amount_residual,
                "amount_recovered": case.amount_recovered,
                "currency": case.currency_id,
                "last_step": last.get(case.id),
                "next_step": case.next_stage_id.name or "",
                "next_date": case.next_action_date
                and format_date(self.env, case.next_action_date),
                "url": f"/my/portfolio/{case.id}",
            }
            for case in cases_sudo
        ]

    def _portal_portfolio_case_values(self, case_sudo):
        """A case of the portfolio as its page shows it: the list's values, the last steps
        taken, and the promises and plans with their fate (no note, no message)."""
        self.ensure_one()
        case_sudo.ensure_one()
        if case_sudo.creditor_id != self:
            raise ValueError("Not a case of this creditor")
        [row] = self._portal_portfolio_rows(case_sudo)
        steps = case_sudo.action_ids.filtered(
            lambda action: action.result not in NOT_TAKEN
        ).sorted(lambda action: (action.date, action.id), reverse=True)[:20]
        promise_states = dict(
            self.env["debt.collection.promise"]._fields["state"]._description_selection(self.env)
        )
        plan_states = dict(
            self.env["debt.collection.plan"]._fields["state"]._description_selection(self.env)
        )
        return {
            **row,
            "amount_original": case_sudo.amount_original,
            "date_open": format_date(self.env, case_sudo.date_open),
            "steps": [self._portal_step_label(action) for action in steps],
            "promises": [
                {
                    "amount": promise.amount,
                    "date": format_date(self.env, promise.date_promised),
                    "state": promise_states.get(promise.state, ""),
                }
                for promise in case_sudo.promise_ids.filtered(lambda p: p.state != "cancelled")
            ],
            "plans": [
                {
                    "name": plan.name,
                    "amount": plan.amount_total,
                    "count": len(plan.line_ids),
                    "state": plan_states.get(plan.state, ""),
                    "creditor_note": plan.creditor_decision_note or "",
                }
                for plan in case_sudo.plan_ids.filtered(
                    lambda p: p.state != "draft" or p.creditor_decision
                )
            ],
        }

    def _portal_last_steps(self, cases_sudo):
        """{case id: "date - step"} of the last step taken on each case (one query)."""
        if not cases_sudo:
            return {}
        Action = self.env["debt.collection.action"].sudo()
        Action.flush_model(["case_id", "date", "result", "channel", "stage_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT ON (case_id) case_id, id
                  FROM debt_collection_action
                 WHERE case_id IN %s AND result NOT IN %s
                 ORDER BY case_id, date DESC, id DESC
                """,
                tuple(cases_sudo.ids),
                NOT_TAKEN,
            )
        )
        actions = Action.browse([row[1] for row in rows])
        return {action.case_id.id: self._portal_step_label(action) for action in actions}

    def _portal_step_label(self, action):
        channels = dict(action._fields["channel"]._description_selection(self.env))
        results = dict(action._fields["result"]._description_selection(self.env))
        what = action.stage_id.name or channels.get(action.channel, "")
        return self.env._(
            "%(date)s - %(what)s (%(result)s)",
            date=format_date(self.env, fields.Datetime.context_timestamp(action, action.date)),
            what=what,
            result=results.get(action.result, ""),
        )

    def _portal_portfolio_summary(self):
        """Counts and amounts of the whole portfolio (the page's head)."""
        self.ensure_one()
        # sudo: as _portal_portfolio_search, within this creditor's cases
        Case = self.env["debt.collection.case"].sudo()
        [[count, residual]] = Case._read_group(
            self._portal_portfolio_domain("open"), [], ["__count", "amount_residual:sum"]
        )
        [[collected, direct]] = self._portal_collected_lines()._read_group(
            self._portal_collected_domain(), [], ["amount_collected:sum", "amount_direct:sum"]
        )
        return {
            "open_count": count,
            # (sums of nothing, for a creditor whose first debts are still to come)
            "amount_residual": residual or 0.0,
            "amount_recovered": (collected or 0.0) + (direct or 0.0),
            "currency": self.env.user.company_id.currency_id,
        }

    def _portal_collected_lines(self):
        # sudo: the remittance lines of this creditor only (_portal_collected_domain)
        return self.env["debt.collection.remittance.line"].sudo()

    def _portal_collected_domain(self):
        """What was recovered for this creditor, as its remittance statements count it: the
        payments into the agency's client account (less reversals) and those made to the
        creditor directly, whether or not a case was opened on the debt."""
        return [*self._portal_creditor_domain(), ("kind", "!=", "fee")]

    def _portal_recovered_by_month(self, months=12, today=None):
        """[{month, label, amount}] recovered for this creditor, the last ``months`` months,
        oldest first (months with nothing recovered included)."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        first = today.replace(day=1) - relativedelta(months=months - 1)
        # the remittances' periods: a payment reconciled after its month was remitted is in
        # the next one (debt.collection.remittance.line._recovered_by_month)
        by_month = self._portal_collected_lines()._recovered_by_month(
            self._portal_collected_domain(), today
        )
        amounts = {month.strftime("%Y-%m"): amount for month, amount in by_month.items()}
        rows = []
        for index in range(months):
            month = first + relativedelta(months=index)
            rows.append(
                {
                    "month": month,
                    "label": format_date(self.env, month, date_format="MMMM y"),
                    "amount": amounts.get(month.strftime("%Y-%m"), 0.0),
                }
            )
        # from the first month anything was recovered (the last three at least)
        while len(rows) > 3 and not rows[0]["amount"]:
            rows.pop(0)
        return rows

    def _portal_remittances(self):
        """This creditor's remittances that are done (their statements are final)."""
        self.ensure_one()
        # sudo: a creditor's user reads no remittance; these are its own, remitted ones
        Remittance = self.env["debt.collection.remittance"].sudo()
        return Remittance.search([*self._portal_creditor_domain(), ("state", "=", "done")])

    def _portal_remittance(self, remittance_id):
        self.ensure_one()
        return self._portal_remittances().filtered(lambda r: r.id == remittance_id)

    def _portal_statement_periods(self, months=12, today=None):
        """[(company, first day of month)] of the monthly statements offered: the months
        ended of the last year, in each company holding this creditor's mandate."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        # sudo: see _portal_get_creditor
        Mandate = self.env["debt.collection.mandate"].sudo()
        mandates = Mandate.search([*self._portal_creditor_domain(), ("state", "!=", "draft")])
        periods = []
        last = today.replace(day=1) - relativedelta(months=1)
        for company in mandates.company_id:
            start = min(
                mandates.filtered(lambda m, c=company: m.company_id == c).mapped("date_start")
            ).replace(day=1)
            for index in range(months):
                month = last - relativedelta(months=index)
                if month < start:
                    break
                periods.append((company, month))
        return periods

    def _portal_statement(self, company_id, month, kind):
        """The monthly statement (issue 16's, the same PDF and XLSX managers send) of this
        creditor: ``(content, file name, mimetype)``, or None for a period not offered."""
        self.ensure_one()
        period = next(
            (
                (company, first)
                for company, first in self._portal_statement_periods()
                if company.id == company_id and first == month
            ),
            None,
        )
        if not period or kind not in ("pdf", "xlsx"):
            return None
        company, first = period
        # sudo: the statement of this creditor only (its creditor_ids), for a period offered
        Statement = (
            self.env["debt.collection.creditor.statement"]
            .sudo()
            .with_context(lang=self.lang or self.env.lang, allowed_company_ids=[company.id])
        )
        name = self.env._(
            "Statement %(creditor)s %(month)s", creditor=self.name, month=first.strftime("%Y-%m")
        )
        if kind == "xlsx":
            values = Statement._statement_values(company, self, first)
            return (
                Statement._xlsx_content([values]),
                f"{name}.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        statement = Statement.create(
            {"company_id": company.id, "month": first, "creditor_ids": [(6, 0, self.ids)]}
        )
        pdf, _kind = Statement.env["ir.actions.report"]._render_qweb_pdf(
            "debt_collection.debt_collection_creditor_statement_report", statement.ids
        )
        return pdf, f"{name}.pdf", "application/pdf"

    def _portal_plans_to_approve(self):
        """Plans of this creditor's cases waiting for its approval (above the agency's
        settlement authority)."""
        self.ensure_one()
        # sudo: plans of this creditor's open cases that wait for this creditor only
        return (
            self.env["debt.collection.plan"]
            .sudo()
            .search(
                [
                    *self._portal_creditor_domain("case_id.creditor_id"),
                    ("state", "=", "to_approve"),
                    ("approval_by", "=", "creditor"),
                ],
                order="id",
            )
        )

    def _portal_plan_to_approve(self, plan_id):
        self.ensure_one()
        return self._portal_plans_to_approve().filtered(lambda plan: plan.id == plan_id)
