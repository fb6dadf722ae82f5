"""The judicial hand-off: lawyer, court, procedure, hearings, costs and outcome."""

from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

PROCEDURES = [
    ("monitorio", "Proceso Monitorio (ES)"),
    ("decreto_ingiuntivo", "Decreto Ingiuntivo (IT)"),
    ("ordinary", "Ordinary Claim"),
    ("enforcement", "Enforcement"),
    ("insolvency", "Claim in Insolvency Proceedings"),
]
PROCEEDING_STATES = [
    ("preparing", "With the Lawyer"),
    ("filed", "Filed"),
    ("judgment", "Judgment"),
    ("enforcement", "Enforcement"),
    ("closed", "Closed"),
]
OUTCOMES = [
    ("paid", "Paid"),
    ("settled", "Settled"),
    ("judgment", "Judgment Obtained"),
    ("lost", "Lost"),
    ("abandoned", "Abandoned"),
]


class DebtCollectionProceeding(models.Model):
    """The judicial hand-off: the lawyer, the court, the procedure, its dates, costs and
    outcome. Hearings are calendar events for the lawyer and the consultant; legal costs
    are vendor bills linked to the proceeding."""

    _name = "debt.collection.proceeding"
    _description = "Legal Proceeding"
    _inherit = ["debt.collection.legal.document.mixin"]

    partner_id = fields.Many2one(index=False)
    user_id = fields.Many2one(related="case_id.user_id", string="Consultant")
    lawyer_id = fields.Many2one(
        "res.partner",
        string="Lawyer or Law Firm",
        required=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    court = fields.Char(tracking=True)
    procedure = fields.Selection(PROCEDURES, required=True, tracking=True)
    court_reference = fields.Char(string="Court Case Number", tracking=True)
    state = fields.Selection(
        PROCEEDING_STATES, default="preparing", required=True, tracking=True, index=True
    )
    date_handoff = fields.Date(
        string="Handed Off On", default=fields.Date.context_today, required=True
    )
    date_filed = fields.Date(
        string="Claim Filed On", tracking=True, help="Filing the claim interrupts prescription."
    )
    date_judgment = fields.Date(string="Judgment On", tracking=True)
    date_closed = fields.Date(string="Closed On", readonly=True, tracking=True)
    outcome = fields.Selection(OUTCOMES, tracking=True)
    amount_claimed = fields.Monetary(tracking=True)
    cost_estimate = fields.Monetary(string="Estimated Legal Costs")
    amount_awarded = fields.Monetary(string="Awarded", tracking=True)
    amount_awarded_costs = fields.Monetary(string="Costs Awarded", tracking=True)
    bill_ids = fields.One2many("account.move", "collection_proceeding_id", string="Legal Costs")
    amount_costs = fields.Monetary(string="Legal Costs Billed", compute="_compute_costs")
    amount_costs_rechargeable = fields.Monetary(
        string="Rechargeable to the Debtor", compute="_compute_costs"
    )
    hearing_count = fields.Integer(compute="_compute_hearing_count")
    note = fields.Html()

    @api.depends(
        "bill_ids.amount_total_signed", "bill_ids.state", "bill_ids.collection_cost_rechargeable"
    )
    def _compute_costs(self):
        for proceeding in self:
            bills = proceeding.bill_ids.filtered(lambda b: b.state == "posted")
            proceeding.amount_costs = -sum(bills.mapped("amount_total_signed"))
            proceeding.amount_costs_rechargeable = -sum(
                bills.filtered("collection_cost_rechargeable").mapped("amount_total_signed")
            )

    def _compute_hearing_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for proceeding in self:
            proceeding.hearing_count = counts.get(proceeding.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        proceedings = super().create(vals_list)
        for proceeding in proceedings:
            if proceeding.lawyer_id:
                proceeding.message_subscribe(partner_ids=proceeding.lawyer_id.ids)
        return proceedings

    def write(self, vals):
        res = super().write(vals)
        if {"date_filed", "state"} & set(vals):
            self.case_id._legal_update_prescription()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_preparing(self):
        if any(p.state != "preparing" or p.date_filed or p.bill_ids for p in self):
            raise UserError(
                self.env._("A proceeding filed in court or with costs cannot be deleted.")
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_file(self):
        self.ensure_one()
        if self.state != "preparing":
            raise UserError(self.env._("This proceeding was already filed."))
        if not self.date_filed:
            raise UserError(self.env._("Enter the date the claim was filed."))
        self.state = "filed"
        return True

    def action_close(self):
        self.ensure_one()
        if not self.outcome:
            raise UserError(self.env._("Enter the outcome of the proceeding before closing it."))
        self.write({"state": "closed", "date_closed": fields.Date.context_today(self)})
        return True

    def action_writeoff(self):
        """Write the debt off after court (a lost claim, a failed enforcement): the case was
        closed as handed to court, the write-off closes it as lost, VAT relief included."""
        self.ensure_one()
        if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
            raise UserError(self.env._("Only a Collection Manager can write a debt off."))
        if self.case_id.state not in ("court", "legal", "open"):
            raise UserError(self.env._("The debt of this case is no longer due."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_writeoff_wizard_action"
        )
        action["context"] = {
            "default_case_id": self.case_id.id,
            "debt_collection_legal_writeoff": True,
        }
        return action

    def action_schedule_hearing(self):
        """A hearing in the calendar of the lawyer and the consultant."""
        self.ensure_one()
        attendees = self.lawyer_id | self.case_id.user_id.partner_id | self.env.user.partner_id
        start = datetime.combine(fields.Date.context_today(self) + timedelta(days=7), time(9, 0))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hearing"),
            "res_model": "calendar.event",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_name": self.env._(
                    "Hearing %(proceeding)s - %(debtor)s",
                    proceeding=self.court_reference or self.name,
                    debtor=self.partner_id.name,
                ),
                "default_res_model_id": self.env["ir.model"]._get_id(self._name),
                "default_res_id": self.id,
                "default_partner_ids": attendees.ids,
                "default_location": self.court,
                "default_start": fields.Datetime.to_string(start),
                "default_stop": fields.Datetime.to_string(start + timedelta(hours=1)),
            },
        }

    def action_view_hearings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("calendar.action_calendar_event")
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["view_mode"] = "list,form,calendar"
        action["views"] = [(False, "list"), (False, "form"), (False, "calendar")]
        action["context"] = {
            "default_res_model_id": self.env["ir.model"]._get_id(self._name),
            "default_res_id": self.id,
        }
        return action

    def action_new_bill(self):
        """A vendor bill of the lawyer, counted as a legal cost of the proceeding."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Legal Cost"),
            "res_model": "account.move",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_move_type": "in_invoice",
                "default_partner_id": self.lawyer_id.id,
                "default_collection_proceeding_id": self.id,
                "default_company_id": self.company_id.id,
            },
        }

    def action_view_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_in_invoice_type"
        )
        action["domain"] = [("collection_proceeding_id", "=", self.id)]
        action["context"] = {
            "default_move_type": "in_invoice",
            "default_partner_id": self.lawyer_id.id,
            "default_collection_proceeding_id": self.id,
        }
        return action

    def _add_hearing(self, start, name=None, duration=1.0):
        """A hearing as a calendar event of the lawyer and the consultant."""
        self.ensure_one()
        attendees = self.lawyer_id | self.case_id.user_id.partner_id
        return (
            self.env["calendar.event"]
            .with_context(no_mail_to_attendees=True)
            .create(
                {
                    "name": name
                    or self.env._(
                        "Hearing %(proceeding)s - %(debtor)s",
                        proceeding=self.court_reference or self.name,
                        debtor=self.partner_id.name,
                    ),
                    "start": start,
                    "stop": start + timedelta(hours=duration),
                    "location": self.court,
                    "partner_ids": [fields.Command.set(attendees.ids)],
                    "user_id": (self.case_id.user_id or self.env.user).id,
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": self.id,
                }
            )
        )
