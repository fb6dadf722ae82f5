"""A call or visit marked done from the chatter still enters the contact log."""

from odoo import models

CONTACT_ACTIVITY_TYPES = {
    "debt_collection.mail_activity_type_collection_call": "call",
    "debt_collection.mail_activity_type_collection_visit": "visit",
}


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """A call or visit marked done from the chatter still enters the contact log."""
        if not self.env.context.get("debt_collection_outcome_logged"):
            self._collection_log_done(feedback)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def _collection_log_done(self, feedback):
        channel_by_type = {}
        for xmlid, channel in CONTACT_ACTIVITY_TYPES.items():
            activity_type = self.env.ref(xmlid, raise_if_not_found=False)
            if activity_type:
                channel_by_type[activity_type.id] = channel
        vals_list = [
            {
                "case_id": activity.res_id,
                "channel": channel_by_type[activity.activity_type_id.id],
                "result": "note",
                "note": feedback or activity.summary,
                "user_id": self.env.user.id,
                "activity_type_id": activity.activity_type_id.id,
            }
            for activity in self
            if activity.res_model == "debt.collection.case"
            and activity.activity_type_id.id in channel_by_type
        ]
        if vals_list:
            self.env["debt.collection.action"]._log(vals_list)
