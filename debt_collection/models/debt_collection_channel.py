"""The channels: what each kind of step does, for a batch of steps."""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

# Activity types of the steps a person carries out (debt_collection_legal adds its own)
ACTIVITY_TYPES = {
    "call": "debt_collection.mail_activity_type_collection_call",
    "visit": "debt_collection.mail_activity_type_collection_visit",
    "end": "debt_collection.mail_activity_type_collection_review",
}


class DebtCollectionChannel(models.AbstractModel):
    """What each kind of step does, for a batch of steps at a time.

    The run calls ``_dispatch(kind, steps)``, which calls ``_execute_<kind>(steps)``: one method
    per kind of step, overridden by the addon that brings or changes the kind (the legal notice,
    the SMS provider...). A kind without a method is an error, never silently skipped. ``steps``
    is a list of ``(case, stage, action)``; the actions are already in the log.
    """

    _name = "debt.collection.channel"
    _description = "Collection Channels"

    @api.model
    def _dispatch(self, kind, steps):
        method = getattr(self, f"_execute_{kind}", None)
        if method is None:
            raise UserError(
                self.env._("No channel carries out steps of the kind %(kind)s.", kind=kind)
            )
        return method(steps)

    # ------------------------------------------------------------------
    # Written contact
    # ------------------------------------------------------------------

    @api.model
    def _execute_email(self, steps):
        default = self.env.ref("debt_collection.mail_template_collection_reminder")
        for case, stage, action in steps:
            template = stage.mail_template_id or default
            message = self._post_template(case, template)
            action._log_update({"mail_message_id": message.id, "mail_template_id": template.id})

    @api.model
    def _execute_letter(self, steps):
        """Letters were logged "scheduled": the letters cron renders them in batches once the
        run's decisions are committed (see the letter report)."""

    @api.model
    def _execute_sms(self, steps):
        default = self.env.ref("debt_collection.sms_template_collection_reminder")
        for case, stage, _action in steps:
            case._message_sms_with_template(
                template=stage.sms_template_id or default,
                partner_ids=case.partner_id.ids,
                put_in_queue=True,
            )

    @api.model
    def _post_template(self, case, template, attachment_ids=None):
        """Post the rendered template to the debtor; the mail queue sends it after commit."""
        case._portal_ensure_token()
        values = template._generate_template(
            case.ids, ("subject", "body_html", "email_from", "reply_to")
        )[case.id]
        # every e-mail to the debtor ends with their opt-out link (CG-3)
        body = Markup(values.get("body_html") or "") + case._collection_optout_html()
        return case.message_post(
            subject=values.get("subject"),
            body=body,
            email_from=values.get("email_from") or None,
            partner_ids=case.partner_id.ids,
            attachment_ids=attachment_ids or [],
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
            email_layout_xmlid="mail.mail_notification_light",
            force_send=False,
            mail_auto_delete=False,
        )

    # ------------------------------------------------------------------
    # Steps a person carries out: an activity for the consultant
    # ------------------------------------------------------------------

    @api.model
    def _execute_call(self, steps):
        self._schedule_activities(steps)

    @api.model
    def _execute_visit(self, steps):
        self._schedule_activities(steps)

    @api.model
    def _execute_end(self, steps):
        self._schedule_activities(steps)

    @api.model
    def _get_activity_types(self):
        return dict(ACTIVITY_TYPES)

    @api.model
    def _activity_assignment(self, case, stage):
        """(activity type, user) of a step: the consultant's, or the stage's user if set.

        Steps that make no activity (e-mail, SMS, letter) still name who the step belongs to.
        """
        xmlid = self._get_activity_types().get(stage.action_type)
        activity_type = self.env["mail.activity.type"]
        if xmlid:
            activity_type = stage.activity_type_id or self.env.ref(xmlid)
            user = (stage.assign_to == "user" and stage.user_id) or case.user_id or self.env.user
        else:
            user = case.user_id or self.env.user
        return activity_type, user

    @api.model
    def _schedule_activities(self, steps):
        """One activity per step for the consultant (or the stage's user), in one create;
        its summary in the language of whoever will read it."""
        if self.env.context.get("mail_activity_automation_skip"):
            return
        today = fields.Date.context_today(self)
        model_id = self.env["ir.model"]._get_id("debt.collection.case")
        vals_list = []
        for case, stage, _action in steps:
            activity_type, user = self._activity_assignment(case, stage)
            lang = user.lang or self.env.lang
            stage_lang = stage.with_context(lang=lang)
            type_lang = activity_type.with_context(lang=lang)
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": case.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": today + timedelta(days=stage.activity_deadline_days),
                    "user_id": user.id,
                    "summary": stage_lang.name or type_lang.summary,
                    "note": stage_lang.note or type_lang.default_note or "",
                    "automated": True,
                }
            )
        # no "you have been assigned" e-mail per step: the nightly run makes many of them
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
