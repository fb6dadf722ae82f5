"""Negotiation on the case: promises and plans take it off the ladder and bring it back."""

from odoo import fields, models

from ..tools.actions import related_action, window_action
from ..tools.counts import counts_by
from .debt_collection_case import CLOSED_STATES


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    promise_kept_count = fields.Integer(
        related="partner_id.collection_promise_kept_count", string="Promises Kept"
    )
    promise_broken_count = fields.Integer(
        related="partner_id.collection_promise_broken_count", string="Promises Broken"
    )
    promise_count = fields.Integer(compute="_compute_negotiation_counts")
    plan_count = fields.Integer(compute="_compute_negotiation_counts")

    def _compute_negotiation_counts(self):
        promises = counts_by(self, "debt.collection.promise", "case_id")
        plans = counts_by(self, "debt.collection.plan", "case_id")
        for case in self:
            case.promise_count = promises.get(case, 0)
            case.plan_count = plans.get(case, 0)

    # ------------------------------------------------------------------
    # Leaving and rejoining the ladder
    # ------------------------------------------------------------------

    def _collection_hold_for(self, state):
        """A promise or a plan takes the case off the ladder while it runs."""
        self._check_not_closed()
        self.write({"state": state, "hold_reason": False})

    def _collection_resume(self, today):
        """Back on the ladder: the next step is due now (intensification after a breach)."""
        self.filtered(lambda c: c.state not in CLOSED_STATES).write(
            {"state": "open", "next_action_date": today, "hold_reason": False}
        )

    def _collection_reader_env(self):
        """The environment in the language of who reads the case's chatter, steps and
        activities: its consultant (the engine and the debtor's page write there too), else
        the company's language (a cron runs as the superuser, whose language is English)."""
        self.ensure_one()
        lang = self.user_id.lang or self.company_id.partner_id.lang or self.env.lang
        return self.with_context(lang=lang).env

    def _collection_ask_consultant(self, summary):
        for case in self:
            case.with_context(mail_activity_quick_update=True).activity_schedule(
                "debt_collection.mail_activity_type_collection_review",
                user_id=case.user_id.id or self.env.user.id,
                summary=summary,
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_new_promise(self):
        self.ensure_one()
        self._check_not_closed()
        return self._collection_promise_form({"default_case_id": self.id})

    def _collection_promise_form(self, context):
        """The promise form in a dialog, opened with ``context`` (its defaults)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Payment Promise"),
            "res_model": "debt.collection.promise",
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def action_new_plan(self):
        self.ensure_one()
        self._check_not_closed()
        return window_action(
            self.env,
            "debt_collection.debt_collection_plan_wizard_action",
            context={"default_case_id": self.id},
        )

    def action_view_promises(self):
        return related_action(
            self,
            "debt_collection.debt_collection_promise_action",
            "case_id",
            default_case_id=self.id,
        )

    def action_view_plans(self):
        return related_action(
            self,
            "debt_collection.debt_collection_plan_action",
            "case_id",
            default_case_id=self.id,
            create=False,
        )

    # ------------------------------------------------------------------
    # What a plan may cover
    # ------------------------------------------------------------------

    def _collection_open_invoices(self):
        """The posted invoices of the case with something left to pay."""
        self.ensure_one()
        return self.invoice_ids.filtered(
            lambda m: m.state == "posted" and m.payment_state in ("not_paid", "partial")
        )

    def _collection_plan_invoices(self):
        """What a plan may cover: the open invoices not disputed (a plan never makes the
        debtor pay what they dispute, CG-4)."""
        return self._collection_open_invoices().filtered(lambda m: not m.collection_disputed)
