"""Tests of notices sent by PEC and their receipts through the mail gateway."""

import hashlib
import re
import shutil
import tempfile
from pathlib import Path

from freezegun import freeze_time

from odoo.modules import module
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools.smime import make_certificate, sign
from .common import LegalCommon, d

DATA = Path(__file__).parent / "data"


class PecProvider:
    """The tests play the certified e-mail system: the company's PEC server and address, the
    debtor's PEC address, the provider's signing certificate; a notice sent and receipts
    arriving through the mail gateway (mixed into a ``LegalCommon`` test class)."""

    @classmethod
    def _setup_pec(cls):
        """The company's certified server and address, the debtor's PEC address."""
        cls.pec_server = cls.env["ir.mail_server"].create(
            {
                "name": "PEC",
                "smtp_host": "smtps.pec.gestore-prova.example",
                "smtp_port": 465,
                "smtp_encryption": "ssl",
                "from_filter": "recupero@pec.creditore-prova.example",
                "collection_certified": True,
            }
        )
        cls.company.collection_pec_server_id = cls.pec_server
        cls.company.partner_id.collection_pec = "recupero@pec.creditore-prova.example"
        cls.business.collection_pec = "debitore@pec.debitore-prova.example"
        # the tests play the PEC provider, which signs every receipt it issues
        folder = tempfile.mkdtemp()
        cls.addClassCleanup(shutil.rmtree, folder)
        cls.provider = make_certificate(folder, "Gestore PEC di Prova S.p.A.")

    def setUp(self):
        super().setUp()
        # what Odoo's own test runner sets (pytest-odoo only from Odoo 19): Odoo then builds
        # and "sends" the message without connecting to the SMTP server
        self.patch(module, "current_test", self)

    def _send(self):
        with freeze_time("2025-03-31 08:15:00"):
            notice = self.case._legal_prepare_notice()
            self.assertEqual(notice.channel, "pec")
            notice.with_user(self.lawyer_user).action_send()
            self.assertEqual(notice.state, "sending", "queued: sent after commit")
            self.assertEqual(notice.mail_id.sudo().state, "outgoing")
            notice.mail_id.sudo().send()  # the mail queue's cron
        return notice

    def _receive(self, filename, notice=None, reference=None, alter=None):
        """The receipt as the incoming mail server of the PEC mailbox hands it to Odoo, signed
        by the provider (``alter``: (old, new) text changed on the way, after signing)."""
        reference = reference or notice.pec_message_id
        raw = (DATA / filename).read_text()
        raw = (
            raw.replace("{{reference_xml}}", reference.replace("<", "&lt;").replace(">", "&gt;"))
            .replace("{{reference}}", reference)
            .replace("{{subject}}", notice.name if notice else "LN/2025/99999")
        )
        raw = self._signed(raw)
        if alter:
            raw = raw.replace(*alter)
        receipt_id = self.env["mail.thread"].message_process(
            "debt.collection.pec.receipt", raw.encode()
        )
        return self.env["debt.collection.pec.receipt"].browse(receipt_id)

    def _signed(self, raw):
        """The fixture's signed part signed anew by the test provider, under its headers."""
        head, body = raw.split("\n\n", 1)
        boundary = re.search(r'boundary="([^"]+)"', head).group(1)
        content = body.split(f"--{boundary}\n", 1)[1].split(f"\n--{boundary}", 1)[0]
        headers = re.sub(r"(?ms)^(MIME-Version|Content-Type):.*?\n(?=\S|\Z)", "", head + "\n")
        return headers + sign(content.encode(), *self.provider).decode()


