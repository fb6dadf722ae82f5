"""A file sent to a credit bureau for a period: the reports, updates and withdrawals it carries."""

from odoo import api, fields, models

from ..tools.bureau_csv import RECORD_TYPES, build_csv

STATE_AFTER = {"report": "reported", "update": "updated", "withdraw": "withdrawn"}


class DebtCollectionBureauFile(models.Model):
    _name = "debt.collection.bureau.file"
    _description = "Credit Bureau File"
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    bureau_id = fields.Many2one(
        "debt.collection.bureau",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="bureau_id.company_id", store=True, index=True)
    date_from = fields.Date(string="Period From", readonly=True)
    date_to = fields.Date(string="Period To", required=True, readonly=True)
    report_ids = fields.Many2many(
        "debt.collection.bureau.report",
        "debt_collection_bureau_file_report_rel",
        "file_id",
        "report_id",
        string="Records",
        readonly=True,
    )
    report_count = fields.Integer(string="New Reports", readonly=True)
    update_count = fields.Integer(string="Updates", readonly=True)
    withdraw_count = fields.Integer(string="Withdrawals", readonly=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="File", readonly=True, ondelete="restrict"
    )
    datas = fields.Binary(related="attachment_id.datas", string="Download")
    file_name = fields.Char(related="attachment_id.name", string="File Name")

    @api.model
    def _generate(self, bureau):
        """The file of every change waiting for ``bureau``; the records move on (reported,
        updated, withdrawn) and each case's log says so. Empty recordset if nothing waits."""
        reports = self.env["debt.collection.bureau.report"].search(
            [("bureau_id", "=", bureau.id), ("to_send", "!=", False)], order="id"
        )
        if not reports:
            return self.browse()
        today = fields.Date.context_today(self)
        last = self.search([("bureau_id", "=", bureau.id)], limit=1)
        rows = [self._prepare_row(bureau, report, today) for report in reports]
        counts = {
            kind: len(reports.filtered(lambda r, k=kind: r.to_send == k)) for kind in RECORD_TYPES
        }
        name = f"{bureau.name} {today.isoformat()}"
        same_day = self.search_count([("bureau_id", "=", bureau.id), ("date_to", "=", today)])
        if same_day:
            name = f"{name} ({same_day + 1})"
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{bureau.file_format}_{today.isoformat()}_{(last.id or 0) + 1}.csv",
                "raw": build_csv(bureau.file_format, rows),
                "mimetype": "text/csv",
                "res_model": self._name,
            }
        )
        file = self.create(
            {
                "name": name,
                "bureau_id": bureau.id,
                "date_from": last.date_to or min(reports.mapped("create_date")).date(),
                "date_to": today,
                "report_ids": [fields.Command.set(reports.ids)],
                "report_count": counts["report"],
                "update_count": counts["update"],
                "withdraw_count": counts["withdraw"],
                "attachment_id": attachment.id,
            }
        )
        attachment.res_id = file.id
        for report in reports:
            kind = report.to_send
            values = {
                "state": STATE_AFTER[kind],
                "to_send": False,
                "amount_reported": 0.0 if kind == "withdraw" else report.amount,
            }
            if kind == "report":
                values["date_reported"] = today
                note = self.env._("%(bureau)s: reported in file %(file)s.")
            elif kind == "update":
                values["date_updated"] = today
                note = self.env._("%(bureau)s: amount updated in file %(file)s.")
            else:
                values["date_withdrawn"] = today
                note = self.env._("%(bureau)s: withdrawal sent in file %(file)s.")
            report.write(values)
            report.case_ids._bureau_log(note % {"bureau": bureau.name, "file": name})
        return file

    @api.model
    def _prepare_row(self, bureau, report, today):
        partner = report.partner_id
        return {
            "record_type": RECORD_TYPES[report.to_send],
            "member_code": bureau.member_code or "",
            "debtor_ref": str(partner.id),
            "debtor_name": partner.name or "",
            "debtor_tax_id": partner.vat or "",
            "debtor_country": partner.country_id.code or "",
            "debtor_street": partner.street or "",
            "debtor_zip": partner.zip or "",
            "debtor_city": partner.city or "",
            "case_refs": " ".join(report.case_ids.mapped("name")),
            "date_due": report.date_due and report.date_due.isoformat() or "",
            "amount": "0.00" if report.to_send == "withdraw" else f"{report.amount:.2f}",
            "currency": report.currency_id.name or "",
            "date_reported": (report.date_reported or today).isoformat(),
            "date_paid": report.date_paid and report.date_paid.isoformat() or "",
            # the code (paid, settled, disputed, written_off, expired, closed): see the README
            "withdraw_reason": report.to_send == "withdraw" and report.withdraw_reason or "",
            "record_ends": report.date_record_ends and report.date_record_ends.isoformat() or "",
        }
