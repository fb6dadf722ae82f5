"""The legal notice before court: what is claimed, to whom, and its state."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.debt_collection.tools.amount_words import amount_to_words

from .res_company import MIN_DEADLINE_DAYS, check_deadline_days
from .res_partner import DEBTOR_TYPES

NOTICE_STATES = [
    ("draft", "To Review"),
    ("sending", "Sending"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("failed", "Not Delivered"),
    ("expired", "Deadline Passed"),
    ("answered", "Answered"),
    ("cancelled", "Cancelled"),
]
# Notices that still speak for the case: a new one is not prepared while one of these exists
OPEN_STATES = ("draft", "sending", "sent", "delivered")
CHANNELS = [
    ("pec", "Certified E-mail (PEC)"),
    ("registered", "Registered Letter with Return Receipt"),
    ("burofax", "Burofax"),
]
DELIVERY_OUTCOMES = [
    ("delivered", "Delivered"),
    ("refused", "Refused by the Debtor"),
    ("not_collected", "Not Collected"),
    ("undeliverable", "Undeliverable"),
    ("not_accepted", "Not Accepted by the PEC Provider"),
    ("delivery_error", "PEC Delivery Error"),
]
# Outcomes that prove the debtor could know the notice: the deadline runs from them (CG-10)
PROVEN_OUTCOMES = ("delivered", "refused")
ANSWERS = [
    ("paid", "Paid"),
    ("payment", "Payment Received"),
    ("promise", "Payment Promised"),
    ("plan", "Instalment Plan Agreed"),
]
REPORT_LANGS = ("es", "it", "en")
INTEREST_KINDS = [
    ("commercial", "Commercial late-payment interest"),
    ("legal", "Legal interest"),
    ("none", "No interest claimed"),
]
# Provisions cited by the notice (names of laws: not translated)
LEGAL_BASIS = {
    "ES": {
        "interest": "Ley 3/2004, de 29 de diciembre, arts. 5 y 7",
        "compensation": "Ley 3/2004, de 29 de diciembre, art. 8",
        "legal": "Código Civil, arts. 1100 y 1108",
    },
    "IT": {
        "interest": "D.Lgs. 9 ottobre 2002, n. 231, artt. 4 e 5",
        "compensation": "D.Lgs. 9 ottobre 2002, n. 231, art. 6",
        "legal": "Codice civile, artt. 1224 e 1284",
    },
    None: {
        "interest": "Directive 2011/7/EU, art. 3",
        "compensation": "Directive 2011/7/EU, art. 6",
        "legal": "",
    },
}
# Fields that make the notice what was sent: frozen once it leaves the draft state
CONTENT_FIELDS = {
    "case_id",
    "channel",
    "date_notice",
    "debtor_type",
    "interest_kind",
    "interest_country_id",
    "deadline_days",
    "line_ids",
    "notarial",
    "pec_address",
}


def editable_compute(field_class, *args, **kwargs):
    """A field worked out when the record is created (precomputed, stored) that the user may
    then change: the notice's channel, debtor type, interest law and deadline, which come from
    its case."""
    return field_class(*args, store=True, readonly=False, precompute=True, **kwargs)


# Only the notice's own methods pass this object in the context (an RPC context is JSON)
_SYSTEM = object()


class DebtCollectionLegalNotice(models.Model):
    """The formal notice before court (requerimiento, diffida): what is claimed, how it was
    sent and what proves that the debtor received it."""

    _name = "debt.collection.legal.notice"
    _description = "Legal Notice"
    _inherit = ["debt.collection.legal.document.mixin"]

    creditor_id = fields.Many2one(related="case_id.creditor_id")
    user_id = fields.Many2one(
        "res.users", string="Prepared By", default=lambda self: self.env.user, readonly=True
    )
    sent_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    state = fields.Selection(
        NOTICE_STATES, default="draft", required=True, tracking=True, index=True, copy=False
    )
    channel = editable_compute(
        fields.Selection, CHANNELS, required=True, compute="_compute_channel", tracking=True
    )
    date_notice = fields.Date(
        string="Notice Date",
        required=True,
        default=fields.Date.context_today,
        help="The date of the notice: interest is calculated up to this day.",
    )
    debtor_type = editable_compute(
        fields.Selection, DEBTOR_TYPES, required=True, compute="_compute_debtor_type"
    )
    interest_country_id = editable_compute(
        fields.Many2one,
        "res.country",
        string="Interest Law Of",
        compute="_compute_interest_country_id",
        help="The country whose statutory rates apply: the creditor's.",
    )
    interest_kind = editable_compute(
        fields.Selection, INTEREST_KINDS, required=True, compute="_compute_interest_kind"
    )
    line_ids = fields.One2many(
        "debt.collection.legal.notice.line", "notice_id", string="Invoices", copy=False
    )
    amount_residual = fields.Monetary(
        string="Principal Due", compute="_compute_amounts", store=True, tracking=True
    )
    amount_interest = fields.Monetary(
        string="Statutory Interest", compute="_compute_amounts", store=True, tracking=True
    )
    amount_compensation = fields.Monetary(
        string="Recovery Compensation", compute="_compute_amounts", store=True, tracking=True
    )
    amount_total = fields.Monetary(
        string="Total Claimed", compute="_compute_amounts", store=True, tracking=True
    )
    rate_missing = fields.Boolean(
        compute="_compute_amounts",
        store=True,
        help="A day of interest has no rate in the table: add it before sending.",
    )
    deadline_days = editable_compute(
        fields.Integer,
        string="Days to Pay",
        compute="_compute_deadline_days",
        help="Counted from the proven delivery of the notice.",
    )
    pec_address = editable_compute(
        fields.Char, string="Debtor's PEC", compute="_compute_pec_address"
    )
    pec_message_id = fields.Char(
        string="Sent Message-ID", readonly=True, copy=False, index="btree_not_null"
    )
    mail_id = fields.Many2one("mail.mail", string="Outgoing Message", readonly=True, copy=False)
    carrier = fields.Char(readonly=True, copy=False, tracking=True)
    tracking_ref = fields.Char(string="Tracking Number", readonly=True, copy=False, tracking=True)
    notarial = fields.Boolean(
        string="Through a Notary",
        help="Sent as a notarial demand (requerimiento notarial): it lets the creditor "
        "recover the VAT of the debt in Spain without a court claim.",
    )
    date_sent = fields.Datetime(readonly=True, copy=False, tracking=True)
    date_accepted = fields.Datetime(
        string="Accepted On", readonly=True, copy=False, help="PEC acceptance receipt."
    )
    date_delivered = fields.Date(
        readonly=True,
        copy=False,
        tracking=True,
        help="The day delivery is proven (PEC delivery receipt, return receipt); for a "
        "letter the debtor refused, the day of the refusal.",
    )
    delivery_outcome = fields.Selection(
        DELIVERY_OUTCOMES, readonly=True, copy=False, tracking=True
    )
    date_failed = fields.Date(string="Failed On", readonly=True, copy=False)
    failure_reason = fields.Char(readonly=True, copy=False)
    date_deadline = fields.Date(
        string="Pay By",
        compute="_compute_date_deadline",
        store=True,
        index=True,
        tracking=True,
        help="Runs only from proven delivery or refusal: no proof, no deadline.",
    )
    answer = fields.Selection(ANSWERS, readonly=True, copy=False, tracking=True)
    interest_move_id = fields.Many2one(
        "account.move",
        string="Interest Invoice",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The invoice of the interest and compensation, once a manager decided to charge "
        "them: a new entry, never a change to the invoices claimed.",
    )
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="Notice PDF", readonly=True, copy=False, ondelete="restrict"
    )
    evidence_ids = fields.One2many("debt.collection.legal.evidence", "notice_id", readonly=True)
    evidence_count = fields.Integer(compute="_compute_evidence_count")
    note = fields.Html(string="Internal Note")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("case_id")
    def _compute_channel(self):
        for notice in self:
            partner = notice.case_id.partner_id.commercial_partner_id
            if partner.collection_pec and notice.case_id.company_id.collection_pec_server_id:
                notice.channel = "pec"
            elif partner.country_id.code == "ES":
                notice.channel = "burofax"
            else:
                notice.channel = "registered"

    @api.depends("case_id")
    def _compute_debtor_type(self):
        for notice in self:
            partner = notice.case_id.partner_id
            notice.debtor_type = partner._collection_legal_debtor_type() if partner else "business"

    @api.depends("case_id")
    def _compute_interest_country_id(self):
        for notice in self:
            case = notice.case_id
            creditor = case.creditor_id or case.company_id.partner_id
            notice.interest_country_id = creditor.country_id or case.company_id.country_id

    @api.depends("debtor_type", "interest_country_id")
    def _compute_interest_kind(self):
        Rate = self.env["debt.collection.interest.rate"]
        for notice in self:
            if notice.debtor_type in ("business", "public"):
                has_table = Rate._has_table(notice.interest_country_id, "commercial")
                notice.interest_kind = "commercial" if has_table else "none"
            elif notice.case_id.company_id.collection_claim_consumer_interest and Rate._has_table(
                notice.interest_country_id, "legal"
            ):
                notice.interest_kind = "legal"
            else:
                notice.interest_kind = "none"

    @api.depends("case_id")
    def _compute_deadline_days(self):
        for notice in self:
            notice.deadline_days = (
                notice.case_id.company_id.collection_notice_deadline_days or MIN_DEADLINE_DAYS
            )

    @api.depends("case_id")
    def _compute_pec_address(self):
        for notice in self:
            notice.pec_address = notice.case_id.partner_id.commercial_partner_id.collection_pec

    @api.depends("date_delivered", "delivery_outcome", "deadline_days")
    def _compute_date_deadline(self):
        for notice in self:
            if notice.date_delivered and notice.delivery_outcome in PROVEN_OUTCOMES:
                notice.date_deadline = notice.date_delivered + timedelta(days=notice.deadline_days)
            else:
                notice.date_deadline = False

    def _compute_evidence_count(self):
        counts = dict(
            self.env["debt.collection.legal.evidence"]._read_group(
                [("notice_id", "in", self.ids)], ["notice_id"], ["__count"]
            )
        )
        for notice in self:
            notice.evidence_count = counts.get(notice, 0)

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------

    @api.constrains("deadline_days")
    def _check_deadline_days(self):
        for notice in self:
            check_deadline_days(self.env, notice.deadline_days)

    @api.model_create_multi
    def create(self, vals_list):
        notices = super().create(vals_list)
        for notice in notices.filtered(lambda n: not n.line_ids):
            notice._refresh_lines()
        # the figures are worked out now, with today's rate table, and then kept
        notices.line_ids.flush_recordset()
        return notices

    def write(self, vals):
        frozen = any(notice.state != "draft" for notice in self)
        if frozen and not self._is_system() and CONTENT_FIELDS & set(vals):
            raise UserError(
                self.env._(
                    "A legal notice that left the draft state is evidence: its content "
                    "cannot change. Cancel it and prepare a new one."
                )
            )
        res = super().write(vals)
        if {"date_notice", "debtor_type", "interest_kind", "interest_country_id"} & set(vals):
            for notice in self.filtered(lambda n: n.state == "draft"):
                notice._refresh_lines()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.env.su:
            return
        if any(notice.state != "draft" for notice in self):
            raise UserError(
                self.env._("Only a draft legal notice can be deleted; a sent one is evidence.")
            )

    def _is_system(self):
        return self.env.context.get("debt_collection_legal_system") is _SYSTEM

    def _system(self):
        """This notice, allowed to write what its receipts and outcomes prove."""
        return self.with_context(debt_collection_legal_system=_SYSTEM)

    # ------------------------------------------------------------------
    # Content: invoices, interest, compensation
    # ------------------------------------------------------------------

    def _refresh_lines(self):
        """Rebuild the invoices of a draft from the case's open, undisputed invoices."""
        self.ensure_one()
        invoices = self.case_id._get_letter_invoices()
        commands = [fields.Command.clear()]
        for invoice in invoices:
            commands.append(fields.Command.create({"move_id": invoice.id}))
        self._system().line_ids = commands
        self.line_ids.flush_recordset()

    def _get_compensation_amount(self):
        """The fixed compensation per invoice (40 EUR, Directive 2011/7 art. 6), in the
        company's currency at the notice date; only from business and public debtors (CG-11)."""
        self.ensure_one()
        if self.debtor_type not in ("business", "public") or self.interest_kind != "commercial":
            return 0.0
        eur = self.env.ref("base.EUR")
        return eur._convert(40.0, self.currency_id, self.company_id, self.date_notice)

    def _get_rate_periods(self, date_from, date_to):
        self.ensure_one()
        if self.interest_kind == "none":
            return []
        return self.env["debt.collection.interest.rate"]._get_periods(
            self.interest_country_id, self.interest_kind, date_from, date_to
        )

    # ------------------------------------------------------------------
    # What the PDF shows
    # ------------------------------------------------------------------

    def _get_report_lang(self):
        """The debtor's language if the notice is written in it (es, it, en), else English."""
        self.ensure_one()
        lang = self.partner_id.lang or "en_US"
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        if lang.split("_")[0] in REPORT_LANGS and lang in installed:
            return lang
        return "en_US"

    def _get_amount_words(self, amount=None):
        self.ensure_one()
        amount = self.amount_total if amount is None else amount
        return amount_to_words(amount, self.currency_id, self._get_report_lang())

    def _get_legal_basis(self):
        """The provisions the notice relies on, by the country whose law applies."""
        self.ensure_one()
        code = self.interest_country_id.code
        basis = LEGAL_BASIS.get(code, LEGAL_BASIS[None])
        return {
            "interest": basis["legal" if self.interest_kind == "legal" else "interest"],
            "compensation": basis["compensation"],
        }

    def _get_bank_accounts(self):
        """Only the creditor's or the agency's accounts (CG-14), as the core letters give."""
        self.ensure_one()
        return self.case_id._collection_payment_accounts()