@tagged("post_install", "-at_install", "dc_compliance")
class TestPec(PecProvider, LegalCommon):
    """A notice sent by certified e-mail: the message kept as sent, the receipts of the
    certified mail system arriving through Odoo's mail gateway and matched to their notice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pec()
        cls.invoice = cls._invoice(cls.business, 1000.0, d("2024-03-31"))
        cls.case = cls._case_with(cls.business, cls.invoice)

    def test_cover_email_addresses_a_company_as_the_notice_does(self):
        """Not "Gentile <company>, ... in allegato trova" / "Estimado/a <company>"."""
        for code in ("it_IT", "es_ES"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(
            ["debt_collection_legal"], ["it_IT", "es_ES"]
        )
        template = self.env.ref("debt_collection_legal.mail_template_legal_notice_pec")
        notice = self._notice(self.case, d("2025-03-31"), channel="pec")
        self.business.lang = "it_IT"
        italian = template._render_field("body_html", notice.ids, compute_lang=True)[notice.id]
        self.assertIn("Spettabile Construcciones Levante S.L.,", italian)
        self.assertIn("in allegato trovate", italian)
        self.assertNotIn("Gentile", italian)
        self.business.lang = "es_ES"
        spanish = template._render_field("body_html", notice.ids, compute_lang=True)[notice.id]
        self.assertIn("Estimados señores:", spanish)
        self.assertIn("les adjuntamos", spanish)
        self.assertNotIn("Estimado/a", spanish)
        self.business.is_company = False
        person = template._render_field("body_html", notice.ids, compute_lang=True)[notice.id]
        self.assertIn("Estimado/a Construcciones Levante S.L.:", person)

    def test_sent_message_is_kept_with_its_hash(self):
        notice = self._send()
        self.assertEqual(notice.state, "sent")
        self.assertEqual(notice.mail_id.sudo().state, "sent")
        self.assertFalse(notice.mail_id.sudo().auto_delete)
        sent = notice.evidence_ids.filtered(lambda e: e.kind == "sent_message")
        self.assertEqual(len(sent), 1)
        raw = sent.attachment_id.raw
        self.assertEqual(sent.sha256, hashlib.sha256(raw).hexdigest())
        self.assertIn(notice.pec_message_id.encode(), raw)
        self.assertIn(b"debitore@pec.debitore-prova.example", raw)
        self.assertIn(b"application/pdf", raw, "the notice travels as a PDF attachment")
        self.assertEqual(str(notice.date_sent), "2025-03-31 08:15:00")
        self.assertIn(
            "sent",
            notice.case_id.action_ids.filtered(lambda a: a.channel == "legal").mapped("result"),
        )

    def test_acceptance_and_delivery_receipts_prove_delivery(self):
        notice = self._send()
        acceptance = self._receive("pec_accettazione.eml", notice)
        self.assertEqual(acceptance.state, "matched")
        self.assertEqual(acceptance.notice_id, notice)
        self.assertEqual(acceptance.receipt_type, "accettazione")
        self.assertEqual(str(notice.date_accepted), "2025-03-31 08:15:05", "10:15:05 +0200 in UTC")
        self.assertEqual(notice.state, "sent", "accepted is not delivered")
        self.assertFalse(notice.date_deadline)

        delivery = self._receive("pec_avvenuta_consegna.eml", notice)
        self.assertEqual((delivery.state, delivery.receipt_type), ("matched", "avvenuta-consegna"))
        self.assertEqual(notice.state, "delivered")
        self.assertEqual(notice.delivery_outcome, "delivered")
        self.assertEqual(notice.date_delivered, d("2025-04-01"))
        self.assertEqual(notice.date_deadline, d("2025-04-16"))
        receipts = notice.evidence_ids.filtered(lambda e: e.kind == "pec_receipt")
        self.assertEqual(
            sorted(receipts.mapped("receipt_type")),
            ["accettazione", "accettazione", "avvenuta-consegna", "avvenuta-consegna"],
        )
        names = receipts.mapped("name")
        self.assertIn("avvenuta-consegna-receipt.eml", names)
        self.assertIn("avvenuta-consegna-daticert.xml", names)
        for evidence in receipts:
            self.assertEqual(
                evidence.sha256, hashlib.sha256(evidence.attachment_id.raw).hexdigest()
            )
        original = receipts.filtered(lambda e: e.name == "avvenuta-consegna-receipt.eml")
        self.assertIn(b"X-Ricevuta: avvenuta-consegna", original.attachment_id.raw)
        self.assertIn(b"smime.p7s", original.attachment_id.raw, "kept with its signature")

    def test_the_provider_signature_is_checked(self):
        notice = self._send()
        acceptance = self._receive("pec_accettazione.eml", notice)
        self.assertEqual(acceptance.signature_state, "valid")
        self.assertIn("Gestore PEC di Prova S.p.A.", acceptance.signature_signer)
        self.assertIn("signature: Verified", notice.message_ids[:1].body)
        # the same delivery receipt with its date changed after the provider signed it
        with mute_logger("odoo.addons.debt_collection_legal.models.debt_collection_pec_receipt"):
            altered = self._receive(
                "pec_avvenuta_consegna.eml",
                notice,
                alter=("<giorno>01/04/2025</giorno>", "<giorno>30/03/2025</giorno>"),
            )
        self.assertEqual(altered.signature_state, "invalid")
        self.assertEqual((altered.state, altered.notice_id), ("unmatched", notice))
        self.assertEqual(notice.state, "sent", "an altered receipt proves nothing by itself")
        self.assertFalse(notice.date_delivered)

    def test_the_same_receipt_twice_is_processed_once(self):
        notice = self._send()
        self._receive("pec_avvenuta_consegna.eml", notice)
        count = len(notice.evidence_ids)
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            again = self._receive("pec_avvenuta_consegna.eml", notice)
        self.assertFalse(again)
        self.assertEqual(len(notice.evidence_ids), count)

    def test_delivery_error_receipt_gives_no_deadline(self):
        notice = self._send()
        self._receive("pec_accettazione.eml", notice)
        receipt = self._receive("pec_errore_consegna.eml", notice)
        self.assertEqual(receipt.receipt_type, "errore-consegna")
        self.assertIn("no-dest", receipt.error)
        self.assertEqual(notice.state, "failed")
        self.assertEqual(notice.delivery_outcome, "delivery_error")
        self.assertEqual(notice.date_failed, d("2025-04-01"))
        self.assertFalse(notice.date_deadline)
        self.assertIn("casella del destinatario inesistente", notice.failure_reason)
        self.assertTrue(notice.activity_ids, "the Legal group is asked to send it another way")

    def test_receipt_for_an_unknown_message_is_left_for_a_person(self):
        notice = self._send()
        evidence = notice.evidence_ids
        with mute_logger("odoo.addons.debt_collection_legal.models.debt_collection_pec_receipt"):
            receipt = self._receive(
                "pec_avvenuta_consegna.eml", reference="<unknown.42@elsewhere.example>"
            )
        self.assertEqual(receipt.state, "unmatched")
        self.assertFalse(receipt.notice_id)
        self.assertEqual(receipt.reference_message_id, "<unknown.42@elsewhere.example>")
        self.assertEqual(notice.evidence_ids, evidence, "never attached to another notice")
        self.assertEqual(notice.state, "sent")
        self.assertFalse(
            self.env["debt.collection.legal.evidence"].search([("name", "like", "avvenuta")])
        )

    def test_a_person_applies_an_unmatched_receipt(self):
        notice = self._send()
        with mute_logger("odoo.addons.debt_collection_legal.models.debt_collection_pec_receipt"):
            receipt = self._receive(
                "pec_avvenuta_consegna.eml", notice, reference="<rewritten.7@gestore.example>"
            )
        self.assertEqual(receipt.state, "unmatched")
        receipt = receipt.with_user(self.lawyer_user)
        receipt.notice_id = notice
        receipt.action_apply_to_notice()
        self.assertEqual(receipt.state, "matched")
        self.assertEqual(notice.state, "delivered")

    def test_a_message_the_server_did_not_take_goes_to_a_person_never_resent(self):
        with freeze_time("2025-03-31 08:15:00"):
            notice = self.case._legal_prepare_notice()
            notice.with_user(self.lawyer_user).action_send()
        notice.mail_id.sudo().write({"state": "exception", "failure_reason": "timed out"})
        self.env["debt.collection.legal.notice"]._cron_check_deadlines()
        self.assertEqual(notice.state, "sending", "unknown: not sent, not failed")
        self.assertEqual(notice.mail_id.sudo().state, "exception", "not queued again")
        activity = notice.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("ask the PEC provider", activity.summary)
        self.env["debt.collection.legal.notice"]._cron_check_deadlines()
        self.assertEqual(len(notice.activity_ids), 1, "asked once")
