"""The case's VAT relief on a lost credit: whether the conditions hold, and the credit note."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models

# Spain: below this taxable base, the VAT of an unpaid invoice to a consumer is not rectified
ES_CONSUMER_MIN_BASE = 50.0


class DebtCollectionCase(models.Model):
    """VAT relief on a lost credit: whether the conditions hold, and the credit note."""

    _inherit = "debt.collection.case"

    def _legal_vat_relief_check(self):
        """(country code, [(condition, holds)], invoices whose VAT may be recovered now)."""
        self.ensure_one()
        country = self.company_id.account_fiscal_country_id.code or self.company_id.country_id.code
        invoices = self._get_letter_invoices().filtered(
            lambda inv: inv.move_type == "out_invoice" and inv.amount_tax
        )
        if country == "ES":
            checks, eligible = self._legal_vat_relief_es(invoices)
        elif country == "IT":
            checks, eligible = self._legal_vat_relief_it(invoices)
        else:
            return country, [], invoices.browse()
        checks.insert(0, (self.env._("The open invoices charge VAT"), bool(invoices)))
        return country, checks, eligible if all(ok for _label, ok in checks) else invoices.browse()

    def _legal_vat_relief_es(self, invoices):
        """Art. 80.Cuatro LIVA."""
        today = fields.Date.context_today(self)
        company = self.company_id
        months = company.collection_vat_relief_months
        window = company.collection_vat_relief_window_months
        filed = self.proceeding_ids.filtered("date_filed")
        notarial = self.legal_notice_ids.filtered(
            lambda n: n.notarial and n.delivery_outcome in ("delivered", "refused")
        )

        def ripe(inv):
            return inv.invoice_date_due + relativedelta(months=months) <= today

        def in_window(inv):
            return today <= inv.invoice_date_due + relativedelta(months=months + window)

        consumer = self.partner_id._collection_legal_debtor_type() == "consumer"
        eligible = invoices.filtered(
            lambda inv: (
                ripe(inv)
                and in_window(inv)
                and (not consumer or inv.amount_untaxed_signed > ES_CONSUMER_MIN_BASE)
            )
        )
        checks = [
            (
                self.env._("%(months)s months have passed since the due date", months=months),
                any(ripe(inv) for inv in invoices),
            ),
            (
                self.env._(
                    "The debt was claimed in court or by a notarial demand (requerimiento "
                    "notarial)"
                ),
                bool(filed or notarial),
            ),
            (
                self.env._(
                    "The rectifying invoice is issued within %(window)s months after that",
                    window=window,
                ),
                any(in_window(inv) for inv in invoices),
            ),
        ]
        if consumer:
            checks.append(
                (
                    self.env._("For a consumer, a taxable base above %(amount)s EUR", amount=50),
                    bool(eligible),
                )
            )
        checks.append(
            (
                self.env._(
                    "Reminder: the rectification must be reported to the tax agency within a "
                    "month of issuing it"
                ),
                True,
            )
        )
        return checks, eligible

    def _legal_vat_relief_it(self, invoices):
        """Art. 26, comma 2 and 3-bis, DPR 633/72."""
        insolvency = self.proceeding_ids.filtered(
            lambda p: p.procedure == "insolvency" and p.date_filed
        )
        failed_enforcement = self.proceeding_ids.filtered(
            lambda p: (
                p.procedure == "enforcement"
                and p.state == "closed"
                and p.outcome in ("lost", "abandoned")
            )
        )
        checks = [
            (
                self.env._(
                    "An insolvency procedure of the debtor was opened, or an enforcement "
                    "against the debtor failed"
                ),
                bool(insolvency or failed_enforcement),
            ),
        ]
        return checks, invoices

    def _legal_unpaid_vat(self, invoice):
        """The VAT of the part of the invoice still unpaid."""
        if not invoice.amount_total:
            return 0.0
        ratio = invoice.amount_residual / invoice.amount_total
        return invoice.currency_id.round(invoice.amount_tax * ratio)

    def _legal_post_vat_credit_note(self, invoice):
        """A credit note for the VAT of the unpaid part only, reconciled with the invoice.

        Each taxed line is credited with its unpaid base and taxes, and debited with the same
        base without taxes: revenue accounts net to zero, the tax lines (and their report
        grids) carry the VAT recovered, and the receivable is lowered by exactly that VAT.
        """
        self.ensure_one()
        ratio = invoice.amount_residual / invoice.amount_total
        currency = invoice.currency_id
        label = self.env._("VAT on unpaid %(invoice)s", invoice=invoice.name)
        lines = []
        for line in invoice.invoice_line_ids.filtered(
            lambda line: line.display_type == "product" and line.tax_ids
        ):
            base = currency.round(line.price_subtotal * ratio)
            included = any(line.tax_ids.mapped("price_include"))
            taxed_price = currency.round(line.price_total * ratio) if included else base
            common = {"account_id": line.account_id.id, "quantity": 1.0}
            lines += [
                fields.Command.create(
                    {
                        **common,
                        "name": label,
                        "price_unit": taxed_price,
                        "tax_ids": line.tax_ids.ids,
                    }
                ),
                fields.Command.create(
                    {**common, "name": label, "price_unit": -base, "tax_ids": []}
                ),
            ]
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "journal_id": invoice.journal_id.id,
                "currency_id": currency.id,
                "invoice_date": fields.Date.context_today(self),
                "reversed_entry_id": invoice.id,
                "ref": label,
                "invoice_line_ids": lines,
            }
        )
        refund.action_post()
        receivables = (invoice | refund).line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        receivables.reconcile()
        self._legal_log_step(refund, "note", self.env._("VAT credit note"))
        return refund
