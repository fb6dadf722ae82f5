"""Downloads of the evidence pack and the lawyer's dossier (internal users only)."""

from odoo import http
from odoo.http import request


class DebtCollectionLegalController(http.Controller):
    """Downloads of the evidence pack and the lawyer's dossier (internal users only)."""

    def _zip_response(self, content, filename):
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
        # the user's own access rights and record rules decide (no sudo here)
        notice = request.env["debt.collection.legal.notice"].browse(notice_id).exists()
        if not notice:
            raise request.not_found()
        notice.check_access("read")
        return self._zip_response(
            notice._evidence_zip(), f"{notice.name.replace('/', '-')}-evidence.zip"
        )

    @http.route("/debt_collection_legal/case/<int:case_id>/dossier.zip", type="http", auth="user")
    def case_dossier(self, case_id):
        case = request.env["debt.collection.case"].browse(case_id).exists()
        if not case:
            raise request.not_found()
        case.check_access("read")
        return self._zip_response(
            case._legal_dossier_zip(), f"{case.name.replace('/', '-')}-dossier.zip"
        )
