"""A dated rate of statutory interest per country, kind and period."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

RATE_KINDS = [
    ("commercial", "Late payment in commercial transactions"),
    ("legal", "Legal interest rate"),
]


class DebtCollectionInterestRate(models.Model):
    """A dated rate of statutory interest: one row per country, kind and period.

    Commercial rows (EU Directive 2011/7: Spain Ley 3/2004, Italy D.Lgs. 231/2002) hold the
    reference rate of the semester and the 8 points added by law; legal rows (Spain's "interés
    legal del dinero", Italy's "tasso legale", claimed from consumers) hold the year's rate.
    """

    _name = "debt.collection.interest.rate"
    _description = "Statutory Interest Rate"
    _order = "country_id, kind, date_from desc"
    _rec_names_search = ["country_id", "date_from"]

    country_id = fields.Many2one("res.country", required=True, index=True, ondelete="restrict")
    kind = fields.Selection(RATE_KINDS, required=True, default="commercial", index=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    reference_rate = fields.Float(
        string="Reference Rate (%)",
        digits=(6, 4),
        required=True,
        help="The rate published for the period: the ECB's main refinancing rate for "
        "commercial interest, the legal rate itself for legal interest.",
    )
    margin = fields.Float(
        string="Points Added (%)",
        digits=(6, 4),
        help="The points the law adds to the reference rate (8 for commercial transactions).",
    )
    rate = fields.Float(
        string="Applicable Rate (%)", digits=(6, 4), compute="_compute_rate", store=True
    )
    source = fields.Char(help="Where the rate was published (e.g. BOE resolution, Gazzetta).")
    confidence = fields.Selection(
        [
            ("high", "Official text"),
            ("medium", "Two secondary sources"),
            ("low", "To be confirmed"),
        ],
        default="high",
        required=True,
        help="How sure the shipped figure is: confirm the low ones against the official text.",
    )

    _sql_constraints = [
        (
            "period_check",
            "CHECK(date_to >= date_from)",
            "A rate period cannot end before it starts.",
        ),
    ]

    @api.depends("reference_rate", "margin")
    def _compute_rate(self):
        for rate in self:
            rate.rate = rate.reference_rate + rate.margin

    @api.depends("country_id", "kind", "date_from", "date_to", "rate")
    def _compute_display_name(self):
        for rate in self:
            rate.display_name = (
                f"{rate.country_id.code or ''} {rate.date_from or ''} - {rate.date_to or ''}: "
                f"{rate.rate:.2f} %"
            )

    @api.constrains("country_id", "kind", "date_from", "date_to")
    def _check_overlap(self):
        for rate in self:
            overlapping = self.search_count(
                [
                    ("id", "!=", rate.id),
                    ("country_id", "=", rate.country_id.id),
                    ("kind", "=", rate.kind),
                    ("date_from", "<=", rate.date_to),
                    ("date_to", ">=", rate.date_from),
                ],
                limit=1,
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "Two %(kind)s rates of %(country)s cover the same days around "
                        "%(date)s: a day has one rate.",
                        kind=dict(rate._fields["kind"]._description_selection(self.env))[
                            rate.kind
                        ],
                        country=rate.country_id.name,
                        date=format_date(self.env, rate.date_from),
                    )
                )

    @api.model
    def _get_periods(self, country, kind, date_from, date_to):
        """``[(date_from, date_to, rate)]`` of ``country`` overlapping the two dates."""
        rates = self.search(
            [
                ("country_id", "=", country.id),
                ("kind", "=", kind),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ],
            order="date_from",
        )
        return [(rate.date_from, rate.date_to, rate.rate) for rate in rates]

    @api.model
    def _has_table(self, country, kind="commercial"):
        """Whether rates of this kind are kept for ``country`` at all."""
        return bool(
            country and self.search_count([("country_id", "=", country.id), ("kind", "=", kind)])
        )
