"""Wizard: the cost-benefit panel before handing a case to court, and the hand-off."""

from odoo import api, fields, models
from odoo.tools.misc import format_amount, format_date

from ..models.debt_collection_proceeding import PROCEDURES

# The usual first step of a money claim in each country
DEFAULT_PROCEDURES = {"ES": "monitorio", "IT": "decreto_ingiuntivo"}
# Legal costs above this share of the claim leave too little to be worth suing for
COST_SHARE_WARNING = 0.5


class DebtCollectionHandoffWizard(models.TransientModel):
    """The cost-benefit panel before handing a case to court, and the hand-off itself."""

    _name = "debt.collection.handoff.wizard"
    _description = "Hand Off to Court"

    case_id = fields.Many2one("debt.collection.case", required=True, readonly=True)
    currency_id = fields.Many2one(related="case_id.currency_id")
    notice_id = fields.Many2one(
        "debt.collection.legal.notice", compute="_compute_figures", string="Legal Notice"
    )
    amount_residual = fields.Monetary(related="case_id.amount_residual", string="Principal Due")
    amount_interest = fields.Monetary(compute="_compute_figures", string="Statutory Interest")
    amount_compensation = fields.Monetary(compute="_compute_figures", string="Compensation")
    amount_claim = fields.Monetary(compute="_compute_figures", string="Claim")
    cost_estimate = fields.Monetary(
        string="Estimated Legal Costs",
        help="Lawyer, court fees and enforcement: what suing would cost.",
    )
    amount_net = fields.Monetary(
        compute="_compute_amount_net",
        string="Claim Less Costs",
        help="What suing would bring in if the claim is recovered whole, after the legal costs.",
    )
    solvency_note = fields.Text(related="case_id.solvency_note", readonly=False)
    date_prescription = fields.Date(related="case_id.collection_date_prescription")
    recommendation = fields.Char(compute="_compute_recommendation")
    go_to_court = fields.Boolean(compute="_compute_recommendation")
    lawyer_id = fields.Many2one("res.partner", string="Lawyer or Law Firm", required=True)
    court = fields.Char()
    procedure = fields.Selection(
        PROCEDURES,
        required=True,
        compute="_compute_procedure",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("case_id")
    def _compute_figures(self):
        for wizard in self:
            notice = wizard.case_id.legal_notice_ids.filtered(
                lambda n: n.state in ("delivered", "expired", "answered")
            )[:1]
            wizard.notice_id = notice
            wizard.amount_interest = notice.amount_interest
            wizard.amount_compensation = notice.amount_compensation
            wizard.amount_claim = (
                wizard.case_id.amount_residual
                + notice.amount_interest
                + notice.amount_compensation
            )

    @api.depends("amount_claim", "cost_estimate")
    def _compute_amount_net(self):
        for wizard in self:
            wizard.amount_net = wizard.amount_claim - wizard.cost_estimate

    @api.depends("case_id")
    def _compute_procedure(self):
        for wizard in self:
            country = (
                wizard.case_id.creditor_id or wizard.case_id.company_id.partner_id
            ).country_id
            wizard.procedure = DEFAULT_PROCEDURES.get(country.code, "ordinary")

    @api.depends("amount_claim", "cost_estimate", "solvency_note", "date_prescription")
    def _compute_recommendation(self):
        for wizard in self:
            wizard.recommendation, wizard.go_to_court = wizard._cost_benefit()

    def _cost_benefit(self):
        """(recommendation, whether to sue): the claim weighed against the costs typed."""
        case = self.case_id
        currency = self.currency_id
        net = format_amount(self.env, self.amount_net, currency)
        if case.collection_time_barred:
            return self.env._("Do not sue: the debt is time-barred."), False
        if not self.cost_estimate:
            return self.env._(
                "Estimate the legal costs (lawyer, court fees, enforcement) to weigh them "
                "against the claim."
            ), False
        if self.cost_estimate >= self.amount_claim:
            return self.env._("Write off: the legal costs exceed what can be recovered."), False
        if self.cost_estimate > self.amount_claim * COST_SHARE_WARNING:
            return self.env._(
                "Think twice: the legal costs take %(share)s%% of the claim; %(net)s would be "
                "left if the whole claim is recovered.",
                share=round(self.cost_estimate * 100 / self.amount_claim),
                net=net,
            ), False
        if not self.solvency_note:
            return self.env._(
                "Check the debtor's solvency first: a judgment against a debtor with "
                "nothing to seize recovers nothing."
            ), False
        if case.collection_prescription_soon:
            return self.env._(
                "Hand off to court now: the debt becomes time-barred on %(date)s; "
                "%(net)s expected after legal costs.",
                date=format_date(self.env, self.date_prescription),
                net=net,
            ), True
        return self.env._("Hand off to court: %(net)s expected after legal costs.", net=net), True

    def action_confirm(self):
        self.ensure_one()
        case = self.case_id
        case.check_access("write")
        case._legal_check_hand_off()
        proceeding = self.env["debt.collection.proceeding"].create(
            {
                "case_id": case.id,
                "lawyer_id": self.lawyer_id.id,
                "court": self.court,
                "procedure": self.procedure,
                "amount_claimed": self.amount_claim,
                "cost_estimate": self.cost_estimate,
            }
        )
        case._legal_log_step(proceeding, "note", self.env._("Handed to court"))
        case._close("court", "court")
        return proceeding._get_records_action(name=self.env._("Legal Proceeding"))
