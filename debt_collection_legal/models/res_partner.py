"""The debtor's type for the legal phase: business, public administration or consumer."""

from odoo import api, fields, models

DEBTOR_TYPES = [
    ("business", "Business"),
    ("public", "Public Administration"),
    ("consumer", "Consumer"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    collection_debtor_type = fields.Selection(
        DEBTOR_TYPES,
        string="Debtor Type (Legal)",
        compute="_compute_collection_debtor_type",
        store=True,
        readonly=False,
        help="Businesses and public administrations owe commercial late-payment interest and "
        "the fixed compensation per invoice; consumers at most the legal interest rate.",
    )
    collection_pec = fields.Char(
        string="Certified E-mail (PEC)",
        help="Certified e-mail address (posta elettronica certificata) for legal notices.",
    )

    @api.depends("is_company")
    def _compute_collection_debtor_type(self):
        for partner in self:
            # a public administration stays one, whatever its contact says
            if partner.collection_debtor_type != "public":
                partner.collection_debtor_type = "business" if partner.is_company else "consumer"

    def _collection_legal_debtor_type(self):
        """The debtor type of the legal entity that owes (the commercial partner's)."""
        self.ensure_one()
        return self.commercial_partner_id.collection_debtor_type or (
            "business" if self.commercial_partner_id.is_company else "consumer"
        )
