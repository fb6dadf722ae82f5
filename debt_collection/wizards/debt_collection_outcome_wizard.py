from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.debt_collection_action import OUTCOMES

# Rules of the contact gate no reason can override
HARD_RULES = ("cease", "channel", "contact_point", "consent")
CALL_VISIT_TYPES = (
    "debt_collection.mail_activity_type_collection_call",
    "debt_collection.mail_activity_type_collection_visit",
)


class DebtCollectionOutcomeWizard(models.TransientModel):
    _name = "debt.collection.outcome.wizard"
    _description = "Outcome of a Call or Visit"

    case_id = fields.Many2one("debt.collection.case", required=True, readonly=True)
    activity_id = fields.Many2one(
        "mail.activity",
        domain="[('res_model', '=', 'debt.collection.case'), ('res_id', '=', case_id)]",
    )
    channel = fields.Selection(
        [("call", "Phone Call"), ("visit", "Home Visit")], required=True, default="call"
    )
    result = fields.Selection(OUTCOMES, required=True)
    note = fields.Text()
    contact_warning = fields.Char(
        compute="_compute_contact_warning",
        help="What the compliance regime says about this contact now.",
    )
    contact_override_reason = fields.Text(
        string="Reason to Go On",
        help="Why the contact was made although the regime's hours or caps advised against it.",
    )

    @api.depends("case_id", "channel")
    def _compute_contact_warning(self):
        for wizard in self:
            rule, reason = (
                wizard.case_id._collection_contact_refusal(wizard.channel, None, None)
                if wizard.case_id
                else (False, "")
            )
            wizard.contact_warning = reason if rule else False

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        case_id = values.get("case_id") or (
            self.env.context.get("active_model") == "debt.collection.case"
            and self.env.context.get("active_id")
        )
        if case_id:
            case = self.env["debt.collection.case"].browse(case_id)
            values["case_id"] = case.id
            activity = case._collection_open_contact_activities()[:1]
            if activity and "activity_id" not in values:
                values["activity_id"] = activity.id
                visit = self.env.ref(CALL_VISIT_TYPES[1])
                values["channel"] = "visit" if activity.activity_type_id == visit else "call"
        return values

    def action_confirm(self):
        self.ensure_one()
        case = self.case_id
        case.check_access("write")
        if case.is_closed:
            raise UserError(self.env._("The case %(name)s is closed.", name=case.name))
        note = self._check_contact_rules(case)
        self.env["debt.collection.action"]._log(
            {
                "case_id": case.id,
                "stage_id": case.stage_id.id,
                "channel": self.channel,
                "result": self.result,
                "note": note,
                "user_id": self.env.user.id,
                "activity_type_id": self.activity_id.activity_type_id.id,
            }
        )
        if self.activity_id:
            # the chatter line is read by the case's consultant: the outcome in their language
            env = case._collection_reader_env()
            labels = dict(self._fields["result"]._description_selection(env))
            feedback = f"{labels[self.result]}. {self.note or ''}".strip()
            self.activity_id.with_context(debt_collection_outcome_logged=True).action_feedback(
                feedback=feedback
            )
        return self._apply_outcome(case)

    def _check_contact_rules(self, case):
        """The regime's gate for the contact reported: a hard rule (cease-contact, channel or
        contact point not allowed) refuses it; hours and caps need the consultant's reason,
        kept in the step's note. Returns the note to log."""
        rule, reason = case._collection_contact_refusal(self.channel, None, None)
        if not rule:
            return self.note
        if rule in HARD_RULES:
            raise UserError(reason)
        if not (self.contact_override_reason or "").strip():
            raise UserError(
                self.env._("%(reason)s Say why the contact was made anyway.", reason=reason)
            )
        case._collection_log_refusal(self.channel, rule, reason)
        override = self.env._(
            "Outside the regime's rules (%(reason)s): %(why)s",
            reason=reason,
            why=self.contact_override_reason.strip(),
        )
        return "\n".join(part for part in (self.note, override) if part)

    def _apply_outcome(self, case):
        """What an outcome changes on the case; returns the next window, if any."""
        if self.result == "wrong_number":
            case.partner_id.collection_phone_valid = False
        elif self.result == "disputes":
            # the invoices are disputed too, or the next run would take the case back (CG-4)
            case._collection_register_dispute(self.note, self.channel)
        elif self.result == "refuses":
            case.debtor_kind = "wont_pay"
        elif self.result == "paid_already":
            case.activity_schedule(
                "debt_collection.mail_activity_type_collection_review",
                user_id=case.user_id.id or self.env.user.id,
                summary=self.env._("Debtor says it paid: check the payments"),
            )
        elif self.result == "promise":
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Payment Promise"),
                "res_model": "debt.collection.promise",
                "view_mode": "form",
                "target": "new",
                "context": {"default_case_id": case.id, "default_channel": self.channel},
            }
        return {"type": "ir.actions.act_window_close"}
