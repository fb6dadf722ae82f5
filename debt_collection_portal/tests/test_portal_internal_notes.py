"""Issue 23, point 4: what the engine and the wizards write for the consultants is internal,
and the debtor reads none of it by any route; what is posted for the debtor they read."""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import DebtCollectionPortalCommon


@tagged("post_install", "-at_install", "dc_security")
class TestPortalInternalNotes(DebtCollectionPortalCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        case = cls.case
        # the outcome wizard's call report (done activity) and visit documents
        activity = case.activity_schedule(
            "debt_collection.mail_activity_type_collection_call", user_id=cls.consultant.id
        )
        cls.env["debt.collection.outcome.wizard"].with_user(cls.consultant).create(
            {
                "case_id": case.id,
                "activity_id": activity.id,
                "result": "reached",
                "note": "Neighbour says he is paid cash-in-hand",
            }
        ).action_confirm()
        cls.visit_note = case.message_post(
            body="Documents of the visit: owns two flats",
            attachment_ids=cls.env["ir.attachment"]
            .create(
                {"name": "door.jpg", "raw": b"jpeg", "res_model": case._name, "res_id": case.id}
            )
            .ids,
        )
        # the engine's notes, logs and tracking
        cls.engine_note = case.message_post(body="Last step failed: SMTP refused")
        cls.engine_log = case._message_log(body="Held: debtor on holiday, per his wife")
        case.hold_reason = "Evasive debtor"
        case.flush_recordset()
        cls.for_debtor = case.message_post(
            body="Your payment plan was approved",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.internal = case.message_ids.filtered(
            lambda m: m.is_internal or not m.subtype_id or m.subtype_id.internal
        )
        # a consultant's note on the debtor's invoice
        cls.invoice_note = cls.invoice.message_post(body="Debtor bluffing about this invoice")
        cls.internal |= cls.invoice_note

    def test_consultants_notes_are_internal(self):
        internal_bodies = " ".join(str(m.body) for m in self.internal)
        for text in ("cash-in-hand", "owns two flats", "SMTP refused", "per his wife", "bluffing"):
            self.assertIn(text, internal_bodies)
        self.assertNotIn(self.for_debtor, self.internal)

    def test_debtor_reads_no_internal_note_by_the_orm(self):
        Message = self.env["mail.message"].with_user(self.portal_user)
        for message in self.internal:
            with self.subTest(body=str(message.body)[:40]), self.assertRaises(AccessError):
                message.with_user(self.portal_user).read(["body", "attachment_ids"])
        self.assertFalse(Message.search([("id", "in", self.internal.ids)]))
        [own] = self.for_debtor.with_user(self.portal_user).read(["body"])
        self.assertIn("plan was approved", str(own["body"]))

    def test_debtor_reads_no_internal_note_over_http(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        for message in self.internal:
            with (
                self.subTest(body=str(message.body)[:40]),
                mute_logger("odoo.http"),
                self.assertRaises(JsonRpcException),
            ):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw/mail.message/read",
                    {
                        "model": "mail.message",
                        "method": "read",
                        "args": [message.ids, ["body", "attachment_ids"]],
                        "kwargs": {},
                    },
                )
        thread = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "debt.collection.case", "thread_id": self.case.id},
        )
        self.assertIn(self.for_debtor.id, thread["messages"])
        self.assertFalse(set(thread["messages"]) & set(self.internal.ids))
        self.logout()
        bodies = " ".join(str(m["body"]) for m in self._chatter_messages(self.case))
        self.assertIn("plan was approved", bodies)
        for text in ("cash-in-hand", "owns two flats", "SMTP refused", "per his wife", "Evasive"):
            self.assertNotIn(text, bodies)
