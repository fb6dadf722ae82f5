"""The call screen: the debtor at a glance and one-click outcomes."""

from odoo import api, fields, models
from odoo.exceptions import UserError

# Steps shown as "last contacts" on the call screen
CONTACT_CHANNELS = ("call", "visit", "email", "sms", "manual")


class DebtCollectionCall(models.TransientModel):
    """The call screen: the debtor at a glance and one-click outcomes.

    A transient record per call, opened from the queue or a case; the time between opening it
    and logging the outcome is proposed as the time spent (it feeds the cost to collect).
    """

    _name = "debt.collection.call"
    _description = "Call Screen"
    _rec_name = "case_id"

    case_id = fields.Many2one("debt.collection.case", required=True, readonly=True)
    partner_id = fields.Many2one(related="case_id.partner_id")
    company_id = fields.Many2one(related="case_id.company_id")
    currency_id = fields.Many2one(related="case_id.currency_id")
    phone = fields.Char(
        related="partner_id.collection_phone_e164", string="Phone (normalised)", readonly=True
    )
    phone_link = fields.Char(compute="_compute_phone_link", string="Call")
    amount_residual = fields.Monetary(related="case_id.amount_residual")
    amount_original = fields.Monetary(related="case_id.amount_original")
    days_overdue = fields.Integer(related="case_id.days_overdue")
    stage_id = fields.Many2one(related="case_id.stage_id")
    state = fields.Selection(related="case_id.state")
    note_case = fields.Html(related="case_id.note", string="Analysis")
    invoice_ids = fields.Many2many("account.move", compute="_compute_history", string="Invoices")
    letter_ids = fields.Many2many(
        "debt.collection.action", compute="_compute_history", string="Last Letters"
    )
    contact_ids = fields.Many2many(
        "debt.collection.action", compute="_compute_history", string="Last Contacts"
    )
    promise_ids = fields.Many2many(
        "debt.collection.promise", compute="_compute_history", string="Promises"
    )
    may_call = fields.Boolean(compute="_compute_gate")
    gate_warning = fields.Char(compute="_compute_gate", string="Warning")
    reason = fields.Char(compute="_compute_reason", string="Why Today")
    date_start = fields.Datetime(default=fields.Datetime.now, readonly=True)
    duration = fields.Float(
        string="Minutes Spent", help="Empty: the time since the screen opened."
    )
    note = fields.Text()
    last_outcome = fields.Char(readonly=True)

    @api.depends("phone")
    def _compute_phone_link(self):
        for call in self:
            call.phone_link = f"tel:{call.phone}" if call.phone else False

    @api.depends("case_id")
    def _compute_history(self):
        Action = self.env["debt.collection.action"]
        for call in self:
            case = call.case_id
            call.invoice_ids = case.invoice_ids.filtered(lambda m: m.state == "posted")
            call.letter_ids = Action.search(
                [("case_id", "=", case.id), ("channel", "=", "letter")], limit=5
            )
            call.contact_ids = Action.search(
                [("case_id", "=", case.id), ("channel", "in", CONTACT_CHANNELS)], limit=10
            )
            call.promise_ids = case.promise_ids

    @api.depends("case_id")
    def _compute_gate(self):
        for call in self:
            ok, reason = call.case_id._collection_may_contact("call")
            call.may_call, call.gate_warning = ok, reason or False

    @api.depends("case_id")
    def _compute_reason(self):
        rows = self.env["debt.collection.queue"].search([("case_id", "in", self.case_id.ids)])
        reasons = {row.case_id.id: row.reason for row in rows}
        for call in self:
            call.reason = reasons.get(call.case_id.id, False)

    @api.model
    def _open_for_case(self, case):
        case.check_access("write")
        call = self.create({"case_id": case.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Call %(debtor)s", debtor=case.partner_id.display_name),
            "res_model": self._name,
            "res_id": call.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------
    # One-click outcomes
    # ------------------------------------------------------------------

    def action_reached(self):
        return self._log_outcome("reached")

    def action_no_answer(self):
        return self._log_outcome("no_answer")

    def action_left_message(self):
        return self._log_outcome("left_message")

    def action_wrong_number(self):
        return self._log_outcome("wrong_number")

    def action_promise(self):
        return self._log_outcome("promise")

    def action_refuses(self):
        return self._log_outcome("refuses")

    def action_disputes(self):
        return self._log_outcome("disputes")

    def action_paid_already(self):
        return self._log_outcome("paid_already")

    def action_next_case(self):
        self.ensure_one()
        return self.env["debt.collection.queue"].action_next_case()

    def action_open_case(self):
        self.ensure_one()
        return self.case_id._collection_form_action()

    def _spent_minutes(self):
        if self.duration:
            return self.duration
        seconds = (fields.Datetime.now() - self.date_start).total_seconds()
        return round(max(seconds, 0) / 60.0, 1)

    def _log_outcome(self, result):
        """Log the call through the outcome wizard; returns the window that follows."""
        self.ensure_one()
        if self.last_outcome:
            raise UserError(
                self.env._("The outcome of this call is already logged: open the next case.")
            )
        Wizard = self.env["debt.collection.outcome.wizard"].with_context(
            default_case_id=self.case_id.id
        )
        call_type = self.env.ref("debt_collection.mail_activity_type_collection_call")
        activity = self.case_id._collection_open_contact_activities().filtered(
            lambda a: a.activity_type_id == call_type
        )[:1]
        wizard = Wizard.create(
            {
                "case_id": self.case_id.id,
                "activity_id": activity.id,
                "channel": "call",
                "result": result,
                "note": self.note,
                "duration": self._spent_minutes(),
            }
        )
        action = wizard.action_confirm()
        if result == "promise":
            # the promise form: the call is logged, and said so here, once it is saved
            action["context"]["debt_collection_call_id"] = self.id
            return action
        # the label in the consultant's language, as the outcome buttons show it
        label = dict(wizard._fields["result"]._description_selection(self.env))[result]
        self.last_outcome = (
            self.env._("%(outcome)s. Next: %(step)s", outcome=label, step=wizard.next_step)
            if wizard.next_step
            else label
        )
        return True

    @api.model
    def _collection_promise_saved(self, promise):
        """The promise form opened by *Promise Made* was saved: the screen shows the outcome."""
        call = self.browse(self.env.context.get("debt_collection_call_id")).exists()
        if call.create_uid == self.env.user and call.case_id == promise.case_id:
            outcomes = self.env["debt.collection.outcome.wizard"]._fields["result"]
            call.last_outcome = dict(outcomes._description_selection(self.env))["promise"]
