"""The mandate's accounting set-up: the journals and accounts that keep client money apart."""

from odoo import models
from odoo.exceptions import UserError

from ..tools.chart_accounts import SERVICES_INCOME, chart_account


class DebtCollectionMandate(models.Model):
    _name = "debt.collection.mandate"
    _inherit = ["debt.collection.mandate", "debt.collection.accounting.mixin"]

    def _ensure_accounting(self):
        """Journals and accounts of the mandate, made on first activation if missing.

        sudo: accounts and journals need the chart's administrators; a Collection Manager
        activating a mandate gets exactly these (named after the creditor), nothing else.
        """
        self.ensure_one()
        company = self.company_id
        if (
            not self.env["account.account"]
            .sudo()
            .search_count([("company_ids", "in", company.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "Install a chart of accounts for %(company)s first.", company=company.name
                )
            )
        creditor = self.creditor_id.name
        Journal = self.env["account.journal"].sudo().with_company(company)
        vals = {}
        if not self.receivable_account_id:
            vals["receivable_account_id"] = self._find_or_create_collection_account(
                self.env._("Debtors of placed debts (client money)"), "asset_receivable"
            ).id
        if not self.placement_account_id:
            vals["placement_account_id"] = self._create_collection_account(
                self.env._("%(creditor)s: debts placed, under collection", creditor=creditor),
                "liability_current",
            ).id
        if not self.collected_account_id:
            vals["collected_account_id"] = self._create_collection_account(
                self.env._("%(creditor)s: collected, to remit", creditor=creditor),
                "liability_current",
            ).id
        if not self.journal_id:
            vals["journal_id"] = Journal.create(
                self._prepare_collection_journal_values(
                    self.env._("Placements %(creditor)s", creditor=creditor),
                    "PL",
                    "sale",
                    default_account_id=vals.get(
                        "placement_account_id", self.placement_account_id.id
                    ),
                    refund_sequence=True,
                )
            ).id
        if not self.entry_journal_id:
            vals["entry_journal_id"] = self._shared_collection_journal(
                Journal, "CLM", "general", self.env._("Client Money")
            ).id
        if not self.bank_journal_id:
            vals["bank_journal_id"] = self._shared_collection_journal(
                Journal, "CLB", "bank", self.env._("Client-Money Bank")
            ).id
        if not self.purchase_journal_id:
            vals["purchase_journal_id"] = self._company_journal("purchase").id
        if not self.commission_journal_id:
            vals["commission_journal_id"] = self._company_journal("sale").id
        commission_journal = self.env["account.journal"].browse(
            vals.get("commission_journal_id") or self.commission_journal_id.id
        )
        if not self.commission_account_id:
            # services rendered (PGC 705), not the sales journal's goods account (700)
            vals["commission_account_id"] = (
                chart_account(self.env, company, SERVICES_INCOME)
                or commission_journal.default_account_id
            ).id
        if not self.fee_account_id:
            vals["fee_account_id"] = vals.get(
                "commission_account_id", self.commission_account_id.id
            )
        if vals:
            self.write(vals)

    def _shared_collection_journal(self, Journal, code, journal_type, name):
        """The company's journal ``code`` that all its mandates share (client money and its
        bank), made with ``name`` if missing; ``Journal`` as ``_ensure_accounting`` has it."""
        return Journal.search(
            [
                ("company_id", "=", self.company_id.id),
                ("code", "=", code),
                ("type", "=", journal_type),
            ],
            limit=1,
        ) or Journal.create(self._prepare_collection_journal_values(name, code, journal_type))

    def _company_journal(self, journal_type):
        placement_journals = (
            self.sudo()
            .search([("company_id", "=", self.company_id.id), ("journal_id", "!=", False)])
            .journal_id
        )
        journal = self.env["account.journal"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("type", "=", journal_type),
                ("id", "not in", (placement_journals | self.journal_id).ids),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no %(type)s journal of its own for remittances.",
                    company=self.company_id.name,
                    type=journal_type,
                )
            )
        return journal
