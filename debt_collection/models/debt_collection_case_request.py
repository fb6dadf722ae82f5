"""The case's requests from the debtor, by any channel: a dispute or a cease-contact."""

import re

from odoo import models
from odoo.tools import email_normalize, html2plaintext

from ..tools.actions import window_action

# A debtor's e-mail reply whose first line starts with one of these words is a request the
# engine obeys at once (the consultant records any other wording with "Debtor's Request").
# Only the first line counts: the text quoted below a reply holds our own words ("to stop
# receiving these messages"), never the debtor's.
REPLY_KEYWORDS = {
    "dispute": ("dispute", "disputo", "disputa", "contesto", "impugno"),
    "cease": ("cease", "cese", "cesen", "cessate", "cessare"),
    "optout": ("stop", "baja", "unsubscribe", "disiscrivimi"),
}
REPLY_PREFIX = re.compile(r"^\W*(\w+)", re.UNICODE)


class DebtCollectionCase(models.Model):
    """What the debtor asks of us, by any channel (page, e-mail reply, call, visit, letter
    received, back office): a dispute (CG-4) or a cease-contact request (CG-5). Every channel
    ends in the same two methods, so the engine pauses the same way whoever recorded it."""

    _inherit = "debt.collection.case"

    def _collection_request_origin(self, source):
        labels = {
            "portal": self.env._("Debtor's page"),
            "email": self.env._("E-mail reply"),
            "call": self.env._("Phone call"),
            "visit": self.env._("Visit"),
            "letter": self.env._("Letter received"),
            "manual": self.env._("Back office"),
        }
        return labels.get(source, source)

    def action_record_request(self):
        """A dispute or cease-contact request the debtor sent by letter or e-mail."""
        self.ensure_one()
        return window_action(
            self.env,
            "debt_collection.debt_collection_request_wizard_action",
            context={"default_case_id": self.id},
        )

    def _collection_register_dispute(self, reason, source, invoices=None):
        """The debtor disputes the debt through ``source``: the given open invoices (default:
        all of them) are disputed; the ladder, escalation, bureau reporting and legal hand-off
        wait for every disputed invoice until the dispute is resolved. Returns the invoices
        disputed now."""
        self.ensure_one()
        self.check_access("write")
        if self.is_closed:
            return self.env["account.move"]
        reason = (reason or "").strip() or self.env._("no reason given")
        # sudo: consultants read invoices only; the dispute flag is collection's own field
        open_invoices = self.sudo().invoice_ids.filtered(
            lambda m: m.payment_state in ("not_paid", "partial")
        )
        targets = open_invoices if invoices is None else open_invoices & invoices.sudo()
        to_dispute = targets.filtered(lambda m: not m.collection_disputed)
        if to_dispute:
            to_dispute._collection_set_dispute(
                reason, origin=self._collection_request_origin(source)
            )
        if all(open_invoices.mapped("collection_disputed")):
            # the run would hold it too; saying it now keeps the case's queue honest today
            self.write({"state": "disputed", "debtor_kind": "disputes"})
        return to_dispute.sudo(False)

    def _collection_register_cease_contact(self, reason, source):
        """The debtor asks not to be contacted any more (CG-5): no e-mail, letter, SMS, call or
        visit leaves until a manager lifts it; notices the legal group sends still go."""
        self.ensure_one()
        self.check_access("write")
        partner = self.partner_id
        note = self.env._(
            "%(origin)s: the debtor asks not to be contacted. %(reason)s",
            origin=self._collection_request_origin(source),
            reason=(reason or "").strip(),
        ).strip()
        self.env["debt.collection.action"]._log(
            {"case_id": self.id, "channel": "manual", "result": "note", "note": note}
        )
        if not partner.collection_cease_contact:
            # sudo: consultants do not edit debtors; the debtor's own request is recorded
            partner.sudo().collection_cease_contact = True
        return True

    # ------------------------------------------------------------------
    # E-mail replies (mail gateway)
    # ------------------------------------------------------------------

    def message_update(self, msg_dict, update_vals=None):
        res = super().message_update(msg_dict, update_vals=update_vals)
        for case in self:
            case._collection_read_reply(msg_dict)
        return res

    def _collection_reply_request(self, msg_dict):
        """The request a reply states on its first line (see REPLY_KEYWORDS), or False."""
        text = html2plaintext(msg_dict.get("body") or "")
        first = next((line for line in text.splitlines() if line.strip()), "")
        match = REPLY_PREFIX.match(first.lower())
        word = match and match.group(1)
        for request, words in REPLY_KEYWORDS.items():
            if word in words:
                return request, first.strip()
        return False, ""

    def _collection_reply_from_debtor(self, msg_dict):
        partner = self.partner_id
        if msg_dict.get("author_id") and msg_dict["author_id"] == partner.id:
            return True
        sender = email_normalize(msg_dict.get("email_from") or "", strict=False)
        return bool(sender) and sender == email_normalize(partner.email or "", strict=False)

    def _collection_read_reply(self, msg_dict):
        """A reply of the debtor that starts with a keyword is their dispute, cease-contact or
        opt-out, recorded by the same method as on every other channel."""
        self.ensure_one()
        if self.is_closed or not self._collection_reply_from_debtor(msg_dict):
            return False
        request, line = self._collection_reply_request(msg_dict)
        if request == "dispute":
            self._collection_register_dispute(line, "email")
        elif request == "cease":
            self._collection_register_cease_contact(line, "email")
        elif request == "optout":
            self.partner_id._collection_register_optout("email")
        return request
