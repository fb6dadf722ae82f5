"""The WhatsApp kind of step: a Meta-approved template queued for the debtor, and its fallback."""

from odoo import api, models


class DebtCollectionChannel(models.AbstractModel):
    _inherit = "debt.collection.channel"

    @api.model
    def _execute_whatsapp(self, steps):
        """Business-initiated messages use the stage's template in the debtor's language; they
        are queued and sent after commit (AR-3). A stage with no template in any usable
        language fails the step at once, and the step falls back to the stage's other channel."""
        Outbox = self.env["debt.collection.whatsapp.message"]
        vals_list, missing = [], Outbox.browse()
        for case, stage, action in steps:
            template = stage._whatsapp_template_for(case.partner_id)
            values = Outbox._prepare_values(case.partner_id, case=case)
            values.update(action_id=action.id, kind="step", user_id=action.user_id.id)
            if template:
                values["template_id"] = template.id
                vals_list.append(values)
            else:
                missing |= Outbox.sudo().create(dict(values, state="failed"))
        messages = Outbox._queue(vals_list) if vals_list else Outbox
        for message in missing:
            message._fail(
                message.case_id._collection_reader_env()._(
                    "The stage has no approved WhatsApp template in the debtor's language."
                )
            )
        return messages

    @api.model
    def _whatsapp_fallback(self, message):
        """The failed WhatsApp step goes by the stage's other channel, if the contact rules let
        it; logged as a step of its own (its own key: never twice)."""
        action, case = message.action_id, message.case_id
        stage = action.stage_id
        fallback = stage.whatsapp_fallback if stage else "none"
        reader = case._collection_reader_env()
        if not case or case.is_closed or fallback in (False, "none"):
            return False
        Action = self.env["debt.collection.action"]
        key = Action._make_step_key(case, stage, fallback)
        if Action.sudo().search_count([("step_key", "=", key)], limit=1):
            return False
        allowed, reason = case._collection_may_contact(fallback)
        if allowed and not case._collection_can_reach(fallback):
            allowed, reason = False, reader._("No verified contact data for this channel.")
        label = dict(Action._fields["channel"]._description_selection(reader))[fallback]
        if not allowed:
            case.message_post(
                body=reader._(
                    "WhatsApp failed and %(channel)s may not be used: %(reason)s",
                    channel=label,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
            return False
        new_action = Action._log(
            {
                "case_id": case.id,
                "stage_id": stage.id,
                "channel": fallback,
                "user_id": action.user_id.id,
                "result": "sent",
                "outbound": True,
                "contact_point": case._collection_contact_point(fallback),
                "step_key": key,
                "note": reader._("Instead of the WhatsApp message that failed."),
            }
        )
        self._dispatch(fallback, [(case, stage, new_action)])
        case.message_post(
            body=reader._("WhatsApp failed: the step went by %(channel)s.", channel=label),
            subtype_xmlid="mail.mt_note",
        )
        return new_action
