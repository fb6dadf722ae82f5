"""Downloads of the evidence pack and the lawyer's dossier (internal users only)."""

from odoo import http
from odoo.http import request


class DebtCollectionLegalController(http.Controller):
    """Downloads of the evidence pack and the lawyer's dossier (internal users only)."""

    def _readable_record(self, model, record_id):
        """The record if the user may read it: their own access rights and record rules decide
        (no sudo here)."""
        record = request.env[model].browse(record_id).exists()
        if not record:
            raise request.not_found()
        record.check_access("read")
        return record

    def _zip_response(self, record, content, suffix):
        filename = f"{record.name.replace('/', '-')}-{suffix}.zip"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Length", str(len(content))),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )

    @http.route(
        "/debt_collection_legal/notice/<int:notice_id>/evidence.zip", type="http", auth="user"
    )
    def notice_evidence(self, notice_id):
        notice = self._readable_record("debt.collection.legal.notice", notice_id)
        return self._zip_response(notice, notice._evidence_zip(), "evidence")

    @http.route("/debt_collection_legal/case/<int:case_id>/dossier.zip", type="http", auth="user")
    def case_dossier(self, case_id):
        case = self._readable_record("debt.collection.case", case_id)
        return self._zip_response(case, case._legal_dossier_zip(), "dossier")
