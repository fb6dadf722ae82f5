"""A receipt of the certified mail system (ricevuta PEC), matched to its notice."""

import logging
from datetime import datetime, timedelta
from email.parser import HeaderParser

from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.smime import check_signature
from .debt_collection_legal_evidence import PEC_RECEIPT_TYPES

_logger = logging.getLogger(__name__)

RECEIPT_STATES = [("matched", "Matched"), ("unmatched", "To Review"), ("dismissed", "Dismissed")]
# What each receipt means for the notice it answers
FAILURES = {
    "non-accettazione": "not_accepted",
    "errore-consegna": "delivery_error",
    "rilevazione-virus": "delivery_error",
}


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value or ""


def _bytes(value):
    if isinstance(value, str):
        return value.encode("utf-8")
    return value or b""


def _message_id(value):
    value = (value or "").strip()
    if value and not value.startswith("<"):
        value = f"<{value}>"
    return value


def parse_daticert(raw):
    """The certification data of a PEC receipt (daticert.xml), as a dict; {} if unreadable."""
    if not raw:
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(_bytes(raw), parser=parser)
    except etree.XMLSyntaxError:
        return {}
    if root.tag != "postacert":
        return {}
    values = {
        "type": (root.get("tipo") or "").strip().lower(),
        "error": (root.get("errore") or "").strip().lower(),
        "identifier": (root.findtext("dati/identificativo") or "").strip(),
        "msgid": _message_id(root.findtext("dati/msgid")),
        "recipient": (root.findtext("dati/consegna") or "").strip(),
        "error_detail": (root.findtext("dati/errore-esteso") or "").strip(),
        "subject": (root.findtext("intestazione/oggetto") or "").strip(),
    }
    day, hour = root.findtext("dati/data/giorno"), root.findtext("dati/data/ora")
    zone = root.find("dati/data")
    try:
        local = datetime.strptime(f"{day.strip()} {hour.strip()}", "%d/%m/%Y %H:%M:%S")
    except (AttributeError, ValueError):
        return values
    offset = (zone.get("zona") or "+0000").strip() if zone is not None else "+0000"
    try:
        sign = -1 if offset.startswith("-") else 1
        delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])) * sign
    except ValueError:
        delta = timedelta()
    values["day"] = local.date()
    values["date"] = local - delta
    return values


