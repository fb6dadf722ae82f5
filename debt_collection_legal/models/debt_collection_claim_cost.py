"""The court-cost table a manager keeps: per country, procedure and band of the claim's value,
the competent court level, the court fees and the lawyer's usual fee."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import formatLang

CLAIM_PROCEDURES = [
    ("monitorio", "Proceso Monitorio (ES)"),
    ("decreto_ingiuntivo", "Decreto Ingiuntivo (IT)"),
]
COURT_LEVELS = [
    ("primera_instancia", "Juzgado de Primera Instancia"),
    ("giudice_pace", "Giudice di Pace"),
    ("tribunale", "Tribunale"),
]


class DebtCollectionClaimCost(models.Model):
    """One band of a claim's value (over ``amount_from``, up to ``amount_to`` included; no upper
    limit when 0) in force between two dates: which court hears it and what filing costs.

    Italy's court by value is a band of this table because the law moves it (art. 7 c.p.c.:
    10,000 EUR since 28-02-2023, D.Lgs. 149/2022; 30,000 EUR from 31-10-2026 under
    D.Lgs. 116/2017 art. 27, postponed by D.L. 117/2025): a manager corrects the rows, the
    code does not change.
    """

    _name = "debt.collection.claim.cost"
    _description = "Court Costs of a Claim"
    _order = "country_id, procedure, date_from desc, amount_from"

    country_id = fields.Many2one("res.country", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(
        "res.company", help="Leave empty for a row every company uses.", index=True
    )
    procedure = fields.Selection(CLAIM_PROCEDURES, required=True)
    court_level = fields.Selection(COURT_LEVELS, required=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.EUR")
    )
    amount_from = fields.Monetary(
        string="Claims Over", help="The band holds claims above this value."
    )
    amount_to = fields.Monetary(string="Up To (Included)", help="0 means no upper limit.")
    date_from = fields.Date(string="In Force From", required=True)
    date_to = fields.Date(string="In Force Until")
    court_fee = fields.Monetary(
        help="Fixed court fee of the band (tasa judicial, contributo unificato)."
    )
    court_fee_rate = fields.Float(
        string="Court Fee (% of Claim)", digits=(6, 3), help="A fee that grows with the claim."
    )
    lawyer_fee = fields.Monetary(string="Lawyer Estimate")
    lawyer_fee_rate = fields.Float(string="Lawyer Estimate (% of Claim)", digits=(6, 3))
    lawyer_required = fields.Boolean(
        string="Lawyer Needed",
        help="Whether the claim of this band needs a lawyer (and a procurador in Spain).",
    )
    confidence = fields.Selection(
        [("high", "Official text"), ("low", "To be confirmed")],
        default="high",
        required=True,
        help="Rows to be confirmed are flagged on every claim that uses them.",
    )
    source = fields.Char(help="The law or tariff the row comes from.")

    _sql_constraints = [
        (
            "band_check",
            "CHECK(amount_to = 0 OR amount_to > amount_from)",
            "A band ends above its start.",
        ),
        (
            "period_check",
            "CHECK(date_to IS NULL OR date_to >= date_from)",
            "A row cannot end before it starts.",
        ),
    ]

    @api.depends("country_id", "procedure", "court_level", "amount_from", "amount_to")
    def _compute_display_name(self):
        levels = dict(self._fields["court_level"]._description_selection(self.env))
        for row in self:
            # amounts in the reader's language (2.000,00 in Spanish and Italian)
            lower = formatLang(self.env, row.amount_from)
            upper = formatLang(self.env, row.amount_to) if row.amount_to else "∞"
            row.display_name = (
                f"{row.country_id.code or ''} {levels.get(row.court_level, '')} {lower} - {upper}"
            )

    @api.constrains(
        "country_id", "company_id", "procedure", "amount_from", "amount_to", "date_from", "date_to"
    )
    def _check_overlap(self):
        for row in self:
            for other in self.search(
                [
                    ("id", "!=", row.id),
                    ("country_id", "=", row.country_id.id),
                    ("company_id", "=", row.company_id.id),
                    ("procedure", "=", row.procedure),
                ]
            ):
                same_time = (not other.date_to or other.date_to >= row.date_from) and (
                    not row.date_to or row.date_to >= other.date_from
                )
                same_value = (not other.amount_to or other.amount_to > row.amount_from) and (
                    not row.amount_to or row.amount_to > other.amount_from
                )
                if same_time and same_value:
                    raise ValidationError(
                        self.env._(
                            "Two rows of court costs cover the same claims on the same days: "
                            "%(row)s and %(other)s.",
                            row=row.display_name,
                            other=other.display_name,
                        )
                    )

    @api.model
    def _find(self, company, country, procedure, amount, day):
        """The row for a claim of ``amount`` on ``day``: the company's own row first."""
        domain = [
            ("country_id", "=", country.id),
            ("procedure", "=", procedure),
            ("amount_from", "<", amount),
            "|",
            ("amount_to", "=", 0),
            ("amount_to", ">=", amount),
            ("date_from", "<=", day),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", day),
        ]
        rows = self.search(domain + [("company_id", "in", [company.id, False])])
        return rows.filtered("company_id")[:1] or rows[:1]

    def _costs(self, amount):
        """(court fee, lawyer estimate) of a claim of ``amount`` in this row's currency."""
        self.ensure_one()
        court = self.court_fee + amount * self.court_fee_rate / 100.0
        lawyer = self.lawyer_fee + amount * self.lawyer_fee_rate / 100.0
        return self.currency_id.round(court), self.currency_id.round(lawyer)
