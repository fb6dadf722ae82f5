"""The dunning letter's rendering: the queued letters, many per wkhtmltopdf call."""

import io
import logging
import re
from collections import defaultdict

import lxml.html
import psycopg2
from lxml import etree

from odoo import api, models
from odoo.tools import split_every
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

_logger = logging.getLogger(__name__)

LETTER_RENDER_BATCH = 50


class ReportCollectionLetter(models.AbstractModel):
    """The dunning letter: rendering of the letters the run queued, many per wkhtmltopdf call.

    Odoo gives wkhtmltopdf one HTML document per letter, which only a wkhtmltopdf built with
    patched Qt can join (Debian's cannot). Here the letters of a batch are one document, each
    starting on a new page, and the PDF is cut where the next letter's reference appears.
    """

    _name = "report.debt_collection.report_collection_letter"
    _description = "Dunning Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        return {
            "doc_ids": docids,
            "doc_model": "debt.collection.case",
            "docs": self.env["debt.collection.case"].browse(docids),
        }

    @api.model
    def _get_queued_letters(self, company, limit=None):
        """Letter steps logged "scheduled" and not rendered yet, by report."""
        Action = self.env["debt.collection.action"]
        default_report = self.env.ref(
            "debt_collection.action_report_collection_letter", raise_if_not_found=False
        )
        pending = Action.search(
            [
                ("company_id", "=", company.id),
                ("channel", "=", "letter"),
                ("result", "=", "scheduled"),
                ("attachment_id", "=", False),
            ],
            order="id",
            limit=limit or None,
        )
        by_report = defaultdict(lambda: Action)
        for action in pending:
            report = action.stage_id.report_id or default_report
            if report:
                by_report[report] |= action
        return [
            (report, batch)
            for report, actions in by_report.items()
            for batch in split_every(LETTER_RENDER_BATCH, actions.ids, Action.browse)
        ]

    @api.model
    def _render_letters(self, report, actions):
        """Render one batch of queued letters, attach each to its case, send or post it."""
        cases = actions.case_id
        for case in cases:
            case._portal_ensure_token()
        streams = self._render_pdf_streams(report, cases)
        if streams is None or (False in streams and len(cases) > 1):
            # the batch could not be rendered or cut: one letter per call instead
            streams = {}
            for case in cases:
                streams.update(self._render_pdf_streams(report, case) or {})
        actions = actions.filtered(lambda a: streams.get(a.case_id.id))
        if not actions:
            return actions
        attachments = self.env["ir.attachment"].create(
            [self._prepare_attachment_values(action, streams) for action in actions]
        )
        cover = self.env.ref("debt_collection.mail_template_collection_letter")
        Channel = self.env["debt.collection.channel"]
        for action, attachment in zip(actions, attachments, strict=True):
            case = action.case_id
            values = {"attachment_id": attachment.id, "result": "sent"}
            if case.partner_id._collection_can_reach("email"):
                message = Channel._post_template(case, cover, [attachment.id])
                values.update(mail_message_id=message.id, mail_template_id=cover.id)
            else:
                case.message_post(
                    body=case._collection_reader_env()._(
                        "Letter %(name)s ready to be posted.", name=attachment.name
                    ),
                    attachment_ids=attachment.ids,
                    subtype_xmlid="mail.mt_note",
                )
            action._log_update(values)
        for stream in streams.values():
            if stream and stream.get("stream"):
                stream["stream"].close()
        return actions

    @api.model
    def _prepare_attachment_values(self, action, streams):
        case = action.case_id.with_context(lang=action.partner_id.lang or self.env.lang)
        return {
            # named like its title, in the debtor's language
            "name": f"{case._get_letter_title()} - {case.name}.pdf",
            "raw": streams[case.id]["stream"].getvalue(),
            "res_model": "debt.collection.case",
            "res_id": case.id,
            "mimetype": "application/pdf",
        }

    @api.model
    def _render_pdf_streams(self, report, cases):
        """{case id: stream} of the letters, or None when wkhtmltopdf failed (logged)."""
        # printed without Odoo's wait for scripts (ir_actions_report.py)
        letters = self.with_context(debt_collection_letters=True)
        report = report.with_context(debt_collection_letters=True)
        try:
            with self.env.cr.savepoint():
                if len(cases) > 1:
                    return letters._render_pdf_batch(report, cases)
                return letters.env["ir.actions.report"]._render_qweb_pdf_prepare_streams(
                    report.report_name, {}, res_ids=cases.ids
                )
        except psycopg2.OperationalError:
            raise
        except Exception as error:  # noqa: BLE001 - the letters stay queued for the next run
            _logger.warning("Rendering %s collection letters failed: %s", len(cases), error)
            return None

    @api.model
    def _render_pdf_batch(self, report, cases):
        """Many letters from one wkhtmltopdf call: {case id: stream}, or None if not cut."""
        Report = self.env["ir.actions.report"].with_context(debug=False)
        html = Report._render_qweb_html(report.report_name, cases.ids, data={"debug": False})[0]
        bodies, html_ids, header, footer, paper_args = report.with_context(
            debug=False
        )._prepare_html(html, report_model=report.model)
        if len(bodies) != len(cases) or set(html_ids) != set(cases.ids):
            return None
        pdf = Report._run_wkhtmltopdf(
            [self._join_letters(bodies)],
            report_ref=report.report_name,
            header=header,
            footer=footer,
            specific_paperformat_args=paper_args,
        )
        return self._cut_letters(pdf, cases.browse(html_ids))

    @api.model
    def _join_letters(self, bodies):
        document = lxml.html.document_fromstring(bodies[0])
        body = document.find("body")
        for other in bodies[1:]:
            page = etree.SubElement(body, "div", style="page-break-before: always;")
            for node in lxml.html.document_fromstring(other).find("body"):
                page.append(node)
        return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")

    @api.model
    def _cut_letters(self, pdf, cases):
        """Split the joined PDF: each letter starts on the first page naming its case."""
        reader = PdfFileReader(io.BytesIO(pdf))
        texts = [page.extract_text() or "" for page in reader.pages]
        starts, page = [], 0
        for case in cases:
            pattern = re.compile(rf"(?<![\w/]){re.escape(case.name)}(?![\w/])")
            while page < len(texts) and not pattern.search(texts[page]):
                page += 1
            if page == len(texts) or (not starts and page):
                return None  # a letter without its reference: render them one by one
            starts.append(page)
            page += 1
        streams = {}
        for case, first, end in zip(cases, starts, starts[1:] + [len(texts)], strict=True):
            writer = PdfFileWriter()
            for number in range(first, end):
                writer.add_page(reader.pages[number])
            stream = io.BytesIO()
            writer.write(stream)
            streams[case.id] = {"stream": stream, "attachment": None}
        return streams
