"""Wizard: record a debtor's dispute or cease-contact request received by letter or e-mail."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date


class DebtCollectionRequestWizard(models.TransientModel):
    """The consultant records what the debtor asked by letter or e-mail: a dispute (CG-4) or
    a cease-contact request (CG-5); the engine pauses as for the same request from the page."""

    _name = "debt.collection.request.wizard"
    _description = "Debtor's Request Received"

    case_id = fields.Many2one("debt.collection.case", required=True, readonly=True)
    source = fields.Selection(
        [("letter", "Letter Received"), ("email", "E-mail Reply")],
        string="Received Via",
        required=True,
        default="letter",
    )
    request = fields.Selection(
        [("dispute", "Disputes the Debt"), ("cease", "Asks Not to Be Contacted")],
        string="The Debtor",
        required=True,
        default="dispute",
    )
    date_received = fields.Date(
        string="Received On", required=True, default=fields.Date.context_today
    )
    reason = fields.Text(help="What the debtor wrote, in short.")
    message_id = fields.Many2one(
        "mail.message",
        string="Debtor's E-mail",
        domain="[('model', '=', 'debt.collection.case'), ('res_id', '=', case_id), "
        "('message_type', '=', 'email')]",
    )
    document = fields.Binary(string="Scan of the Letter", attachment=False)
    document_name = fields.Char()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if not values.get("case_id") and self.env.context.get("active_model") == (
            "debt.collection.case"
        ):
            values["case_id"] = self.env.context.get("active_id")
        return values

    @api.constrains("date_received")
    def _check_date_received(self):
        today = fields.Date.context_today(self)
        if any(wizard.date_received > today for wizard in self):
            raise ValidationError(self.env._("The date received cannot be in the future."))

    def action_confirm(self):
        self.ensure_one()
        case = self.case_id
        case._collection_check_open_for_write()
        if self.message_id and self.message_id.res_id != case.id:
            raise UserError(self.env._("This e-mail does not belong to this case."))
        reason = self.env._(
            "%(reason)s (received on %(date)s)",
            reason=(self.reason or "").strip() or self.env._("no reason given"),
            date=format_date(self.env, self.date_received),
        )
        if self.request == "dispute":
            case._collection_register_dispute(reason, self.source)
        else:
            case._collection_register_cease_contact(reason, self.source)
        if self.document:
            attachment = self.env["ir.attachment"].create(
                {
                    "name": self.document_name
                    or self.env._("Debtor's letter %(case)s", case=case.name),
                    "datas": self.document,
                    "res_model": case._name,
                    "res_id": case.id,
                }
            )
            case.message_post(
                body=self.env._(
                    "The debtor's letter, received on %(date)s.",
                    date=format_date(self.env, self.date_received),
                ),
                attachment_ids=attachment.ids,
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}
