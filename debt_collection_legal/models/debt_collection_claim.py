"""The court claim prepared when extrajudicial collection ended: a Spanish proceso monitorio
petition or an Italian ricorso per decreto ingiuntivo, with its figures and documents."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.debt_collection.tools.amount_words import amount_to_words

from .debt_collection_claim_cost import CLAIM_PROCEDURES
from .debt_collection_legal_notice import INTEREST_KINDS, LEGAL_BASIS, PROVEN_OUTCOMES
from .res_partner import DEBTOR_TYPES

# The procedure follows the court's country, which is the debtor's (the court of its domicile)
PROCEDURE_BY_COUNTRY = {"ES": "monitorio", "IT": "decreto_ingiuntivo"}
# The petition is written in the court's language
COURT_LANGS = {"monitorio": "es_ES", "decreto_ingiuntivo": "it_IT"}
# Spain: a lawyer and a procurador are needed above this amount once the debtor opposes and
# the monitorio turns into an ordinary or verbal trial (LEC arts. 23.2.1, 31.2.1, 818)
ES_LAWYER_THRESHOLD = 2000.0
CLAIM_STATES = [
    ("draft", "To Review"),
    ("ready", "Ready to File"),
    ("handed_off", "Handed to Court"),
    ("cancelled", "Cancelled"),
]


class DebtCollectionClaim(models.Model):
    """A court claim ready to file: parties, competent court, the sum (principal, interest to
    date computed as the legal notice computes it, compensation), the numbered documents and
    the cost-benefit weighed before the step."""

    _name = "debt.collection.claim"
    _description = "Court Claim"
    _inherit = ["debt.collection.legal.document.mixin"]

    case_id = fields.Many2one(tracking=False, readonly=True)
    state = fields.Selection(
        CLAIM_STATES, default="draft", required=True, tracking=True, copy=False
    )
    procedure = fields.Selection(CLAIM_PROCEDURES, required=True, readonly=True, tracking=True)
    date_claim = fields.Date(
        string="Claim Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="Interest is calculated up to this day, as in the legal notice.",
    )
    notice_id = fields.Many2one(
        "debt.collection.legal.notice",
        string="Legal Notice",
        readonly=True,
        ondelete="restrict",
        help="The demand delivered before the claim: its interest law and kind are kept.",
    )
    debtor_type = fields.Selection(DEBTOR_TYPES, readonly=True)
    interest_kind = fields.Selection(INTEREST_KINDS, readonly=True)
    interest_country_id = fields.Many2one("res.country", string="Interest Law Of", readonly=True)
    line_ids = fields.One2many("debt.collection.claim.line", "claim_id", string="Invoices")
    document_ids = fields.One2many(
        "debt.collection.claim.document", "claim_id", string="Documents", copy=False
    )
    amount_residual = fields.Monetary(string="Principal", compute="_compute_amounts", store=True)
    amount_interest = fields.Monetary(
        string="Interest to Date", compute="_compute_amounts", store=True
    )
    amount_compensation = fields.Monetary(
        string="Recovery Compensation", compute="_compute_amounts", store=True
    )
    amount_total = fields.Monetary(string="Amount Claimed", compute="_compute_amounts", store=True)
    rate_missing = fields.Boolean(compute="_compute_amounts", store=True)
    # the competent court: by the debtor's domicile and, in Italy, by value
    court_city = fields.Char(
        compute="_compute_court_city",
        store=True,
        readonly=False,
        help="The debtor's domicile, which sets the competent court.",
    )
    cost_id = fields.Many2one(
        "debt.collection.claim.cost",
        string="Court Costs Row",
        compute="_compute_cost_id",
        store=True,
        readonly=False,
    )
    court_level = fields.Selection(related="cost_id.court_level")
    court_to_confirm = fields.Boolean(
        compute="_compute_court_to_confirm",
        help="The court-costs row used is marked to be confirmed: check the court's value limit.",
    )
    court_name = fields.Char(
        string="Court", compute="_compute_court_name", store=True, readonly=False, tracking=True
    )
    court_fee = fields.Monetary(compute="_compute_costs", store=True, readonly=False)
    lawyer_fee = fields.Monetary(
        string="Lawyer Estimate", compute="_compute_costs", store=True, readonly=False
    )
    cost_total = fields.Monetary(string="Costs", compute="_compute_cost_total")
    lawyer_required = fields.Boolean(
        compute="_compute_lawyer_required",
        store=True,
        help="A monitorio petition itself needs no lawyer: above 2,000 EUR, a lawyer and a "
        "procurador are needed if the debtor opposes (LEC arts. 23, 31, 814.2, 818). A ricorso "
        "per decreto ingiuntivo is always signed by a lawyer.",
    )
    # the cost-benefit
    assets_note = fields.Text(
        string="Known Assets",
        help="Real estate, vehicles, bank accounts, receivables: what a judgment could seize.",
    )
    solvency_note = fields.Text(related="case_id.solvency_note", readonly=False)
    recovery_share = fields.Float(
        string="Recovered After Hand-off (%)", compute="_compute_cost_benefit", digits=(5, 1)
    )
    recovery_sample = fields.Integer(string="Similar Cases", compute="_compute_cost_benefit")
    amount_expected = fields.Monetary(string="Expected Recovery", compute="_compute_cost_benefit")
    amount_expected_net = fields.Monetary(
        string="Expected Net of Costs", compute="_compute_cost_benefit"
    )
    recommendation = fields.Text(compute="_compute_cost_benefit")
    go_to_court = fields.Boolean(compute="_compute_cost_benefit")
    proceeding_id = fields.Many2one(
        "debt.collection.proceeding", readonly=True, copy=False, ondelete="set null"
    )
    note = fields.Html(string="Internal Note")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("case_id")
    def _compute_court_city(self):
        for claim in self:
            claim.court_city = claim._debtor().city or False

    @api.depends("procedure", "amount_total", "date_claim", "case_id")
    def _compute_cost_id(self):
        Cost = self.env["debt.collection.claim.cost"]
        for claim in self:
            country = self.env["res.country"].search(
                [("code", "=", "ES" if claim.procedure == "monitorio" else "IT")], limit=1
            )
            claim.cost_id = Cost._find(
                claim.company_id, country, claim.procedure, claim.amount_total, claim.date_claim
            )

    @api.depends("cost_id.confidence")
    def _compute_court_to_confirm(self):
        for claim in self:
            claim.court_to_confirm = claim.cost_id.confidence == "low"

    @api.depends("cost_id", "court_city")
    def _compute_court_name(self):
        for claim in self:
            claim.court_name = claim._court_name()

    @api.depends("cost_id", "amount_total")
    def _compute_costs(self):
        for claim in self:
            if not claim.cost_id:
                claim.court_fee = claim.lawyer_fee = 0.0
                continue
            court, lawyer = claim.cost_id._costs(claim.amount_total)
            row_currency = claim.cost_id.currency_id
            claim.court_fee = row_currency._convert(
                court, claim.currency_id, claim.company_id, claim.date_claim
            )
            claim.lawyer_fee = row_currency._convert(
                lawyer, claim.currency_id, claim.company_id, claim.date_claim
            )

    @api.depends("court_fee", "lawyer_fee")
    def _compute_cost_total(self):
        for claim in self:
            claim.cost_total = claim.court_fee + claim.lawyer_fee

    @api.depends("procedure", "amount_total", "cost_id")
    def _compute_lawyer_required(self):
        eur = self.env.ref("base.EUR")
        for claim in self:
            if claim.procedure == "monitorio":
                threshold = eur._convert(
                    ES_LAWYER_THRESHOLD, claim.currency_id, claim.company_id, claim.date_claim
                )
                claim.lawyer_required = claim.amount_total > threshold
            else:
                # the ricorso is signed by a lawyer before either court (c.p.c. art. 82)
                claim.lawyer_required = True

    @api.depends(
        "amount_total", "court_fee", "lawyer_fee", "assets_note", "solvency_note", "case_id"
    )
    @api.depends_context("lang")
    def _compute_cost_benefit(self):
        for claim in self:
            share, sample = claim._recovery_history()
            claim.recovery_share = share * 100.0 if share is not None else 0.0
            claim.recovery_sample = sample
            expected = claim.amount_total * share if share is not None else claim.amount_total
            claim.amount_expected = claim.currency_id.round(expected)
            claim.amount_expected_net = claim.amount_expected - claim.cost_total
            claim.recommendation, claim.go_to_court = claim._cost_benefit(share, sample)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def write(self, vals):
        if (
            "state" not in vals
            and any(claim.state != "draft" for claim in self)
            and (set(vals) - {"note", "assets_note", "solvency_note"})
        ):
            raise UserError(
                self.env._("Only a claim to review can change: cancel it and prepare a new one.")
            )
        res = super().write(vals)
        if "date_claim" in vals:
            self._refresh_lines()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(claim.state not in ("draft", "cancelled") for claim in self):
            raise UserError(self.env._("A claim ready to file is kept: cancel it instead."))

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_refresh(self):
        """Recompute the interest to the claim date and the documents from the case."""
        self.ensure_one()
        self._check_claim_user()
        self._check_draft()
        self._refresh_lines()
        self._refresh_documents()
        return True

    def action_ready(self):
        """The claim reviewed: its figures are kept as printed and the step is logged."""
        self.ensure_one()
        self._check_claim_user()
        self._check_draft()
        if not self.line_ids:
            raise UserError(self.env._("The claim lists no unpaid invoice."))
        if self.rate_missing:
            raise UserError(
                self.env._(
                    "Some days of interest have no statutory rate: complete the rate table "
                    "and recalculate."
                )
            )
        if not self.court_name:
            raise UserError(
                self.env._("Enter the competent court: the debtor's address has no city.")
            )
        self.state = "ready"
        self.case_id._legal_log_step(self, "note", self.env._("Court claim ready to file"))
        return True

    def action_cancel(self):
        self.ensure_one()
        self._check_claim_user()
        if self.state == "handed_off":
            raise UserError(self.env._("The claim was handed to court with its proceeding."))
        self.state = "cancelled"
        return True

    def action_print(self):
        self.ensure_one()
        self._check_claim_user()
        return self.env.ref("debt_collection_legal.action_report_claim").report_action(self)

    def action_hand_off(self):
        """The case's hand-off to court, filled in with this claim's court, procedure, amount
        and costs."""
        self.ensure_one()
        self._check_claim_user()
        if self.state != "ready":
            raise UserError(self.env._("Mark the claim ready to file before handing it off."))
        if self.case_id.state == "court":
            # handed off before the claim was prepared: the claim goes to that proceeding
            proceeding = self.case_id.proceeding_ids.filtered(lambda p: p.state == "preparing")[:1]
            if proceeding:
                values = {"procedure": self.procedure, "amount_claimed": self.amount_total}
                if not proceeding.court:
                    values["court"] = self.court_name
                proceeding.write(values)
                self.write({"state": "handed_off", "proceeding_id": proceeding.id})
                return proceeding._get_records_action(name=self.env._("Legal Proceeding"))
        action = self.case_id.action_hand_off()
        action["context"] = {
            **action.get("context", {}),
            "default_court": self.court_name,
            "default_procedure": self.procedure,
            "default_cost_estimate": self.cost_total,
            "debt_collection_claim_id": self.id,
        }
        return action

    def _check_claim_user(self):
        """The Legal group and the managers prepare and print claims."""
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("debt_collection_legal.debt_collection_legal_group_user")
            or user.has_group("debt_collection.debt_collection_group_manager")
        ):
            raise UserError(
                self.env._("Only the Legal group or a Collection Manager prepares court claims.")
            )
        self.check_access("write")

    def _check_draft(self):
        if self.state != "draft":
            raise UserError(self.env._("Only a claim to review can be recalculated."))

    # ------------------------------------------------------------------
    # Content
    # ------------------------------------------------------------------

    @api.model
    def _prepare_values(self, case):
        """What a new claim of ``case`` starts with: its procedure and the interest law of
        the legal notice whose delivery was proven."""
        debtor = case.partner_id.commercial_partner_id
        creditor = case.creditor_id or case.company_id.partner_id
        code = debtor.country_id.code or creditor.country_id.code
        procedure = PROCEDURE_BY_COUNTRY.get(code)
        if not procedure:
            raise UserError(
                self.env._(
                    "No court claim is prepared for a debtor in %(country)s: only the Spanish "
                    "proceso monitorio and the Italian decreto ingiuntivo are supported.",
                    country=debtor.country_id.name or self.env._("an unknown country"),
                )
            )
        notice = case.legal_notice_ids.filtered(
            lambda n: n.delivery_outcome in PROVEN_OUTCOMES
        ).sorted("date_delivered", reverse=True)[:1]
        values = {"case_id": case.id, "procedure": procedure, "notice_id": notice.id}
        if notice:
            values.update(
                {
                    "debtor_type": notice.debtor_type,
                    "interest_kind": notice.interest_kind,
                    "interest_country_id": notice.interest_country_id.id,
                }
            )
        return values

    def _figures_notice(self):
        """An unsaved legal notice dated on the claim date with the claim's interest law: the
        notice's own computation gives the claim's interest, so both agree to the cent."""
        self.ensure_one()
        values = {"case_id": self.case_id.id, "date_notice": self.date_claim}
        if self.interest_kind:
            values.update(
                {
                    "debtor_type": self.debtor_type,
                    "interest_kind": self.interest_kind,
                    "interest_country_id": self.interest_country_id.id,
                }
            )
        invoices = self.case_id._get_letter_invoices()
        values["line_ids"] = [fields.Command.create({"move_id": inv.id}) for inv in invoices]
        return self.env["debt.collection.legal.notice"].new(values)

    def _refresh_lines(self):
        for claim in self.filtered(lambda c: c.state == "draft"):
            # sudo: the interest reads the invoices' payments (accounting), as the notice
            # line's stored compute does; only the figures are kept
            notice = claim.sudo()._figures_notice()
            if not claim.interest_kind:
                claim.write(
                    {
                        "debtor_type": notice.debtor_type,
                        "interest_kind": notice.interest_kind,
                        "interest_country_id": notice.interest_country_id.id,
                    }
                )
            commands = [fields.Command.clear()]
            for line in notice.line_ids:
                values = line._get_figures()
                values["move_id"] = line.move_id.id
                commands.append(fields.Command.create(values))
            claim.line_ids = commands

    def _debtor(self):
        self.ensure_one()
        return self.partner_id.commercial_partner_id

    def _court_name(self):
        """The competent court as the petition names it, in the court's language."""
        self.ensure_one()
        city = (self.court_city or "").strip()
        if not city:
            return False
        if self.procedure == "monitorio":
            # LEC art. 813: the court of first instance of the debtor's domicile
            return f"Juzgado de Primera Instancia de {city}"
        if self.court_level == "giudice_pace":
            return f"Giudice di Pace di {city}"
        # c.p.c. arts. 637, 18-19: the court by value of the debtor's domicile or seat
        return f"Tribunale di {city}"

    def _get_report_lang(self):
        """The court's language when installed, else the debtor's, else English."""
        self.ensure_one()
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        for lang in (COURT_LANGS.get(self.procedure), self.partner_id.lang):
            if lang in installed:
                return lang
        return "en_US"

    def _get_amount_words(self):
        self.ensure_one()
        return amount_to_words(self.amount_total, self.currency_id, self._get_report_lang())

    def _get_legal_basis(self):
        """The provisions of the interest and compensation claimed, as the notice cites them."""
        self.ensure_one()
        basis = LEGAL_BASIS.get(self.interest_country_id.code, LEGAL_BASIS[None])
        return {
            "interest": basis["legal" if self.interest_kind == "legal" else "interest"],
            "compensation": basis["compensation"],
        }
