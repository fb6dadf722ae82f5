"""The accounts and journals a mandate or an agency agreement makes for itself, made one way."""

from odoo import Command, models
from odoo.exceptions import UserError


class DebtCollectionAccountingMixin(models.AbstractModel):
    """Finding or making the accounts and journals of a record's ``company_id``.

    sudo: accounts and journals need the chart's administrators; a Collection Manager setting
    up a mandate or an agreement gets exactly these, nothing else.
    """

    _name = "debt.collection.accounting.mixin"
    _description = "Collection Accounts and Journals"

    def _find_or_create_collection_account(self, name, account_type, code=None, reconcile=None):
        """The company's account coded ``code`` (without a code: named ``name``), made if
        missing (see ``_create_collection_account``)."""
        company = self.company_id
        Account = self.env["account.account"].sudo().with_company(company)
        if code:
            domain = [*Account._check_company_domain(company), ("code", "=", code)]
        else:
            domain = [("company_ids", "in", company.ids), ("name", "=", name)]
        return Account.search(domain, limit=1) or self._create_collection_account(
            name, account_type, code=code, reconcile=reconcile
        )

    def _create_collection_account(self, name, account_type, code=None, reconcile=None):
        """A new account coded ``code``, or else next to the company's receivable (payable for
        the other types); reconciled if ``reconcile`` says so, else if it is a receivable."""
        Account = self.env["account.account"].sudo().with_company(self.company_id)
        if not code:
            partner = self.company_id.partner_id.with_company(self.company_id)
            base = (
                partner.property_account_receivable_id
                if account_type == "asset_receivable"
                else partner.property_account_payable_id
            ).code or ("430000" if account_type == "asset_receivable" else "400000")
            code = self._free_account_code(base)
        if reconcile is None:
            reconcile = account_type == "asset_receivable"
        return Account.create(
            self._prepare_collection_account_values(name, account_type, code, reconcile)
        )

    def _prepare_collection_account_values(self, name, account_type, code, reconcile):
        """Values of an account the record makes (hook)."""
        return {
            "name": name,
            "code": code,
            "account_type": account_type,
            "reconcile": reconcile,
            "company_ids": [Command.set(self.company_id.ids)],
        }

    def _prepare_collection_journal_values(self, name, prefix, journal_type, **extra):
        """Values of a journal the record makes, with a free code starting with ``prefix``
        (hook)."""
        return {
            "name": name,
            "code": self._free_journal_code(prefix),
            "type": journal_type,
            "company_id": self.company_id.id,
            **extra,
        }

    def _free_journal_code(self, prefix):
        Journal = self.env["account.journal"].sudo()
        for index in range(1, 1000):
            code = prefix if index == 1 and len(prefix) > 2 else f"{prefix}{index:03d}"[:5]
            if not Journal.search_count(
                [("company_id", "=", self.company_id.id), ("code", "=", code)], limit=1
            ):
                return code
        raise UserError(self.env._("No free journal code left for %(prefix)s.", prefix=prefix))

    def _free_account_code(self, base):
        Account = self.env["account.account"].sudo().with_company(self.company_id)
        used = set(
            Account.search(
                [("company_ids", "in", self.company_id.ids), ("code", "=like", base[:2] + "%")]
            ).mapped("code")
        )
        if not base.isdigit():
            base = "".join(ch for ch in base if ch.isdigit()) or "400000"
        number = int(base)
        for _attempt in range(10000):
            number += 1
            code = str(number).zfill(len(base))
            if code not in used:
                return code
        raise UserError(self.env._("No free account code next to %(base)s.", base=base))
