"""The court claim: monitorio and decreto ingiuntivo, courts, interest, documents, cost-benefit."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import find_in_path

from .common import LegalCommon, d, pdf_text


@tagged("post_install", "-at_install", "dc_compliance")
class TestClaim(LegalCommon):
    """The claim ready to file (issue 28, part 2), with hand-worked figures.

    Spain: 1,000.00 due 2024-03-31, commercial interest at 12.50 % (91 days of 2024-H1),
    12.25 % (184 days of 2024-H2) and 11.15 % (2025): to 2025-03-31
    1000 x (0.125 x 91 + 0.1225 x 184 + 0.1115 x 90) / 365 = 120.41; 45 more days to
    2025-05-15 at 11.15 % make 134.16; plus the 40.00 compensation.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.valencia = cls._debtor(
            "Reformas Turia S.L.",
            "admin@turia.example",
            is_company=True,
            vat="ESB46123453",
            street="Calle de Cuba 31",
            zip="46006",
            city="Valencia",
            lang="es_ES",
        )
        cls.milano = cls._debtor(
            "Rinaldi Costruzioni S.r.l.",
            "amministrazione@rinaldi.example",
            is_company=True,
            vat="IT01234560157",
            street="Via Padova 120",
            zip="20132",
            city="Milano",
            country_id=cls.it.id,
            lang="it_IT",
        )
        cls.Claim = cls.env["debt.collection.claim"]

    def _ended_case(self, partner, amount, due, creditor=None, notice_on="2025-03-31"):
        """A case whose notice was delivered two days after its date and went unpaid."""
        invoice = self._invoice(partner, amount, d(due))
        case = self._case_with(partner, invoice, creditor=creditor)
        with freeze_time(notice_on):
            notice = self._delivered_notice(
                case, d(notice_on), date.fromordinal(d(notice_on).toordinal() + 2)
            )
        return case, notice

    # ------------------------------------------------------------------
    # The figures: the legal notice's computation, to the cent
    # ------------------------------------------------------------------

    def test_interest_matches_the_legal_notice_to_the_cent(self):
        case, notice = self._ended_case(self.valencia, 1000.0, "2024-03-31")
        self.assertEqual(notice.amount_interest, 120.41)
        with freeze_time("2025-05-15"):
            claim = case.with_user(self.lawyer_user)._legal_prepare_claim()
            self.assertEqual(claim.procedure, "monitorio")
            self.assertEqual(claim.notice_id, notice)
            self.assertEqual(claim.amount_residual, 1000.0)
            self.assertEqual(claim.amount_interest, 134.16)
            self.assertEqual(claim.amount_compensation, 40.0)
            self.assertEqual(claim.amount_total, 1174.16)
            # a notice of the same day computes the same figures, line by line
            fresh = self.Notice.create({"case_id": case.id, "date_notice": d("2025-05-15")})
            self.assertEqual(claim.line_ids.interest, fresh.line_ids.interest)
            self.assertEqual(claim.line_ids.interest_segments, fresh.line_ids.interest_segments)
            # dated as the notice, the claim claims what the notice claimed
            claim.with_user(self.lawyer_user).date_claim = d("2025-03-31")
            self.assertEqual(claim.amount_interest, notice.amount_interest)
            self.assertEqual(claim.amount_total, notice.amount_total)

    # ------------------------------------------------------------------
    # Spain: the court of the debtor's domicile, lawyer and procurador
    # ------------------------------------------------------------------

    def test_monitorio_court_from_the_debtors_city(self):
        case, _notice = self._ended_case(self.valencia, 1000.0, "2024-03-31")
        with freeze_time("2025-05-15"):
            claim = case.with_user(self.lawyer_user)._legal_prepare_claim()
        self.assertEqual(claim.court_city, "Valencia")
        self.assertEqual(claim.court_name, "Juzgado de Primera Instancia de Valencia")
        self.assertEqual(claim.court_level, "primera_instancia")
        self.assertFalse(claim.lawyer_required, "1,174.16 EUR: no lawyer, no procurador")
        self.assertEqual((claim.court_fee, claim.lawyer_fee), (0.0, 0.0))

    def test_monitorio_above_2000_needs_lawyer_and_procurador(self):
        """2,000 due 2024-03-31: the interest takes the claim over 2,000 EUR (2,308.32 at
        2025-05-15); the court fee is 100 + 0.5 % of it = 111.54."""
        case, _notice = self._ended_case(self.valencia, 2000.0, "2024-03-31")
        with freeze_time("2025-05-15"):
            claim = case.with_user(self.lawyer_user)._legal_prepare_claim()
        self.assertEqual(claim.amount_total, 2308.32)
        self.assertTrue(claim.lawyer_required)
        self.assertEqual(claim.court_fee, 111.54)
        self.assertEqual(claim.lawyer_fee, 450.0)

    # ------------------------------------------------------------------
    # Italy: the court by value
    # ------------------------------------------------------------------

    def test_italian_court_by_value_with_the_interest(self):
        """9,000 and 9,700 due 2025-01-31, claimed on 2025-06-30: 150 days at 11.15 % give
        412.40 and 444.47 of interest; with the 40.00 compensation, 9,452.40 stays with the
        giudice di pace (up to 10,000 EUR) and 10,184.47 goes to the tribunale."""
        expected = {
            9000.0: (9452.40, "Giudice di Pace di Milano"),
            9700.0: (10184.47, "Tribunale di Milano"),
        }
        for principal, (total, court) in expected.items():
            with self.subTest(principal=principal):
                debtor = self.milano.copy({"name": f"Rinaldi {principal:.0f} S.r.l."})
                case, _notice = self._ended_case(
                    debtor,
                    principal,
                    "2025-01-31",
                    creditor=self.creditor_it,
                    notice_on="2025-05-02",
                )
                with freeze_time("2025-06-30"):
                    claim = case.with_user(self.lawyer_user)._legal_prepare_claim()
                self.assertEqual(claim.procedure, "decreto_ingiuntivo")
                self.assertEqual(claim.interest_country_id, self.it)
                self.assertEqual(claim.amount_total, total)
                self.assertEqual(claim.court_name, court)
                self.assertTrue(claim.lawyer_required)
                self.assertFalse(claim.court_to_confirm)
                self.assertIn("ledger_extract", claim.document_ids.mapped("kind"))

    def test_italian_value_limit_moves_with_the_table(self):
        """From 31-10-2026 the shipped table gives the giudice di pace claims up to 30,000
        EUR (D.Lgs. 116/2017 art. 27 as postponed), flagged to be confirmed."""
        Cost = self.env["debt.collection.claim.cost"]
        before = Cost._find(self.company, self.it, "decreto_ingiuntivo", 12000.0, d("2026-10-30"))
        after = Cost._find(self.company, self.it, "decreto_ingiuntivo", 12000.0, d("2026-10-31"))
        self.assertEqual(before.court_level, "tribunale")
        self.assertEqual(after.court_level, "giudice_pace")
        self.assertEqual(after.confidence, "low")
        # contributo unificato for 5,200-26,000 halved (118.50) + 27.00 anticipazioni
        self.assertEqual(before._costs(12000.0)[0], 145.5)

    # ------------------------------------------------------------------
    # When and who
    # ------------------------------------------------------------------

    def test_only_after_the_notice_deadline_passed(self):
        case, _notice = self._ended_case(self.valencia, 1000.0, "2024-03-31")
        with freeze_time("2025-04-10"), self.assertRaises(UserError):
            case.with_user(self.lawyer_user)._legal_prepare_claim()
        self.assertFalse(case.claim_ids)
        with freeze_time("2025-05-15"):
            claim = case.with_user(self.lawyer_user)._legal_prepare_claim()
            self.assertEqual(case._legal_prepare_claim(), claim, "one open claim per case")

    def test_access_legal_group_and_managers_consultants_read_their_own(self):
        case, _notice = self._ended_case(self.valencia, 1000.0, "2024-03-31")
        with freeze_time("2025-05-15"):
            with self.assertRaises(UserError):
                case.with_user(self.consultant)._legal_prepare_claim()
            claim = case.with_user(self.manager)._legal_prepare_claim()
        self.assertEqual(claim.with_user(self.consultant).amount_total, 1174.16)
        with self.assertRaises(AccessError):
            claim.with_user(self.consultant2).read(["amount_total"])
        with self.assertRaises(UserError):
            claim.with_user(self.consultant).action_ready()
        other = self.env["res.company"].create({"name": "Otra Empresa S.L."})
        outsider = new_test_user(
            self.env,
            login="dc_claim_outsider",
            groups="debt_collection.debt_collection_group_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertFalse(self.Claim.with_user(outsider).search([("id", "=", claim.id)]))

    def test_ready_claim_is_frozen_and_logged(self):
        case, _notice = self._ended_case(self.valencia, 1000.0, "2024-03-31")
        with freeze_time("2025-05-15"):
            claim = case.with_user(self.lawyer_user)._legal_prepare_claim()
            claim.with_user(self.lawyer_user).action_ready()
        self.assertEqual(claim.state, "ready")
        with self.assertRaises(UserError):
            claim.with_user(self.lawyer_user).date_claim = d("2025-06-01")
        self.assertTrue(case.action_ids.filtered(lambda a: claim.name in (a.note or "")))
        kinds = claim.document_ids.mapped("kind")
        self.assertEqual(kinds[:1], ["invoice"])
        self.assertIn("demand", kinds)
        self.assertIn("delivery_proof", kinds)
        self.assertEqual(claim.document_ids.mapped("sequence"), list(range(1, len(kinds) + 1)))

    # ------------------------------------------------------------------
    # The cost-benefit
    # ------------------------------------------------------------------

    def test_cost_benefit_uses_our_history_after_hand_off(self):
        """Three earlier cases handed to court on 2025-01-10: one paid 600 of 1,000 after the
        hand-off, the others nothing: 600 / 3,000 = 20 % recovered; 20 % of 1,174.16 is
        234.83 expected. With two cases only, the history is too short to count."""
        lawyer = self.env["res.partner"].create({"name": "Ferrer Abogados"})
        earlier = []
        for name in ("Bar Ruzafa S.L.", "Taller Benimaclet S.L.", "Horno Campanar S.L."):
            debtor = self._debtor(name, "x@example.com", is_company=True, city="Valencia")
            invoice = self._invoice(debtor, 1000.0, d("2024-06-30"))
            earlier.append((self._case_with(debtor, invoice), invoice))
        with freeze_time("2025-01-10"):
            for case, _invoice in earlier:
                self.env["debt.collection.proceeding"].create(
                    {"case_id": case.id, "lawyer_id": lawyer.id, "procedure": "monitorio"}
                )
        self._pay(earlier[0][1], 600.0, d("2025-02-15"))
        case, _notice = self._ended_case(self.valencia, 1000.0, "2024-03-31")
        with freeze_time("2025-05-15"):
            claim = case.with_user(self.lawyer_user)._legal_prepare_claim()
            self.assertEqual(claim.recovery_sample, 3)
            self.assertAlmostEqual(claim.recovery_share, 20.0)
            self.assertEqual(claim.amount_expected, 234.83)
            self.assertFalse(claim.go_to_court)
            self.assertIn("assets", claim.recommendation)
            claim.with_user(self.lawyer_user).assets_note = "Owns its workshop (Registro)."
            self.assertTrue(claim.go_to_court)
            self.assertIn("20%", claim.recommendation)
            # two cases say too little: the whole claim is assumed recoverable
            earlier[2][0].proceeding_ids.sudo().unlink()
            claim.invalidate_recordset()
            self.assertEqual(claim.recovery_sample, 2)
            self.assertEqual(claim.amount_expected, 1174.16)
            self.assertIn("too few", claim.recommendation)

    # ------------------------------------------------------------------
    # The PDFs, in the court's language
    # ------------------------------------------------------------------

    def _pdf(self, claim):
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("debt_collection_legal.action_report_claim", claim.ids)
        )
        return pdf_text(pdf)

    def _petition_text(self, case, day):
        """The text of the claim the Legal group prepares on ``day``, as printed."""
        with freeze_time(day):
            claim = case.with_user(self.lawyer_user)._legal_prepare_claim()
            return self._pdf(claim)

    def _load_court_languages(self):
        """The petition is printed in the court's language: wkhtmltopdf and the terms."""
        if not find_in_path("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed")
        for code in ("es_ES", "it_IT"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(
            ["debt_collection", "debt_collection_legal"], ["es_ES", "it_IT"]
        )

    def test_monitorio_petition_in_spanish(self):
        self._load_court_languages()
        case, notice = self._ended_case(self.valencia, 2000.0, "2024-03-31")
        text = self._petition_text(case, "2025-05-15")
        for phrase in (
            "Juzgado de Primera Instancia de Valencia",
            "Petición inicial de procedimiento monitorio",
            "Reformas Turia S.L.",
            "2.308,32",
            "abogado y procurador",
            "Documento 1",
            notice.name,
        ):
            self.assertIn(phrase, text)

    def test_decreto_ingiuntivo_draft_in_italian(self):
        self._load_court_languages()
        case, _notice = self._ended_case(
            self.milano, 9000.0, "2025-01-31", creditor=self.creditor_it, notice_on="2025-05-02"
        )
        text = self._petition_text(case, "2025-06-30")
        for phrase in (
            "Giudice di Pace di Milano",
            "Ricorso per decreto ingiuntivo",
            "Rinaldi Costruzioni S.r.l.",
            "9.452,40",
            "D.Lgs. 231/2002",
            "estratto",
            "autenticato",
        ):
            self.assertIn(phrase, text)

    def test_hand_off_from_the_claim_carries_its_court_and_costs(self):
        case, _notice = self._ended_case(self.valencia, 2000.0, "2024-03-31")
        lawyer = self.env["res.partner"].create({"name": "Ferrer Abogados"})
        with freeze_time("2025-05-15"):
            claim = case.with_user(self.lawyer_user)._legal_prepare_claim()
            claim.with_user(self.lawyer_user).action_ready()
            action = claim.with_user(self.lawyer_user).action_hand_off()
            wizard = (
                self.env[action["res_model"]]
                .with_user(self.lawyer_user)
                .with_context(**action["context"])
                .create({"lawyer_id": lawyer.id})
            )
            self.assertEqual(wizard.procedure, "monitorio")
            self.assertEqual(wizard.cost_estimate, 561.54, "111.54 court fee + 450.00 lawyer")
            wizard.action_confirm()
        self.assertEqual(claim.state, "handed_off")
        self.assertEqual(claim.proceeding_id.court, "Juzgado de Primera Instancia de Valencia")
        self.assertEqual(case.state, "court")

    def test_documents_numbered_with_delivery_notes_and_acknowledgment(self):
        """The invoice, its delivery note kept on it, the signed acknowledgment kept on the
        case, then the notice and its return receipt: documents 1 to 5."""
        case, notice = self._ended_case(self.valencia, 1000.0, "2024-03-31")
        invoice = case.invoice_ids
        Attachment = self.env["ir.attachment"]
        Attachment.create(
            {
                "name": "albaran-AL-0457.pdf",
                "raw": b"%PDF",
                "res_model": "account.move",
                "res_id": invoice.id,
            }
        )
        Attachment.create(
            {
                "name": "reconocimiento-deuda.pdf",
                "raw": b"%PDF",
                "res_model": case._name,
                "res_id": case.id,
            }
        )
        case.collection_date_acknowledged = d("2024-09-10")
        with freeze_time("2025-05-15"):
            claim = case.with_user(self.lawyer_user)._legal_prepare_claim()
        docs = claim.document_ids
        self.assertEqual(
            docs.mapped("kind"),
            ["invoice", "delivery_note", "acknowledgment", "demand", "delivery_proof"],
        )
        self.assertEqual(docs.mapped("sequence"), [1, 2, 3, 4, 5])
        self.assertEqual(docs[1].attachment_id.name, "albaran-AL-0457.pdf")
        self.assertEqual(docs[2].attachment_id.name, "reconocimiento-deuda.pdf")
        self.assertEqual(docs[3].name, notice.name)
