"""The creditor's monthly statement: its own portfolio's figures, PDF and XLSX."""

import base64
import io

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class DebtCollectionCreditorStatement(models.TransientModel):
    """The monthly statement of a creditor: the figures of its own portfolio, nothing else.

    Every figure is read with ``creditor_id = the creditor`` (cases, recoveries, promises), so
    a statement never shows another creditor's or the company's in-house debts. PDF and XLSX.
    """

    _name = "debt.collection.creditor.statement"
    _description = "Creditor Statement"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    month = fields.Date(
        required=True,
        default=lambda self: self._default_month(),
        help="Any day of the month the statement is for.",
    )
    creditor_ids = fields.Many2many(
        "res.partner",
        string="Creditors",
        help="Leave empty for every creditor with cases in the company.",
    )

    @api.model
    def _default_month(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    def _creditors(self):
        self.ensure_one()
        if self.creditor_ids:
            return self.creditor_ids
        groups = self.env["debt.collection.case"]._read_group(
            [("company_id", "=", self.company_id.id), ("creditor_id", "!=", False)],
            ["creditor_id"],
        )
        return self.env["res.partner"].union(*(creditor for (creditor,) in groups))

    @api.model
    def _statement_values(self, company, creditor, month):
        """The figures of ``creditor``'s portfolio in ``company`` for ``month``."""
        month = month.replace(day=1)
        date_to = month + relativedelta(months=1, days=-1)
        own = [("company_id", "=", company.id), ("creditor_id", "=", creditor.id)]
        Report = self.env["debt.collection.case.report"]
        rows = Report.search(own + [("date_open", "<=", date_to)], order="date_open, id")
        mandates = (
            self.env["debt.collection.mandate"]
            .with_context(active_test=False)
            .search_count(own, limit=1)
        )
        if mandates:
            # a creditor under mandate: recovered as its remittances count it (its page too)
            by_month = self.env["debt.collection.remittance.line"]._recovered_by_month(
                own, date_to
            )
            recovered_month = by_month.get(month, 0.0)
            # recovered up to the month's end: the months' remittances added up, so that it
            # is never below the month's (the cases' own figure counts only the payments
            # matched with their invoices, not those paid directly or to the placements)
            recovered = sum(by_month.values())
        else:
            # no remittance: the payments matched with its debts
            Recovery = self.env["debt.collection.recovery"]
            [[recovered_month]] = Recovery._read_group(
                own + [("date", ">=", month), ("date", "<=", date_to)], [], ["amount:sum"]
            )
            [[recovered]] = Recovery._read_group(
                own + [("date", "<=", date_to)], [], ["amount:sum"]
            )
        [[promises, kept]] = self.env["debt.collection.promise.report"]._read_group(
            own + [("date_promised", ">=", month), ("date_promised", "<=", date_to)],
            [],
            ["__count", "kept_count:sum"],
        )
        placed = sum(rows.mapped("amount_placed"))
        opened = rows.filtered(lambda r: r.date_open and r.date_open >= month)
        return {
            "company": company,
            "creditor": creditor,
            "currency": company.currency_id,
            "month": month,
            "date_to": date_to,
            "cases": rows,
            "case_count": len(rows),
            "opened": len(opened),
            "open_count": len(rows.filtered(lambda r: not r.case_id.is_closed)),
            "placed": placed,
            "recovered": recovered,
            "recovered_month": recovered_month,
            "recovery_rate": round(100.0 * recovered / placed, 2) if placed else 0.0,
            "due": sum(rows.mapped("case_id.amount_residual")),
            "promises": promises,
            "kept_rate": round(100.0 * kept / promises, 2) if promises else 0.0,
        }

    def _all_values(self):
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group(
            "debt_collection.debt_collection_group_manager"
        ):
            raise UserError(self.env._("Only collection managers issue creditor statements."))
        creditors = self._creditors()
        if not creditors:
            raise UserError(self.env._("No case of this company is held for a creditor."))
        return [
            self._statement_values(self.company_id, creditor, self.month) for creditor in creditors
        ]

    def action_print_pdf(self):
        self.ensure_one()
        self._all_values()
        return self.env.ref(
            "debt_collection.debt_collection_creditor_statement_report"
        ).report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        values_list = self._all_values()
        attachment = self._xlsx_attachment(values_list)
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    @api.model
    def _xlsx_content(self, values_list):
        """The statements as an XLSX workbook (bytes), a sheet per creditor: the figures, then
        the cases."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        for index, values in enumerate(values_list, start=1):
            # sheet names: at most 31 characters, unique, none of []:*?/\
            title = "".join(ch for ch in values["creditor"].name if ch not in "[]:*?/\\")
            sheet = workbook.add_worksheet(f"{index} {title}"[:31])
            self._xlsx_write_sheet(sheet, values, bold, money)
        workbook.close()
        return output.getvalue()

    @api.model
    def _recovered_month_definition(self):
        return self.env._(
            "Recovered in the month: what the month's remittance accounts for, the payments "
            "into our client account (less reversals) and those made to you directly; a "
            "payment reconciled after its month was remitted counts in the next one."
        )

    @api.model
    def _xlsx_write_sheet(self, sheet, values, bold, money):
        sheet.write(0, 0, values["company"].name, bold)
        sheet.write(1, 0, self.env._("Statement for"))
        sheet.write(1, 1, values["creditor"].name, bold)
        sheet.write(2, 0, self.env._("Month"))
        sheet.write(2, 1, values["month"].strftime("%m/%Y"))
        figures = [
            (self.env._("Cases"), values["case_count"], None),
            (self.env._("Opened in the month"), values["opened"], None),
            (self.env._("Placed"), values["placed"], money),
            (self.env._("Recovered"), values["recovered"], money),
            (self.env._("Recovered in the month"), values["recovered_month"], money),
            (self.env._("Recovery rate (%)"), values["recovery_rate"], money),
            (self.env._("Still due"), values["due"], money),
            (self.env._("Promises due in the month"), values["promises"], None),
            (self.env._("Promises kept (%)"), values["kept_rate"], money),
        ]
        for row, (label, value, style) in enumerate(figures, start=4):
            sheet.write(row, 0, label)
            sheet.write(row, 1, value, style)
        sheet.write(len(figures) + 4, 0, self._recovered_month_definition())
        row = len(figures) + 7
        headers = [
            self.env._("Case"),
            self.env._("Debtor"),
            self.env._("Placed On"),
            self.env._("Placed"),
            self.env._("Recovered"),
            self.env._("Due"),
        ]
        for col, header in enumerate(headers):
            sheet.write(row, col, header, bold)
        for line in values["cases"]:
            row += 1
            sheet.write(row, 0, line.case_id.name)
            sheet.write(row, 1, line.partner_id.name)
            sheet.write(row, 2, line.date_open and line.date_open.isoformat() or "")
            sheet.write(row, 3, line.amount_placed, money)
            sheet.write(row, 4, line.amount_recovered, money)
            sheet.write(row, 5, line.case_id.amount_residual, money)
        sheet.set_column(0, 1, 28)
        sheet.set_column(2, 5, 14)

    @api.model
    def _xlsx_attachment(self, values_list):
        first = values_list[0]
        name = self.env._(
            "Statement %(creditor)s %(month)s.xlsx",
            creditor=first["creditor"].name if len(values_list) == 1 else self.env._("creditors"),
            month=first["month"].strftime("%Y-%m"),
        )
        # sudo: the statement is filed on the creditor's contact, which managers do not edit
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(self._xlsx_content(values_list)),
                    "res_model": "res.partner" if len(values_list) == 1 else False,
                    "res_id": first["creditor"].id if len(values_list) == 1 else False,
                    "mimetype": "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
                }
            )
            .sudo(self.env.su)
        )

    @api.model
    def _cron_creditor_statements(self):
        """On the first days of a month: each creditor's statement of the month just ended,
        PDF and XLSX, filed on the creditor's contact."""
        report = self.env.ref("debt_collection.debt_collection_creditor_statement_report")
        for company in self.env["res.company"].search([]):
            statement = self.create({"company_id": company.id})
            for creditor in statement._creditors():
                single = self.create(
                    {
                        "company_id": company.id,
                        "month": statement.month,
                        "creditor_ids": [(6, 0, creditor.ids)],
                    }
                )
                values = self._statement_values(company, creditor, statement.month)
                self._xlsx_attachment([values])
                pdf, _kind = report._render_qweb_pdf(report, single.ids)
                self.env["ir.attachment"].create(
                    {
                        "name": self.env._(
                            "Statement %(creditor)s %(month)s.pdf",
                            creditor=creditor.name,
                            month=statement.month.strftime("%Y-%m"),
                        ),
                        "raw": pdf,
                        "res_model": "res.partner",
                        "res_id": creditor.id,
                        "mimetype": "application/pdf",
                    }
                )
