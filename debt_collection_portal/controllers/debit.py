"""The debtor's page: choosing direct debit for a proposed plan (then signing it as usual)."""

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from .portal import DEBTOR_REQUEST, DebtCollectionPortal


class DebtCollectionPortalDebit(DebtCollectionPortal):
    def _debt_collection_notice(self, code):
        if code == "plan_debit":
            return request.env._(
                "Direct debit chosen: read the mandate and sign the plan to accept both."
            )
        if code == "plan_transfer":
            return request.env._("Bank transfer chosen: sign the plan to accept it.")
        return super()._debt_collection_notice(code)

    @http.route(["/my/debts/<int:case_id>/plans/<int:plan_id>/payment"], **DEBTOR_REQUEST)
    def portal_debt_collection_plan_payment(self, case_id, plan_id, access_token=None, **post):
        """Reads only ``method`` and ``iban``; the plan must be one the debtor may sign."""

        def choose(case_sudo):
            plan_sudo = case_sudo._portal_get_plans().filtered(lambda plan: plan.id == plan_id)
            if not plan_sudo:
                raise ValidationError(
                    request.env._("This plan is not waiting for your signature.")
                )
            method = post.get("method")
            plan_sudo._portal_choose_payment(method, post.get("iban"))
            return "plan_debit" if method == "debit" else "plan_transfer"

        return self._debt_collection_submit(case_id, access_token, "plan_payment", choose)
