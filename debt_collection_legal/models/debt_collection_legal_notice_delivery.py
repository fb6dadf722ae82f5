"""Sending a legal notice and what proves it: PEC, post, receipts, evidence, deadline."""

import json
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.mail import generate_tracking_message_id
from odoo.tools.misc import format_date

from odoo.addons.debt_collection.tools.actions import window_action

from ..tools.archive import build_zip, safe_name
from .debt_collection_legal_notice import CHANNELS, PROVEN_OUTCOMES

_logger = logging.getLogger(__name__)


class DebtCollectionLegalNotice(models.Model):
    """Sending a notice and what proves it: the Legal group's buttons, the PEC outbox, the
    carriers' outcomes and receipts, the evidence pack and the deadline."""

    _inherit = "debt.collection.legal.notice"

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def _check_legal_user(self):
        if not self.env.user.has_group("debt_collection_legal.debt_collection_legal_group_user"):
            raise AccessError(
                self.env._("Only a member of the Legal group can review and send legal notices.")
            )

    def action_refresh(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Only a draft notice can be recalculated."))
        self.check_access("write")
        self._refresh_lines()
        return True

    def action_send(self):
        """Send the reviewed notice: by PEC through the certified server (after commit, by
        the mail queue), or open the posting form for a registered letter or burofax."""
        self.ensure_one()
        self._check_legal_user()
        self.check_access("write")
        self._check_sendable()
        if self.channel == "pec":
            self._send_pec()
            return True
        return window_action(
            self.env,
            "debt_collection_legal.debt_collection_legal_post_wizard_action",
            context={"default_notice_id": self.id},
        )

    def _check_sendable(self):
        self.ensure_one()
        case = self.case_id
        if self.state != "draft":
            raise UserError(self.env._("This notice was already sent."))
        if case.is_closed:
            raise UserError(self.env._("The case is closed: no notice is sent on it."))
        if case.collection_time_barred:
            # CG-7: a time-barred debt is never threatened with court
            raise UserError(
                self.env._(
                    "The debt is time-barred since %(date)s: no legal notice can be sent.",
                    date=format_date(self.env, case.collection_date_prescription),
                )
            )
        if not self.line_ids:
            raise UserError(self.env._("The notice lists no open invoice."))
        if self.rate_missing:
            raise UserError(
                self.env._(
                    "Some days of interest have no statutory rate: complete the rate table "
                    "(Collection > Configuration > Interest Rates) and recalculate."
                )
            )
        if self.channel == "pec":
            # sudo: only administrators read mail servers; this checks the one configured
            server = self.company_id.sudo().collection_pec_server_id
            if not self.pec_address:
                raise UserError(self.env._("The debtor has no certified e-mail (PEC) address."))
            if not server or not server.collection_certified:
                raise UserError(
                    self.env._("Set the company's certified mail server in Settings > Collection.")
                )
            if not self.company_id.partner_id.collection_pec:
                raise UserError(
                    self.env._("Set the company's own PEC address on the company's contact.")
                )

    def _render_pdf(self):
        """Render the notice in the debtor's language and keep it as evidence."""
        self.ensure_one()
        pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(
            "debt_collection_legal.action_report_legal_notice", self.ids
        )
        attachment = self._add_evidence(
            "notice_pdf",
            f"{self.name.replace('/', '-')}.pdf",
            pdf,
            fields.Datetime.now(),
            mimetype="application/pdf",
        ).attachment_id
        self._system().pdf_attachment_id = attachment
        return attachment

    def _add_evidence(self, kind, filename, raw, when, mimetype=None, **values):
        """Keep a file as evidence of this notice (hashed, protected from deletion)."""
        self.ensure_one()
        # sudo: evidence is created by the notice's own flow (a receipt arriving through the
        # mail gateway, a send by a Legal user); nobody creates it by hand
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "raw": raw,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": mimetype,
                }
            )
        )
        return (
            self.env["debt.collection.legal.evidence"]
            .sudo()
            .create(
                {
                    "notice_id": self.id,
                    "kind": kind,
                    "name": filename,
                    "date": when,
                    "attachment_id": attachment.id,
                    **values,
                }
            )
        )

    def _send_pec(self):
        """Queue the notice for the certified server; the mail queue sends it after commit
        (AR-3) and ``_pec_keep_sent_message`` keeps what the server accepted."""
        self.ensure_one()
        pdf = self._render_pdf()
        template = self.env.ref("debt_collection_legal.mail_template_legal_notice_pec")
        values = template._generate_template(self.ids, ("subject", "body_html"))[self.id]
        message_id = generate_tracking_message_id(f"legal-notice-{self.id}")
        company_pec = self.company_id.partner_id.collection_pec
        # sudo: the outgoing message is the notice's own; the Legal user was checked above
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": values.get("subject") or self.name,
                    "body_html": values.get("body_html") or "",
                    "email_from": company_pec,
                    "reply_to": company_pec,
                    "email_to": self.pec_address,
                    "mail_server_id": self.company_id.collection_pec_server_id.id,
                    "message_id": message_id,
                    "model": self._name,
                    "res_id": self.id,
                    "message_type": "email",
                    "attachment_ids": [fields.Command.link(pdf.id)],
                    "auto_delete": False,
                    "is_notification": False,
                }
            )
        )
        self._system().write(
            {
                "state": "sending",
                "pec_message_id": message_id,
                "mail_id": mail.id,
                "sent_by_id": self.env.user.id,
            }
        )
        self.case_id._legal_log_step(self, "scheduled", self.env._("Sent by PEC: queued."))
        self._review_done()

    @api.model
    def _pec_keep_sent_message(self, message):
        """A certified server accepted ``message``: if it is a notice, keep it as sent."""
        message_id = (message.get("Message-Id") or "").strip()
        if not message_id:
            return
        # sudo: called from the mail queue, whoever runs it; the notice is found by the
        # Message-ID it generated itself
        notice = self.sudo().search(
            [("pec_message_id", "=", message_id), ("state", "=", "sending")], limit=1
        )
        if not notice:
            return
        now = fields.Datetime.now()
        notice._add_evidence(
            "sent_message",
            f"{notice.name.replace('/', '-')}-sent.eml",
            message.as_bytes(),
            now,
            mimetype="message/rfc822",
        )
        notice._system().write({"state": "sent", "date_sent": now})
        notice.case_id._legal_log_step(notice, "sent", notice.pec_address)

    def action_register_outcome(self):
        """Record what the carrier reports (delivered, refused, not collected...)."""
        self.ensure_one()
        self._check_legal_user()
        if self.state not in ("sent", "sending") or self.channel == "pec":
            raise UserError(
                self.env._("Delivery of a posted notice is recorded once it has been sent.")
            )
        return window_action(
            self.env,
            "debt_collection_legal.debt_collection_legal_outcome_wizard_action",
            context={"default_notice_id": self.id},
        )

    def action_invoice_interest(self):
        """Charge the interest and compensation claimed: a draft customer invoice for the
        manager to check and post (late-payment interest and the compensation are damages,
        outside the scope of VAT: no tax)."""
        self.ensure_one()
        if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
            raise AccessError(self.env._("Only a Collection Manager decides to charge interest."))
        if self.state not in ("delivered", "expired", "answered"):
            raise UserError(self.env._("Interest is charged on a notice the debtor received."))
        if self.interest_move_id:
            raise UserError(self.env._("The interest of this notice was already invoiced."))
        if not (self.amount_interest or self.amount_compensation):
            raise UserError(self.env._("This notice claims no interest and no compensation."))
        lines = []
        if self.amount_interest:
            lines.append(
                fields.Command.create(
                    {
                        "name": self.env._(
                            "Late-payment interest to %(date)s (legal notice %(name)s)",
                            date=format_date(self.env, self.date_notice),
                            name=self.name,
                        ),
                        "price_unit": self.amount_interest,
                        "tax_ids": [],
                    }
                )
            )
        if self.amount_compensation:
            lines.append(
                fields.Command.create(
                    {
                        "name": self.env._(
                            "Compensation for recovery costs (legal notice %(name)s)",
                            name=self.name,
                        ),
                        "price_unit": self.amount_compensation,
                        "tax_ids": [],
                    }
                )
            )
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "currency_id": self.currency_id.id,
                    "invoice_origin": self.name,
                    "invoice_line_ids": lines,
                }
            )
        )
        self._system().interest_move_id = move
        return move._get_records_action(name=self.env._("Interest Invoice"))

    def action_cancel(self):
        self.ensure_one()
        self._check_legal_user()
        if self.state not in ("draft", "failed"):
            raise UserError(self.env._("Only a draft or an undelivered notice can be cancelled."))
        self._system().state = "cancelled"
        return True

    def action_view_evidence(self):
        self.ensure_one()
        return window_action(
            self.env,
            "debt_collection_legal.debt_collection_legal_evidence_action",
            domain=[("notice_id", "=", self.id)],
            context={"create": False},
        )

    def action_download_evidence(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/debt_collection_legal/notice/{self.id}/evidence.zip",
            "target": "self",
        }

    def _evidence_files(self):
        """[(path, bytes)] of the evidence pack: every file as kept, and a record of the
        events with their times and the files' SHA-256."""
        self.ensure_one()
        # checked here, not trusted to the caller (issue 23); the case's dossier calls it
        # on its own sudo'd notices
        self.check_access("read")
        notice = self.sudo()  # the caller's read access to the notice was checked
        files, events = [], []
        kinds = dict(self.env["debt.collection.legal.evidence"]._fields["kind"].selection)
        for number, evidence in enumerate(notice.evidence_ids.sorted(lambda e: (e.date, e.id)), 1):
            path = f"{number:02d}-{evidence.kind}-{safe_name(evidence.name)}"
            files.append((path, evidence.attachment_id.raw))
            events.append(
                {
                    "file": path,
                    "kind": kinds.get(evidence.kind),
                    "receipt_type": evidence.receipt_type or None,
                    "date_utc": fields.Datetime.to_string(evidence.date),
                    "sha256": evidence.sha256,
                }
            )
        record = {
            "notice": notice.name,
            "case": notice.case_id.name,
            "creditor": notice._get_creditor()[0].name,
            "debtor": notice.partner_id.name,
            "channel": dict(CHANNELS).get(notice.channel),
            "recipient": notice.pec_address if notice.channel == "pec" else None,
            "sent_message_id": notice.pec_message_id or None,
            "carrier": notice.carrier or None,
            "tracking_number": notice.tracking_ref or None,
            "date_sent_utc": fields.Datetime.to_string(notice.date_sent) or None,
            "date_accepted_utc": fields.Datetime.to_string(notice.date_accepted) or None,
            "delivery_outcome": notice.delivery_outcome or None,
            "date_delivered": fields.Date.to_string(notice.date_delivered) or None,
            "date_failed": fields.Date.to_string(notice.date_failed) or None,
            "date_deadline": fields.Date.to_string(notice.date_deadline) or None,
            "amount_total": notice.amount_total,
            "currency": notice.currency_id.name,
            "evidence": events,
        }
        files.append(("evidence.json", json.dumps(record, indent=2, ensure_ascii=False).encode()))
        return files

    def _evidence_zip(self):
        self.ensure_one()
        return build_zip(self._evidence_files())

    # ------------------------------------------------------------------
    # Delivery: what receipts and carriers prove
    # ------------------------------------------------------------------

    def _mark_sent(self, when, carrier=False, tracking_ref=False):
        self.ensure_one()
        self._system().write(
            {
                "state": "sent",
                "date_sent": when,
                "carrier": carrier,
                "tracking_ref": tracking_ref,
                "sent_by_id": self.env.user.id,
            }
        )
        self.case_id._legal_log_step(
            self, "sent", " ".join(filter(None, [carrier, tracking_ref])) or False
        )
        self._review_done()

    def _review_done(self):
        """The review the notice waited for is done: it was sent."""
        # sudo: the review activity may be another member's of the Legal group
        self.sudo().activity_feedback(["debt_collection_legal.mail_activity_type_legal_review"])

    def _mark_accepted(self, when):
        self.ensure_one()
        self._system().date_accepted = when

    def _mark_outcome(self, outcome, day, reason=False):
        """Delivered or refused: the deadline starts; anything else: no proof, no deadline."""
        self.ensure_one()
        if self.state not in ("sending", "sent", "failed", "delivered"):
            _logger.info(
                "Outcome %s for notice %s in state %s ignored", outcome, self.id, self.state
            )
            return
        if outcome in PROVEN_OUTCOMES:
            if self.state == "delivered":
                return  # the first proof counts; a later copy of it changes nothing
            self._system().write(
                {
                    "state": "delivered",
                    "delivery_outcome": outcome,
                    "date_delivered": day,
                    "date_failed": False,
                    "failure_reason": False,
                }
            )
            self.case_id._legal_log_step(self, "delivered", self._delivery_outcome_label(outcome))
            self.case_id._legal_after_delivery(self)
            return
        if self.state == "delivered":
            return  # a failure notice after proof of delivery does not undo it
        self._system().write(
            {
                "state": "failed",
                "delivery_outcome": outcome,
                "date_failed": day,
                "failure_reason": reason or self._delivery_outcome_label(outcome),
            }
        )
        self.case_id._legal_log_step(
            self, "failed", reason or self._delivery_outcome_label(outcome)
        )
        self._notify_legal_team(
            self.env._(
                "Legal notice %(name)s was not delivered (%(reason)s): send it again by "
                "another channel.",
                name=self.name,
                reason=reason or self._delivery_outcome_label(outcome),
            )
        )

    def _delivery_outcome_label(self, outcome):
        """The outcome's label in the language of the context, for the log and the team."""
        return dict(self._fields["delivery_outcome"]._description_selection(self.env))[outcome]

    def _notify_legal_team(self, summary):
        """An activity on the notice for whoever reviews legal notices."""
        for notice in self:
            user = notice.case_id._legal_reviewer()
            # sudo: receipts and crons ask the Legal group, whoever runs them
            notice.sudo().activity_schedule(
                "debt_collection_legal.mail_activity_type_legal_review",
                user_id=user.id,
                summary=summary,
            )

    # ------------------------------------------------------------------
    # Deadlines (cron)
    # ------------------------------------------------------------------

    @api.model
    def _cron_check_deadlines(self):
        """Notices whose debtor answered stop; those whose deadline passed unpaid go to a
        manager's decision. Only delivered notices have a deadline (CG-10)."""
        today = fields.Date.context_today(self)
        self._check_unconfirmed_sending()
        notices = self.search([("state", "=", "delivered")])
        for notice in notices:
            # what the cron writes for the team is in the company's language, as the
            # collection run's is (not the cron user's English)
            notice = notice.with_context(lang=notice.company_id.partner_id.lang or self.env.lang)
            answer = notice._get_answer()
            if answer:
                notice._system().write({"state": "answered", "answer": answer})
                answers = dict(notice._fields["answer"]._description_selection(notice.env))
                notice.case_id._legal_log_step(notice, "note", answers[answer])
                if answer == "payment":
                    notice.case_id._legal_ask_consultant(
                        notice.env._(
                            "The debtor paid part of the debt after legal notice %(name)s: "
                            "decide how to go on.",
                            name=notice.name,
                        )
                    )
            elif notice.date_deadline and notice.date_deadline < today:
                notice._system().state = "expired"
                notice.case_id._legal_ask_manager(notice)
        return True

    @api.model
    def _check_unconfirmed_sending(self):
        """A PEC the certified server did not take is not known to be sent (AR-3): a person
        checks with the provider; nothing is sent again blindly."""
        Activity = self.env["mail.activity"]
        review = self.env.ref("debt_collection_legal.mail_activity_type_legal_review")
        for notice in self.search([("state", "=", "sending")]):
            mail = notice.sudo().mail_id  # sudo: mail.mail is for administrators
            if mail.state not in ("exception", "cancel"):
                continue
            if Activity.search_count(
                [
                    ("res_model", "=", notice._name),
                    ("res_id", "=", notice.id),
                    ("activity_type_id", "=", review.id),
                ]
            ):
                continue
            notice._notify_legal_team(
                self.env._(
                    "The certified server did not confirm sending legal notice %(name)s "
                    "(%(reason)s): ask the PEC provider before sending it again.",
                    name=notice.name,
                    reason=(mail.failure_reason or "")[:200],
                )
            )

    def _get_answer(self):
        """How the debtor answered the notice before its deadline, or False."""
        self.ensure_one()
        case = self.case_id
        if case.state in ("paid", "settled") or (
            case.invoice_ids and case.currency_id.is_zero(case.amount_residual)
        ):
            return "paid"
        since = fields.Date.context_today(self, self.date_sent or fields.Datetime.now())
        until = self.date_deadline
        promises = case.promise_ids.filtered(
            lambda p: p.state != "cancelled" and since <= p.date and (not until or p.date <= until)
        )
        if promises or case.state == "promise":
            return "promise"
        plans = case.plan_ids.filtered(
            lambda p: p.state != "cancelled" and p.create_date.date() >= since
        )
        if plans or case.state == "plan":
            return "plan"
        if case._legal_payments_between(since, until):
            return "payment"
        return False
