from odoo import api, fields, models
from odoo.osv.expression import OR

VERIFY_TYPE = "debt_collection.mail_activity_type_collection_verify"


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    def _engine_check_contact_data(self):
        """Pipeline step: a debtor the next step cannot reach gets one 'Verify Contact Data'
        activity for the consultant (never a second while one is open)."""
        activity_type = self.env.ref(VERIFY_TYPE)
        to_verify = self.filtered(lambda case: case._collection_needs_verification())
        if not to_verify:
            return self.browse()
        existing = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", to_verify.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        has_one = set(existing.mapped("res_id"))
        todo = to_verify.filtered(lambda case: case.id not in has_one)
        if not todo or self.env.context.get("mail_activity_automation_skip"):
            return todo
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        # one create for all; the consultant finds them in their activities, not as one
        # e-mail per debtor
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": case.id,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "date_deadline": today,
                    "user_id": case.user_id.id or self.env.user.id,
                    "note": case._collection_contact_problems(),
                    "automated": True,
                }
                for case in todo
            ]
        )
        return todo

    @api.model
    def _engine_unreachable_domain(self):
        """Cases whose next step lacks the contact data it needs, as a domain (the same rule as
        ``_collection_needs_verification``), so that the run reads only those cases."""
        step = "next_stage_id.action_type"
        return OR(
            [
                [(step, "=", "email"), ("partner_id.collection_email_valid", "=", False)],
                [
                    (step, "=", "sms"),
                    "|",
                    ("partner_id.collection_phone_valid", "=", False),
                    ("partner_id.collection_phone_type", "!=", "mobile"),
                ],
                [(step, "=", "call"), ("partner_id.collection_phone_valid", "=", False)],
                [
                    (step, "in", ["letter", "visit"]),
                    ("partner_id.collection_address_complete", "=", False),
                ],
                [
                    "|",
                    ("next_stage_id", "=", False),
                    (step, "not in", ["email", "letter", "sms", "call", "visit"]),
                    ("partner_id.collection_contact_state", "=", "unusable"),
                ],
            ]
        )

    def _collection_needs_verification(self):
        self.ensure_one()
        partner = self.partner_id
        channel = self.next_stage_id.action_type
        if channel in ("email", "letter", "sms", "call", "visit"):
            return not partner._collection_can_reach(channel)
        return partner.collection_contact_state == "unusable"

    def _collection_contact_problems(self):
        self.ensure_one()
        partner = self.partner_id
        problems = []
        if not partner.collection_phone_valid:
            problems.append(self.env._("no valid phone number"))
        if not partner.collection_email_valid:
            problems.append(self.env._("no valid e-mail address"))
        if not partner.collection_address_complete:
            problems.append(self.env._("incomplete postal address"))
        return self.env._("Please verify: %(problems)s.", problems=", ".join(problems))
