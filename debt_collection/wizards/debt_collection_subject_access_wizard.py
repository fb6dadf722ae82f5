"""Wizard: a data-subject access answer (GDPR art. 15) as a JSON file."""

import base64
import json

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import html2plaintext
from odoo.tools.misc import format_date

# The fields of the debtor that are personal data we hold (PR-2)
PARTNER_FIELDS = (
    "name",
    "vat",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "lang",
    "tz",
    "collection_cease_contact",
    "collection_cease_contact_date",
    "collection_preferred_channel",
    "collection_hour_from",
    "collection_hour_to",
)


class DebtCollectionSubjectAccessWizard(models.TransientModel):
    """A data-subject access answer (GDPR art. 15): all personal data held on a debtor for one
    creditor, as a JSON file, due one month after the request (art. 12(3))."""

    _name = "debt.collection.subject.access.wizard"
    _description = "Personal Data Export"

    partner_id = fields.Many2one("res.partner", string="Debtor", required=True)
    creditor_id = fields.Many2one(
        "res.partner",
        help="The creditor whose cases the answer covers; empty for the company's own debts.",
    )
    date_request = fields.Date(
        string="Request Received", required=True, default=fields.Date.context_today
    )
    date_due = fields.Date(string="Answer Due", compute="_compute_date_due")
    attachment_id = fields.Many2one("ir.attachment", readonly=True)

    @api.depends("date_request")
    def _compute_date_due(self):
        for wizard in self:
            wizard.date_due = wizard.date_request and wizard.date_request + relativedelta(months=1)

    def action_export(self):
        self.ensure_one()
        self.partner_id.check_access("read")
        data = self._collection_personal_data()
        name = f"personal-data-{self.partner_id.id}-{self.date_request}.json"
        # sudo: the answer is filed on the debtor, whose form managers read but may not edit
        self.attachment_id = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "mimetype": "application/json",
                    "res_model": "res.partner",
                    "res_id": self.partner_id.id,
                    "datas": base64.b64encode(
                        json.dumps(data, indent=2, ensure_ascii=False, default=str).encode()
                    ),
                }
            )
        )
        self.partner_id.sudo().message_post(
            body=self.env._(
                "Access request of %(date)s answered with %(file)s (due by %(due)s).",
                date=format_date(self.env, self.date_request),
                file=name,
                due=format_date(self.env, self.date_due),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    def _collection_cases(self):
        return self.env["debt.collection.case"].search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("creditor_id", "=", self.creditor_id.id or False),
            ]
        )

    def _collection_personal_data(self):
        """Everything held on the debtor for the creditor, as plain data."""
        self.ensure_one()
        partner = self.partner_id
        cases = self._collection_cases()
        return {
            "request": {
                "received": self.date_request,
                "due": self.date_due,
                "creditor": self.creditor_id.name or partner.env.company.name,
            },
            "debtor": {field: partner[field] for field in PARTNER_FIELDS},
            "contact_points": [
                {
                    "kind": point.kind,
                    "value": point.value,
                    "owner": point.owner,
                    "provenance": point.provenance,
                    "state": point.state,
                    "opt_outs": [
                        channel
                        for channel in ("email", "sms", "call", "letter", "visit")
                        if point[f"optout_{channel}"]
                    ],
                    "consent": point.consent,
                    "consent_date": point.consent_date,
                    "consent_method": point.consent_method,
                    "consent_text": point.consent_text,
                }
                for point in partner.collection_contact_point_ids
            ],
            "cases": [self._collection_case_data(case) for case in cases],
        }

    def _collection_case_data(self, case):
        return {
            "reference": case.name,
            "state": case.state,
            "opened": case.date_open,
            "closed": case.date_closed,
            "amount_due": case.amount_residual,
            "currency": case.currency_id.name,
            "invoices": [
                {
                    "number": move.name,
                    "date": move.invoice_date,
                    "due": move.invoice_date_due,
                    "amount": move.amount_total,
                    "residual": move.amount_residual,
                    "disputed": move.collection_disputed,
                    "dispute_reason": move.collection_dispute_reason,
                }
                for move in case.invoice_ids
            ],
            "steps": [
                {
                    "date": action.date,
                    "channel": action.channel,
                    "result": action.result,
                    "contact_point": action.contact_point,
                    "note": action.note,
                }
                for action in case.action_ids
            ],
            "promises": [
                {"date": promise.create_date, "description": promise.display_name}
                for promise in case.promise_ids
            ],
            "plans": [
                {"date": plan.create_date, "description": plan.display_name}
                for plan in case.plan_ids
            ],
            "messages": [
                {"date": message.date, "text": html2plaintext(message.body or "")}
                for message in case.message_ids
                if message.body
            ],
            "notes": html2plaintext(case.note or ""),
        }
