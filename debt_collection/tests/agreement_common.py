"""Test fixture: the creditor's side of agency work, an agreement with an external agency."""

from odoo import Command

from .common import DebtCollectionCommon


class AgreementCommon(DebtCollectionCommon):
    """The test company, in-house, and its agreement with Recobros Levante: 15 % commission,
    21 % VAT on it, net remittance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agency = cls.env["res.partner"].create(
            {"name": "Recobros Levante S.L.", "is_company": True}
        )
        cls.vat21 = cls.company_data["default_tax_purchase"].copy(
            {"name": "VAT 21% (agency)", "amount": 21.0, "amount_type": "percent"}
        )
        cls.agreement = cls.env["debt.collection.agency.agreement"].create(
            {
                "name": "Recobros Levante 2026",
                "agency_id": cls.agency.id,
                "commission_rate": 15.0,
                "commission_tax_ids": [Command.set(cls.vat21.ids)],
                "remittance_mode": "net",
            }
        )