class DebtCollectionPecReceipt(models.Model):
    """A receipt of the certified mail system (ricevuta PEC) arriving by e-mail.

    The company's PEC mailbox is read by an incoming mail server whose records are PEC
    receipts: Odoo's mail gateway calls ``message_new`` and the receipt finds its notice by
    the Message-ID it refers to (``X-Riferimento-Message-ID`` or daticert.xml's ``msgid``).
    A receipt for no known notice stays here, unmatched, for a person to look at.
    """

    _name = "debt.collection.pec.receipt"
    _description = "PEC Receipt"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(string="Subject", required=True, readonly=True)
    receipt_type = fields.Selection(PEC_RECEIPT_TYPES, readonly=True)
    reference_message_id = fields.Char(
        string="Refers to Message-ID", readonly=True, index="btree_not_null"
    )
    pec_identifier = fields.Char(string="PEC Identifier", readonly=True)
    date = fields.Datetime(readonly=True, help="When the certified mail system issued it.")
    date_local = fields.Date(
        string="Day", readonly=True, help="The day of the receipt in the time zone it states."
    )
    recipient = fields.Char(readonly=True)
    error = fields.Char(readonly=True)
    notice_id = fields.Many2one(
        "debt.collection.legal.notice", string="Legal Notice", index="btree_not_null"
    )
    company_id = fields.Many2one("res.company", index=True, readonly=True)
    state = fields.Selection(
        RECEIPT_STATES, default="unmatched", required=True, readonly=True, index=True
    )
    signature_state = fields.Selection(
        [
            ("valid", "Verified"),
            ("invalid", "Does Not Match"),
            ("unsigned", "Not Signed"),
            ("unchecked", "Not Checked"),
        ],
        string="Provider's Signature",
        readonly=True,
        help="The S/MIME signature of the PEC provider checked against the receipt as it "
        "arrived. A receipt whose signature does not match was altered: it is not applied to "
        "its notice by itself.",
    )
    signature_signer = fields.Char(
        string="Signed By", readonly=True, help="The subject of the signing certificate."
    )
    raw_attachment_id = fields.Many2one("ir.attachment", string="Receipt (.eml)", readonly=True)
    daticert_attachment_id = fields.Many2one("ir.attachment", string="daticert.xml", readonly=True)

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        receipt = self._create_from_message(msg_dict, custom_values)
        receipt._apply()
        return receipt

    @api.model
    def _create_from_message(self, msg_dict, custom_values=None):
        files = {name: content for name, content, *_info in msg_dict.get("attachments") or []}
        raw = _bytes(files.get("original_email.eml"))
        daticert = files.get("daticert.xml")
        data = parse_daticert(daticert)
        headers = HeaderParser().parsestr(_text(raw), headersonly=True) if raw else {}
        receipt_type = (headers.get("X-Ricevuta") or data.get("type") or "").strip().lower()
        reference = _message_id(headers.get("X-Riferimento-Message-ID")) or data.get("msgid")
        error = data.get("error")
        signature_state, signer = check_signature(raw)
        values = {
            "signature_state": signature_state,
            "signature_signer": signer,
            "name": msg_dict.get("subject") or receipt_type or self.env._("PEC receipt"),
            "receipt_type": receipt_type if receipt_type in dict(PEC_RECEIPT_TYPES) else False,
            "reference_message_id": reference,
            "pec_identifier": data.get("identifier"),
            "date": data.get("date") or msg_dict.get("date") or fields.Datetime.now(),
            "date_local": data.get("day"),
            "recipient": data.get("recipient"),
            "error": " - ".join(
                filter(None, [error != "nessuno" and error, data.get("error_detail")])
            )
            or False,
            **(custom_values or {}),
        }
        receipt = self.create(values)
        Attachment = self.env["ir.attachment"]
        if raw:
            receipt.raw_attachment_id = Attachment.create(
                receipt._attachment_values("receipt.eml", raw, "message/rfc822")
            )
        if daticert:
            receipt.daticert_attachment_id = Attachment.create(
                receipt._attachment_values("daticert.xml", _bytes(daticert), "application/xml")
            )
        return receipt

    def _attachment_values(self, name, raw, mimetype):
        return {
            "name": name,
            "raw": raw,
            "mimetype": mimetype,
            "res_model": self._name,
            "res_id": self.id,
        }

    # ------------------------------------------------------------------
    # Matching and applying
    # ------------------------------------------------------------------

    def _find_notice(self):
        self.ensure_one()
        if not self.reference_message_id:
            return self.env["debt.collection.legal.notice"]
        # sudo: the gateway matches on the Message-ID the notice generated itself
        return (
            self.env["debt.collection.legal.notice"]
            .sudo()
            .search([("pec_message_id", "=", self.reference_message_id)], limit=1)
        )

    def _apply(self, notice=None):
        """Attach the receipt to its notice and record what it proves; an unknown receipt
        is logged and left for a person, never attached to another notice."""
        self.ensure_one()
        if not notice and self.signature_state == "invalid":
            _logger.warning(
                "PEC receipt %s: its signature does not match its content, left for review",
                self.id,
            )
            self.write({"state": "unmatched", "notice_id": self._find_notice().id})
            return False
        notice = notice or self._find_notice()
        if not notice or not self.receipt_type:
            _logger.warning(
                "PEC receipt %s (%s) refers to no known legal notice: left for review",
                self.id,
                self.receipt_type or "unknown type",
            )
            self.state = "unmatched"
            return False
        day = self.date_local or fields.Date.context_today(self, self.date)
        for attachment in self.raw_attachment_id | self.daticert_attachment_id:
            notice._add_evidence(
                "pec_receipt",
                f"{self.receipt_type}-{attachment.name}",
                attachment.raw,
                self.date,
                mimetype=attachment.mimetype,
                receipt_type=self.receipt_type,
            )
        self.write(
            {"notice_id": notice.id, "company_id": notice.company_id.id, "state": "matched"}
        )
        if self.receipt_type == "accettazione":
            if notice.state == "sending":
                notice._system().write({"state": "sent", "date_sent": self.date})
            notice._mark_accepted(self.date)
        elif self.receipt_type == "avvenuta-consegna":
            notice._mark_outcome("delivered", day)
        elif self.receipt_type in FAILURES:
            notice._mark_outcome(FAILURES[self.receipt_type], day, self.error or self.name)
        elif self.receipt_type == "preavviso-errore-consegna":
            notice._notify_legal_team(
                self.env._(
                    "The PEC provider could not deliver legal notice %(name)s yet: watch for "
                    "the delivery or error receipt.",
                    name=notice.name,
                )
            )
        notice.message_post(
            body=self.env._(
                "PEC receipt received: %(type)s (provider's signature: %(signature)s).",
                type=dict(self._fields["receipt_type"]._description_selection(self.env)).get(
                    self.receipt_type
                ),
                signature=self._signature_label(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _signature_label(self):
        states = dict(self._fields["signature_state"]._description_selection(self.env))
        return " - ".join(filter(None, [states.get(self.signature_state), self.signature_signer]))

    def _check_legal_user(self):
        if not self.env.user.has_group("debt_collection_legal.debt_collection_legal_group_user"):
            raise UserError(self.env._("Only the Legal group handles PEC receipts."))

    def action_apply_to_notice(self):
        """A person matched the receipt to a notice: apply it there."""
        self.ensure_one()
        self._check_legal_user()
        if self.state == "matched":
            raise UserError(self.env._("This receipt was already applied."))
        if not self.notice_id:
            raise UserError(self.env._("Choose the legal notice this receipt belongs to."))
        if not self.receipt_type:
            raise UserError(self.env._("This message is not a PEC receipt."))
        self.notice_id.check_access("write")
        # sudo: evidence is written by the receipt's flow; the user's right on the notice
        # was checked above
        self.sudo()._apply(self.notice_id.sudo())
        return True

    def action_dismiss(self):
        self.ensure_one()
        self._check_legal_user()
        if self.state == "matched":
            raise UserError(self.env._("An applied receipt is evidence and stays."))
        self.state = "dismissed"
        return True
