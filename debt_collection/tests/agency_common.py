"""Test fixture: an agency with two creditors under mandate, each with its consultant."""

import base64
from datetime import date

from freezegun import freeze_time

from odoo import Command

from .common import DebtCollectionCommon


class AgencyCommon(DebtCollectionCommon):
    """An agency (the test company) with two creditors under mandate, each with its consultant.

    The utility's mandate: flat 20 % commission, 21 % VAT on it, net remittance. The telecom's:
    flat 15 %, no VAT, gross remittance. Debtors are Spanish (tax ids and phones read in ES).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an agency: its mode on (a mandate would turn it on as well)
        cls.company.collection_agency_mode = True
        cls.Mandate = cls.env["debt.collection.mandate"]
        cls.Placement = cls.env["debt.collection.placement"]
        cls.Line = cls.env["debt.collection.remittance.line"]
        cls.currency = cls.company.currency_id
        cls.utility = cls.env["res.partner"].create(
            {"name": "Aguas del Turia S.A.", "is_company": True, "lang": "en_US"}
        )
        cls.telecom = cls.env["res.partner"].create(
            {"name": "Telefonía Levante S.L.", "is_company": True, "lang": "en_US"}
        )
        # a sale tax with its own VAT account (the test chart's, at 21 %)
        cls.vat21 = cls.company_data["default_tax_sale"].copy(
            {"name": "VAT 21% (commission)", "amount": 21.0, "amount_type": "percent"}
        )
        cls.mandate = cls._mandate(
            cls.utility,
            "UT-2026",
            cls.consultant,
            commission_rate=20.0,
            commission_tax_ids=[Command.set(cls.vat21.ids)],
            remittance_mode="net",
        )
        cls.mandate2 = cls._mandate(
            cls.telecom, "TL-2026", cls.consultant2, commission_rate=15.0, remittance_mode="gross"
        )

    @classmethod
    def _mandate(cls, creditor, name, consultant, **values):
        mandate = cls.env["debt.collection.mandate"].create(
            {
                "name": name,
                "creditor_id": creditor.id,
                "company_id": cls.company.id,
                "date_start": date(2026, 1, 1),
                "user_ids": [Command.set(consultant.ids)],
                "debtor_country_id": cls.env.ref("base.es").id,
                **values,
            }
        )
        mandate.action_activate()
        return mandate

    @classmethod
    def _agency_case(cls, partner, creditor, user=None):
        """A case of the agency for ``partner``'s debt to ``creditor``, worked by ``user``."""
        values = {
            "partner_id": partner.id,
            "creditor_id": creditor.id,
            "company_id": cls.company.id,
        }
        if user:
            values["user_id"] = user.id
        return cls.env["debt.collection.case"].create(values)

    @classmethod
    def _place(cls, mandate, partner, amount, ref, due=date(2026, 1, 10), currency=None):
        return cls.env["debt.collection.placement"]._place(
            mandate,
            [
                {
                    "partner_id": partner.id,
                    "name": ref,
                    "amount": amount,
                    "currency_id": (currency or cls.company.currency_id).id,
                    "date_due": due,
                    "date_original": due,
                    "description": False,
                }
            ],
        )

    @classmethod
    def _pay_placement(cls, placement, amount=None, pay_date=None, mandate=None):
        """The debtor pays into the client-money bank (Register Payment on the invoice)."""
        return cls._pay(
            placement.move_id,
            amount,
            pay_date,
            journal=(mandate or placement.mandate_id).bank_journal_id,
        )

    def _balance(self, account):
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        )
        return self.currency.round(sum(lines.mapped("balance")))

    def _wizard(self, content, file_name="portfolio.csv", mandate=None, **values):
        return self.env["debt.collection.import"].create(
            {
                "mandate_id": (mandate or self.mandate).id,
                "file": base64.b64encode(content),
                "file_name": file_name,
                **values,
            }
        )

    def _remit_january(self, mandate, confirm=True):
        """January 2026 remitted (or only computed) on 3 February."""
        with freeze_time("2026-02-03"):
            return self._remit(mandate, date(2026, 1, 1), date(2026, 1, 31), confirm)

    def _assert_client_money(self, placed, collected):
        """The utility mandate's balances: placed and still outstanding, collected to remit."""
        self.assertEqual(self._balance(self.mandate.placement_account_id), placed)
        self.assertEqual(self._balance(self.mandate.collected_account_id), collected)

    def _remit(self, mandate, date_from, date_to, confirm=True):
        remittance = self.env["debt.collection.remittance"].create(
            {"mandate_id": mandate.id, "date_from": date_from, "date_to": date_to}
        )
        if confirm:
            remittance.action_confirm()
        else:
            remittance.action_compute()
        return remittance
