"""The fees a mandate lets the agency add to a debt: one invoice of the debtor per fee."""

from odoo import Command, fields, models


class DebtCollectionMandate(models.Model):
    _inherit = "debt.collection.mandate"

    def _post_debtor_fee(self, action, fee):
        """Add ``fee`` to the debt of ``action``'s case: a new invoice of the debtor in the
        placement journal, against the agency's fee income (posted accounting is never
        edited, DI-2), on the case, due at once. Returns the invoice."""
        self.ensure_one()
        self._ensure_accounting()
        case = action.case_id
        day = action.date.date() if action.date else fields.Date.context_today(self)
        step = dict(fee._fields["channel"]._description_selection(self.env)).get(fee.channel)
        label = self.env._("Collection fee: %(step)s", step=step)
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .with_context(skip_invoice_sync=True, tracking_disable=True, mail_create_nolog=True)
            .create(self._prepare_debtor_fee_invoice_values(action, fee, label, day))
        )
        move.action_post()
        # the note in the language of who reads the case (the invoice keeps the run's)
        reader = case._collection_reader_env()
        reader_step = dict(fee._fields["channel"]._description_selection(reader)).get(fee.channel)
        case.sudo().message_post(
            body=reader._(
                "%(label)s: %(amount)s added to the debt (%(invoice)s).",
                label=reader._("Collection fee: %(step)s", step=reader_step),
                amount=self.currency_id.with_env(reader).format(fee.amount),
                invoice=move.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return move

    def _prepare_debtor_fee_invoice_values(self, action, fee, label, day):
        """Values of the debtor's invoice for ``fee`` on ``action``'s case, dated ``day``."""
        case = action.case_id
        common = {"currency_id": self.currency_id.id, "partner_id": case.partner_id.id}
        return {
            "move_type": "out_invoice",
            "journal_id": self.journal_id.id,
            "partner_id": case.partner_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": day,
            "date": day,
            "invoice_date_due": day,
            "invoice_payment_term_id": False,
            "fiscal_position_id": False,
            "ref": f"{case.name} - {label}",
            "payment_reference": case.name,
            "invoice_origin": self.creditor_id.name,
            "collection_creditor_id": self.creditor_id.id,
            "collection_case_id": case.id,
            "collection_fee_action_id": action.id,
            "line_ids": [
                Command.create(
                    {
                        **common,
                        "display_type": "product",
                        "name": label,
                        "account_id": self.fee_account_id.id,
                        "quantity": 1.0,
                        "price_unit": fee.amount,
                        "amount_currency": -fee.amount,
                        "balance": -fee.amount,
                        "tax_ids": [Command.clear()],
                        "analytic_distribution": False,
                    }
                ),
                Command.create(
                    {
                        **common,
                        "display_type": "payment_term",
                        "name": label,
                        "account_id": self.receivable_account_id.id,
                        "amount_currency": fee.amount,
                        "balance": fee.amount,
                        "date_maturity": day,
                    }
                ),
            ],
        }
