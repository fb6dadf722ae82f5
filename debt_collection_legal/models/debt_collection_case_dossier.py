"""The lawyer's dossier of a case: statement of account, invoices, letters, action log,
promises and legal notices, downloaded as one ZIP."""

import csv
import io

from odoo import models
from odoo.exceptions import AccessError

from ..tools.archive import build_zip, safe_name


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    def action_download_dossier(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/debt_collection_legal/case/{self.id}/dossier.zip",
            "target": "self",
        }

    def _legal_dossier_files(self):
        """[(path in the ZIP, bytes)]: what the lawyer needs to go to court."""
        self.ensure_one()
        # the lawyer's dossier holds the internal log and the evidence: never for a debtor
        # who may read their own case on the portal
        if not self.env.su and not self.env.user._is_internal():
            raise AccessError(self.env._("The lawyer's dossier is for the collection team only."))
        # checked here, not trusted to the caller (issue 23): another creditor's consultant
        # gets no dossier of a case they cannot read
        self.check_access("read")
        case = self.sudo()  # the caller's read access to the case was checked
        files = [("statement_of_account.csv", case._legal_statement_csv())]
        rendered = case.invoice_ids.filtered(lambda inv: not inv.invoice_pdf_report_id)
        for invoice in case.invoice_ids - rendered:
            files.append(
                (f"invoices/{safe_name(invoice.name)}.pdf", invoice.invoice_pdf_report_id.raw)
            )
        if rendered:
            # sudo: the invoice report reads accounting the caller may not (read access to
            # the case was checked)
            pdf, _type = (
                self.env["ir.actions.report"]
                .sudo()
                ._render_qweb_pdf("account.account_invoices", rendered.ids)
            )
            files.append(("invoices/invoices.pdf", pdf))
        for action in case.action_ids.filtered("attachment_id").sorted("date"):
            files.append(
                (
                    f"letters/{action.date:%Y-%m-%d}-{safe_name(action.attachment_id.name)}",
                    action.attachment_id.raw,
                )
            )
        files.append(("action_log.csv", case._legal_action_log_csv()))
        files.append(("promises.csv", case._legal_promises_csv()))
        for notice in case.legal_notice_ids.filtered(lambda n: n.state != "draft"):
            folder = f"legal_notices/{safe_name(notice.name)}"
            for path, raw in notice._evidence_files():
                files.append((f"{folder}/{path}", raw))
        return files

    def _legal_dossier_zip(self):
        self.ensure_one()
        return build_zip(self._legal_dossier_files())

    def _legal_statement_csv(self):
        self.ensure_one()
        rows = [["document", "date", "due_date", "amount", "paid", "residual", "currency"]]
        for invoice in self.invoice_ids.sorted(
            lambda inv: (inv.invoice_date_due or inv.date, inv.id)
        ):
            rows.append(
                [
                    invoice.name,
                    invoice.invoice_date,
                    invoice.invoice_date_due,
                    invoice.amount_total_signed,
                    invoice.amount_total_signed - invoice.amount_residual_signed,
                    invoice.amount_residual_signed,
                    invoice.company_currency_id.name,
                ]
            )
            for day, amount in invoice._collection_legal_payments():
                rows.append(
                    ["  payment", day, "", "", amount, "", invoice.company_currency_id.name]
                )
        rows.append(
            [
                "total",
                "",
                "",
                self.amount_original,
                self.amount_recovered,
                self.amount_residual,
                self.currency_id.name,
            ]
        )
        return _csv(rows)

    def _legal_action_log_csv(self):
        self.ensure_one()
        rows = [
            ["date_utc", "stage", "channel", "result", "user", "contact_point", "note", "error"]
        ]
        channels = dict(
            self.env["debt.collection.action"]._fields["channel"]._description_selection(self.env)
        )
        results = dict(
            self.env["debt.collection.action"]._fields["result"]._description_selection(self.env)
        )
        for action in self.action_ids.sorted(lambda a: (a.date, a.id)):
            rows.append(
                [
                    action.date,
                    action.stage_id.name or "",
                    channels.get(action.channel, action.channel),
                    results.get(action.result, action.result),
                    action.user_id.name or "",
                    action.contact_point or "",
                    action.note or "",
                    action.error or "",
                ]
            )
        return _csv(rows)

    def _legal_promises_csv(self):
        self.ensure_one()
        rows = [["made_on", "amount", "promised_date", "channel", "state", "amount_paid", "note"]]
        states = dict(
            self.env["debt.collection.promise"]._fields["state"]._description_selection(self.env)
        )
        for promise in self.promise_ids.sorted("id"):
            rows.append(
                [
                    promise.date,
                    promise.amount,
                    promise.date_promised,
                    promise.channel,
                    states.get(promise.state, promise.state),
                    promise.amount_paid,
                    promise.note or "",
                ]
            )
        return _csv(rows)


def _csv(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")
