"""The remittance statement's rendering: its lines in print order for the PDF (QWeb template
``report_remittance_statement``) and the same statement as an XLSX spreadsheet."""

import io

from odoo import api, fields, models
from odoo.tools.misc import format_date, xlsxwriter


class ReportRemittanceStatement(models.AbstractModel):
    _name = "report.debt_collection.report_remittance_statement"
    _description = "Remittance Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        return {
            "doc_ids": docids,
            "doc_model": "debt.collection.remittance",
            "docs": self.env["debt.collection.remittance"].browse(docids),
            "data": data,
            "statement_lines": self._statement_lines,
        }

    @api.model
    def _statement_lines(self, remittance):
        """Lines as the statement prints them: by date, collections first."""
        remittance.ensure_one()
        order = {"payment": 0, "debtor_fee": 1, "reversal": 2, "direct": 3, "fee": 4}
        return remittance.line_ids.sorted(lambda line: (line.date, order[line.kind], line.id))

    @api.model
    def _render_xlsx(self, remittance):
        """The statement as a spreadsheet, in the creditor's language."""
        remittance.ensure_one()
        localized = remittance.with_context(lang=remittance.creditor_id.lang or self.env.lang)
        env = localized.env
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet(env._("Statement")[:31])
        bold = book.add_format({"bold": True})
        money = book.add_format({"num_format": "#,##0.00"})
        money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write(0, 0, env._("Remittance statement %(name)s", name=remittance.name), bold)
        sheet.write(1, 0, env._("Creditor"))
        sheet.write(1, 1, remittance.creditor_id.name)
        sheet.write(2, 0, env._("Period"))
        sheet.write(
            2,
            1,
            f"{format_date(env, remittance.date_from)} - {format_date(env, remittance.date_to)}",
        )
        headers = [
            env._("Date"),
            env._("Line"),
            env._("Your reference"),
            env._("Debtor"),
            env._("Collected"),
            env._("Paid to you directly"),
            env._("Commission base"),
            env._("Commission"),
            env._("Fee"),
        ]
        row = 4
        for col, header in enumerate(headers):
            sheet.write(row, col, header, bold)
        kinds = dict(
            self.env["debt.collection.remittance.line"]
            .with_context(lang=localized.env.lang)
            ._fields["kind"]
            ._description_selection(localized.env)
        )
        for line in self._statement_lines(remittance):
            row += 1
            sheet.write_datetime(row, 0, fields.Datetime.to_datetime(line.date), day)
            sheet.write(
                row, 1, line.note if line.kind == "fee" and line.note else kinds[line.kind]
            )
            sheet.write(row, 2, line.placement_id.name or "")
            sheet.write(row, 3, line.partner_id.name or "")
            for col, amount in enumerate(
                (
                    line.amount_collected,
                    line.amount_direct,
                    line.amount_base,
                    line.amount_commission,
                    line.amount_fee,
                ),
                start=4,
            ):
                sheet.write_number(row, col, amount, money)
        row += 2
        for label, amount in (
            (env._("Collected"), remittance.amount_collected),
            (env._("Commission before VAT"), remittance.amount_commission_untaxed),
            (env._("Fees before VAT"), remittance.amount_fees_untaxed),
            (env._("VAT"), remittance.amount_tax),
            (
                env._("Commission and fees, VAT incl."),
                remittance.amount_commission + remittance.amount_fees,
            ),
            (env._("Fees paid by debtors, retained"), remittance.amount_debtor_fees),
            (env._("Remitted to you"), remittance.amount_remitted),
        ):
            sheet.write(row, 3, label, bold)
            sheet.write_number(row, 4, amount, money_bold)
            row += 1
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 3, 24)
        sheet.set_column(4, 8, 14)
        book.close()
        return buffer.getvalue()
