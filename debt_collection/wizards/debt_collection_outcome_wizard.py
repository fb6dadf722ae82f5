"""Wizard: log the outcome of a call or visit."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..models.debt_collection_action import OUTCOMES
from ..models.debt_collection_case_contact import HARD_CONTACT_RULES

# Rules of the contact gate no reason can override
HARD_RULES = HARD_CONTACT_RULES
# Rules of the contact hours (the regime's window and holidays, the company's hours)
TIME_RULES = ("window", "hours")
# The promised date the promise form proposes: a week from the contact
PROMISE_DAYS = 7
# What can come of a visit: at a door nobody answers a phone or has a wrong number
VISIT_OUTCOMES = ("reached", "not_home", "promise", "refuses", "disputes", "paid_already")
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
    visit_result = fields.Selection(
        [(key, label) for key, label in OUTCOMES if key in VISIT_OUTCOMES],
        string="Outcome of the Visit",
    )
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

    duration = fields.Float(string="Minutes Spent", help="Feeds the cost to collect.")
    # A visit, reported from a phone
    met_debtor = fields.Boolean(string="Met the Debtor")
    acknowledgment = fields.Binary(
        string="Signed Acknowledgment of Debt",
        help="A scan or photo of the acknowledgment of debt the debtor signed.",
    )
    acknowledgment_name = fields.Char()
    photo_ids = fields.Many2many("ir.attachment", string="Photos")
    no_disclosure = fields.Boolean(
        string="I told no one else about the debt",
        help="The visit report confirms the debt was disclosed to no one but the debtor: not "
        "to relatives, neighbours, colleagues or whoever opened the door (CG-9).",
    )
    next_step = fields.Char(readonly=True, help="What follows from the outcome.")

    @api.onchange("met_debtor")
    def _onchange_met_debtor(self):
        if self.channel == "visit":
            self.result = "reached" if self.met_debtor else "not_home"
            self.visit_result = self.result

    @api.onchange("visit_result")
    def _onchange_visit_result(self):
        if self.visit_result:
            self.result = self.visit_result

    @api.constrains("channel", "result")
    def _check_visit_result(self):
        for wizard in self:
            if wizard.channel == "visit" and wizard.result not in VISIT_OUTCOMES:
                labels = dict(self._fields["result"]._description_selection(self.env))
                raise ValidationError(
                    self.env._(
                        "“%(outcome)s” is not an outcome of a visit.",
                        outcome=labels[wizard.result],
                    )
                )

    @api.constrains("duration")
    def _check_duration(self):
        if any(wizard.duration < 0 for wizard in self):
            raise ValidationError(self.env._("The time spent cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        # the visit form offers the visit's outcomes only: its choice is the result
        for vals in vals_list:
            if vals.get("visit_result"):
                vals["result"] = vals["visit_result"]
        return super().create(vals_list)

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
        case._collection_check_open_for_write()
        if self.result == "promise":
            # nothing is logged until the promise is saved: closing its form leaves no step
            self._check_contact_rules(case, log_refusal=False)
            self._check_no_disclosure()
            return self._promise_action(case)
        self._log_step(case)
        return self._apply_outcome(case)

    def _log_step(self, case, promise=None):
        """Log the contact as a step of the case (with the visit's documents) and mark its
        activity done; ``promise`` is the promise the contact ended with."""
        note = self._check_contact_rules(case)
        self._check_no_disclosure()
        if promise:
            promise_name = promise.with_env(promise._collection_reader_env()).display_name
            note = "\n".join(part for part in (note, promise_name) if part)
        acknowledgment = self._attach_visit_documents(case)
        self.env["debt.collection.action"]._log(
            {
                "case_id": case.id,
                "stage_id": case.stage_id.id,
                "channel": self.channel,
                "result": self.result,
                "note": note,
                "user_id": self.env.user.id,
                "activity_type_id": self.activity_id.activity_type_id.id,
                "duration": self.duration,
                "acknowledgment": bool(acknowledgment),
                "no_disclosure": self.channel == "visit" and self.no_disclosure,
                "attachment_id": acknowledgment.id,
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

    def _check_no_disclosure(self):
        if self.channel == "visit" and not self.no_disclosure:
            raise UserError(
                self.env._(
                    "Confirm in the visit report that you told no one but the debtor about "
                    "the debt."
                )
            )

    def _promise_action(self, case):
        """The promise form, filled in; saving it logs this contact (see the promise's
        create). It proposes what is due, for a week from today (sooner when the company's
        promise horizon is shorter): the consultant changes either before saving."""
        today = fields.Date.context_today(self)
        horizon = case.company_id.collection_promise_horizon_days
        days = min(PROMISE_DAYS, horizon) if horizon > 0 else PROMISE_DAYS
        return case._collection_promise_form(
            {
                "default_case_id": case.id,
                "default_channel": self.channel,
                "default_amount": max(case.amount_residual, 0.0),
                "default_date_promised": fields.Date.to_string(today + timedelta(days=days)),
                "debt_collection_outcome_wizard_id": self.id,
            }
        )

    def _check_contact_rules(self, case, log_refusal=True):
        """The regime's gate for the contact reported: a hard rule (cease-contact, channel or
        contact point not allowed) refuses it; hours and caps need the consultant's reason,
        kept in the step's note. Returns the note to log (the refusal is logged too unless
        ``log_refusal`` is false: a check before the step is logged)."""
        rule, reason = case._collection_contact_refusal(self.channel, None, None)
        if not rule:
            return self.note
        # a visit is only made inside the window: no reason makes a late visit lawful (CG-9)
        if rule in HARD_RULES or (self.channel == "visit" and rule in TIME_RULES):
            if log_refusal:
                case._collection_log_refusal(self.channel, rule, reason)
            raise UserError(reason)
        if not (self.contact_override_reason or "").strip():
            raise UserError(
                self.env._("%(reason)s Say why the contact was made anyway.", reason=reason)
            )
        if log_refusal:
            case._collection_log_refusal(self.channel, rule, reason)
        override = self.env._(
            "Outside the regime's rules (%(reason)s): %(why)s",
            reason=reason,
            why=self.contact_override_reason.strip(),
        )
        return "\n".join(part for part in (self.note, override) if part)

    def _attach_visit_documents(self, case):
        """The signed acknowledgment and the photos go to the case; returns the former."""
        attachments = self.env["ir.attachment"]
        if self.acknowledgment:
            attachments = attachments.create(
                {
                    "name": self.acknowledgment_name
                    or self.env._("Acknowledgment of debt %(case)s", case=case.name),
                    "datas": self.acknowledgment,
                    "res_model": case._name,
                    "res_id": case.id,
                }
            )
        photos = self.photo_ids
        if photos.filtered(lambda photo: photo.create_uid != self.env.user):
            raise UserError(self.env._("Only photos you uploaded can be added to the case."))
        if photos:
            # sudo: the consultant's own uploads, held by the wizard until now, go to the case
            photos.sudo().write({"res_model": case._name, "res_id": case.id})
        if attachments or photos:
            case.message_post(
                body=self.note or self.env._("Documents of the visit"),
                attachment_ids=(attachments | photos).ids,
            )
        return attachments

    @api.model
    def _next_step_delays(self):
        """Outcome -> (activity type, days): who is not reached is tried again."""
        call = CALL_VISIT_TYPES[0]
        return {
            "no_answer": (call, 1),
            "left_message": (call, 2),
            "not_home": (call, 1),
            "wrong_number": ("debt_collection.mail_activity_type_collection_verify", 0),
            "refuses": ("debt_collection.mail_activity_type_collection_review", 0),
        }

    def _schedule_next_step(self, case):
        """Schedule what follows from the outcome; returns its description (or False)."""
        activity_xmlid, days = self._next_step_delays().get(self.result, (False, 0))
        if not activity_xmlid:
            return False
        deadline = fields.Date.context_today(self) + timedelta(days=days)
        activity_type = self.env.ref(activity_xmlid)
        case.activity_schedule(
            activity_xmlid, date_deadline=deadline, user_id=case.user_id.id or self.env.user.id
        )
        return self.env._(
            "%(activity)s on %(date)s",
            activity=activity_type.name,
            date=format_date(self.env, deadline),
        )

    def _apply_outcome(self, case):
        """What an outcome changes on the case; returns the next window, if any."""
        self.next_step = self._schedule_next_step(case)
        if self.result == "wrong_number":
            # sudo: consultants do not edit contacts; their report marks the number unusable
            case.partner_id.sudo().collection_phone_valid = False
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
        return {"type": "ir.actions.act_window_close"}
