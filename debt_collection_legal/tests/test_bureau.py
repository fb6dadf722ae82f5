"""Credit-bureau reporting: each country's conditions worked by hand, the files, withdrawal."""

import csv
import io

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from . import test_pec as pec
from .common import LegalCommon, d


class BureauCommon(LegalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Bureau = cls.env["debt.collection.bureau"]
        cls.Report = cls.env["debt.collection.bureau.report"]
        cls.asnef = cls.Bureau.create(
            {
                "name": "ASNEF-Equifax",
                "company_id": cls.company.id,
                "country_id": cls.es.id,
                "file_format": "asnef",
                "member_code": "E0042",
            }
        )

    def _conditions(self, case, bureau, day):
        with freeze_time(day):
            return {c["key"]: c for c in case._bureau_conditions(bureau)}

    def _unmet(self, case, bureau, day):
        return [k for k, c in self._conditions(case, bureau, day).items() if not c["met"]]

    def _rows(self, file):
        text = file.attachment_id.raw.decode()
        return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@tagged("post_install", "-at_install", "dc_compliance")
class TestBureauSpain(BureauCommon):
    """LOPDGDD art. 20: a payment demand naming the bureau, delivered on 2 March 2026 with 30
    days to pay: the debtor may pay until 1 April (Código Civil art. 5: the day of delivery is
    not counted), so the report is allowed from 2 April."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls.consumer, 200.0, d("2026-01-15"))
        cls.case = cls._case_with(cls.consumer, cls.invoice)

    def _demand(self, case):
        with freeze_time("2026-03-02 09:00:00"):
            notice = self._notice(case, d("2026-03-02"), channel="registered", deadline_days=30)
            self.assertEqual(notice.bureau_ids, self.asnef, "the demand names the bureau")
            notice._mark_sent(d("2026-03-02"), "Correos", "RR123456789ES")
            notice._add_evidence("return_receipt", "receipt.pdf", b"%PDF-scan", d("2026-03-02"))
            notice._mark_outcome("delivered", d("2026-03-02"))
        self.assertEqual(notice.date_deadline, d("2026-04-01"))
        return notice

    def test_report_refused_on_day_29_of_a_30_day_demand_allowed_on_day_30(self):
        self._demand(self.case)
        # day 29 after delivery: 29 days passed, the debtor still has until 1 April
        conditions = self._conditions(self.case, self.asnef, "2026-03-31")
        self.assertEqual([k for k, c in conditions.items() if not c["met"]], ["days"])
        self.assertIn("29", conditions["days"]["value"])
        # day 30: the demand's 30 days have run, every condition holds
        self.assertEqual(self._unmet(self.case, self.asnef, "2026-04-01"), [])
        with freeze_time("2026-04-01"):
            self.assertEqual(self.case._collection_may_contact("bureau"), (True, ""))
            self.case.action_bureau_report()
        report = self.case.collection_bureau_report_ids
        self.assertEqual(
            (report.state, report.to_send, report.amount), ("pending", "report", 200.0)
        )
        self.assertIn("ASNEF-Equifax", self.case.collection_bureau_check or "ASNEF-Equifax")

    def test_no_report_without_a_demand_naming_the_bureau(self):
        self.assertEqual(
            self._unmet(self.case, self.asnef, "2026-04-02"), ["notice", "delivered", "days"]
        )
        notice = self._demand(self.case)
        experian = self.Bureau.create(
            {"name": "Experian Badexcug", "company_id": self.company.id, "country_id": self.es.id}
        )
        self.assertNotIn(experian, notice.bureau_ids)
        self.assertIn("notice", self._unmet(self.case, experian, "2026-04-02"))
        with freeze_time("2026-04-02"):
            bureaus, _reason = self.case._bureau_allowed()
        self.assertEqual(bureaus, self.asnef, "only the bureau the demand named")

    def test_refused_while_a_dispute_is_open(self):
        self._demand(self.case)
        with freeze_time("2026-03-20"):
            self.case._collection_register_dispute("Never received the goods", "portal")
        self.assertEqual(self._unmet(self.case, self.asnef, "2026-04-02"), ["dispute"])
        with freeze_time("2026-04-02"):
            allowed, reason = self.case._collection_may_contact("bureau")
        self.assertFalse(allowed)
        self.assertIn("Not disputed", reason)

    def test_refused_under_fifty_euros_of_principal(self):
        invoice = self._invoice(self.business, 49.99, d("2026-01-15"))
        case = self._case_with(self.business, invoice)
        self._demand(case)
        conditions = self._conditions(case, self.asnef, "2026-04-02")
        self.assertEqual([k for k, c in conditions.items() if not c["met"]], ["amount"])
        self.assertEqual(conditions["amount"]["value"], "49.99 EUR")

    def test_withdrawn_in_the_next_file_after_payment(self):
        self._demand(self.case)
        with freeze_time("2026-04-02"):
            self.case.action_bureau_report()
            file = self.asnef.action_generate_file()
        first = self.env["debt.collection.bureau.file"].browse(file["res_id"])
        report = self.case.collection_bureau_report_ids
        self.assertEqual((report.state, report.date_reported), ("reported", d("2026-04-02")))
        rows = self._rows(first)
        self.assertEqual(len(rows), 1)
        self.assertEqual(
            (rows[0]["record_type"], rows[0]["amount"], rows[0]["CODIGO_ENTIDAD"]),
            ("A", "200.00", "E0042"),
        )
        with freeze_time("2026-04-20"):
            self._pay(self.invoice, pay_date=d("2026-04-20"))
            self.case._close("paid", "paid")
        self.assertEqual((report.state, report.to_send), ("reported", "withdraw"))
        self.assertEqual(report.date_record_ends, d("2026-04-20"), "Spain: withdrawn at once")
        self.assertEqual(self.case.collection_bureau_record_ends, d("2026-04-20"))
        with freeze_time("2026-05-01"):
            file = self.asnef.action_generate_file()
        second = self.env["debt.collection.bureau.file"].browse(file["res_id"])
        rows = self._rows(second)
        self.assertEqual(
            (rows[0]["record_type"], rows[0]["withdraw_reason"], rows[0]["date_paid"]),
            ("B", "paid", "2026-04-20"),
        )
        self.assertEqual((report.state, report.date_withdrawn), ("withdrawn", d("2026-05-01")))
        self.assertEqual(second.date_from, d("2026-04-02"))
        notes = self.case.action_ids.filtered(lambda a: a.channel == "bureau").mapped("note")
        self.assertEqual(len(notes), 4, notes)  # reported, in file, withdrawal decided, sent
        with freeze_time("2026-05-02"), self.assertRaises(UserError):
            self.asnef.action_generate_file()  # nothing left to send

    def test_withdrawn_when_disputed_after_the_report(self):
        self._demand(self.case)
        with freeze_time("2026-04-02"):
            self.case.action_bureau_report()
            self.asnef.action_generate_file()
        with freeze_time("2026-04-10"):
            self.case._collection_register_dispute("The goods were faulty", "email")
        report = self.case.collection_bureau_report_ids
        self.assertEqual((report.to_send, report.withdraw_reason), ("withdraw", "disputed"))
        self.assertEqual(report.date_record_ends, d("2026-04-10"))

    def test_other_companies_bureaus_and_records_stay_hidden(self):
        other = self.env["res.company"].create({"name": "Cobros Norte S.L."})
        foreign = self.Bureau.create(
            {"name": "ASNEF-Equifax", "company_id": other.id, "country_id": self.es.id}
        )
        visible = self.Bureau.with_user(self.consultant).search([])
        self.assertIn(self.asnef, visible)
        self.assertNotIn(foreign, visible)
        self.assertEqual(self.Bureau._for_case(self.case), self.asnef)

    def test_update_when_part_is_paid(self):
        self._demand(self.case)
        with freeze_time("2026-04-02"):
            self.case.action_bureau_report()
            self.asnef.action_generate_file()
            self._pay(self.invoice, 80.0, pay_date=d("2026-04-02"))
            file = self.asnef.action_generate_file()
        rows = self._rows(self.env["debt.collection.bureau.file"].browse(file["res_id"]))
        self.assertEqual((rows[0]["record_type"], rows[0]["amount"]), ("M", "120.00"))
        self.assertEqual(self.case.collection_bureau_report_ids.state, "updated")

    def test_consultant_cannot_report_nor_make_files(self):
        self._demand(self.case)
        with freeze_time("2026-04-02"):
            self.case.action_bureau_report()
        report = self.case.collection_bureau_report_ids
        consultant_report = report.with_user(self.consultant)
        self.assertEqual(consultant_report.state, "pending", "their own case's record")
        with self.assertRaises(AccessError):
            consultant_report.write({"state": "withdrawn"})
        with self.assertRaises(AccessError):
            self.asnef.with_user(self.consultant).action_generate_file()
        self.assertFalse(report.with_user(self.consultant2).search([("id", "=", report.id)]))

    def test_the_demand_names_the_bureaus(self):
        notice = self._demand(self.case)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("debt_collection_legal.report_legal_notice", notice.ids)[0]
            .decode()
        )
        self.assertIn("o_legal_notice_bureau_warning", html)
        self.assertIn("ASNEF-Equifax", html)
        with self.assertRaises(UserError):
            notice.bureau_ids = [Command.clear()]

    def test_the_demand_says_it_in_the_debtors_language(self):
        for code in ("es_ES", "it_IT"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(
            ["debt_collection_legal"], ["es_ES", "it_IT"]
        )
        notice = self._demand(self.case)
        for lang, phrase in (
            ("es_ES", "sistemas comunes de información crediticia"),
            ("it_IT", "sistemi di informazioni creditizie"),
        ):
            self.consumer.lang = lang
            html = (
                self.env["ir.actions.report"]
                ._render_qweb_html("debt_collection_legal.report_legal_notice", notice.ids)[0]
                .decode()
            )
            self.assertIn(phrase, html, lang)


@tagged("post_install", "-at_install", "dc_compliance")
class TestBureauColombia(BureauCommon):
    """Ley 1266 art. 12: 20 calendar days after the notice was sent (an e-mail counts); a debt
    of up to 15 % of the minimum wage (1,423,500 x 15 % = 213,525 COP) needs two notices on
    different days, the 20 days counted from the second."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.co = cls.env.ref("base.co")
        cls.datacredito = cls.Bureau.create(
            {"name": "Datacrédito-Experian", "company_id": cls.company.id, "country_id": cls.co.id}
        )
        cls.cop = cls.env.ref("base.COP")
        cls.cop.active = True
        cls.company_currency = cls.company.currency_id
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.cop.id,
                "rate": 4000.0,
                "name": "2026-01-01",
                "company_id": cls.company.id,
            }
        )
        cls.warning_stage = cls.env["debt.collection.stage"].create(
            {
                "name": "Aviso previo",
                "strategy_id": cls.strategy.id,
                "action_type": "email",
                "bureau_warning": True,
                "sequence": 99,
            }
        )
        cls.deudor = cls._debtor("Camilo Restrepo", "camilo@example.co", country_id=cls.co.id)

    def _warn(self, case, when):
        with freeze_time(when):
            self.env["debt.collection.action"]._log(
                {
                    "case_id": case.id,
                    "partner_id": case.partner_id.id,
                    "company_id": case.company_id.id,
                    "stage_id": self.warning_stage.id,
                    "channel": "email",
                    "result": "sent",
                }
            )

    def test_small_debt_needs_two_notices_on_different_days(self):
        # 50 EUR = 200,000 COP at 4,000: up to 213,525 COP, a small debt
        case = self._case_with(self.deudor, self._invoice(self.deudor, 50.0, d("2026-01-15")))
        self._warn(case, "2026-03-02 10:00:00")
        self._warn(case, "2026-03-02 16:00:00")  # the same day: still one
        self.assertEqual(self._unmet(case, self.datacredito, "2026-03-30"), ["small", "days"])
        self._warn(case, "2026-03-03 10:00:00")
        # 20 days from the second notice (3 March): 23 March
        self.assertEqual(self._unmet(case, self.datacredito, "2026-03-22"), ["days"])
        self.assertEqual(self._unmet(case, self.datacredito, "2026-03-23"), [])

    def test_larger_debt_needs_one_notice_and_twenty_days_from_its_sending(self):
        # 60 EUR = 240,000 COP: above the small-debt limit
        case = self._case_with(self.deudor, self._invoice(self.deudor, 60.0, d("2026-01-15")))
        self._warn(case, "2026-03-02 10:00:00")
        conditions = self._conditions(case, self.datacredito, "2026-03-21")
        self.assertNotIn("small", conditions)
        self.assertEqual([k for k, c in conditions.items() if not c["met"]], ["days"])
        self.assertEqual(self._unmet(case, self.datacredito, "2026-03-22"), [])

    def test_after_payment_the_record_stays_twice_the_delay(self):
        case = self._case_with(self.deudor, self._invoice(self.deudor, 60.0, d("2026-01-15")))
        self._warn(case, "2026-03-02 10:00:00")
        with freeze_time("2026-03-22"):
            case.action_bureau_report()
            self.datacredito.action_generate_file()
        with freeze_time("2026-04-16"):
            case._close("paid", "paid")
        # 91 days late (15 January to 16 April): kept 182 days, to 15 October 2026
        report = case.collection_bureau_report_ids
        self.assertEqual((report.to_send, report.date_record_ends), ("withdraw", d("2026-10-15")))


@tagged("post_install", "-at_install", "dc_compliance")
class TestBureauRegimes(BureauCommon):
    def test_shipped_regimes_carry_the_bureau_rules(self):
        es = self.env.ref("debt_collection.debt_collection_regime_es")
        self.assertEqual(
            (es.bureau_notice_days, es.bureau_min_amount, es.bureau_max_months), (30, 50.0, 60)
        )
        self.assertTrue(es.bureau_after_deadline and es.bureau_name_required)
        it = self.env.ref("debt_collection.debt_collection_regime_it")
        self.assertEqual((it.bureau_notice_days, it.bureau_count_from), (15, "delivered"))
        co = self.env.ref("debt_collection.debt_collection_regime_co")
        self.assertAlmostEqual(co._bureau_small_limit(), 213525.0)
        self.assertEqual(co.bureau_count_from, "sent")
        mx = self.env.ref("debt_collection.debt_collection_regime_mx")
        self.assertFalse(mx.bureau_notice_statutory)
        names = set(self.env["debt.collection.bureau"].sudo().search([]).mapped("name"))
        self.assertTrue(
            {
                "ASNEF-Equifax",
                "Experian Badexcug",
                "CRIF",
                "CTC",
                "Datacrédito-Experian",
                "TransUnion",
                "Buró de Crédito",
                "Círculo de Crédito",
            }
            <= names
        )


@tagged("post_install", "-at_install", "dc_compliance")
class TestBureauItaly(pec.PecProvider, BureauCommon):
    """The SIC code of conduct: the warning must reach the debtor; 15 days from the PEC
    delivery receipt (1 April 2025), not from the sending (31 March): allowed on 16 April."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pec()
        cls.business.country_id = cls.it
        cls.crif = cls.Bureau.create(
            {"name": "CRIF", "company_id": cls.company.id, "country_id": cls.it.id}
        )
        cls.invoice = cls._invoice(cls.business, 1000.0, d("2024-03-31"))
        cls.case = cls._case_with(cls.business, cls.invoice)

    def test_fifteen_days_from_the_pec_delivery_receipt(self):
        notice = self._send()
        self.assertEqual(notice.bureau_ids, self.crif)
        self._receive("pec_accettazione.eml", notice)
        self.assertEqual(self._unmet(self.case, self.crif, "2025-04-20"), ["delivered", "days"])
        self._receive("pec_avvenuta_consegna.eml", notice)
        self.assertEqual(notice.date_delivered, d("2025-04-01"))
        conditions = self._conditions(self.case, self.crif, "2025-04-15")
        self.assertTrue(conditions["delivered"]["met"])
        self.assertEqual([k for k, c in conditions.items() if not c["met"]], ["days"])
        self.assertIn("14", conditions["days"]["value"])
        self.assertEqual(self._unmet(self.case, self.crif, "2025-04-16"), [])


@tagged("post_install", "-at_install", "dc_compliance")
class TestBureauLadderStep(BureauCommon):
    """The ladder's credit-bureau step: held by the gate with the condition not met, taken
    by the first run after the demand's deadline."""

    def test_run_holds_the_step_until_the_conditions_hold(self):
        self._create_invoice(self.business, 800.0, d("2026-01-10"), d("2025-12-10"))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        case = self._case(self.business)
        stage = self.env["debt.collection.stage"].create(
            {
                "name": "Credit bureau",
                "strategy_id": case.strategy_id.id,
                "action_type": "bureau",
                "sequence": 1000,
            }
        )
        with freeze_time("2026-03-02 09:00:00"):
            notice = self._notice(case, d("2026-03-02"), channel="registered", deadline_days=30)
            notice._mark_sent(d("2026-03-02"), "Correos", "RR1")
            notice._add_evidence("return_receipt", "r.pdf", b"%PDF-scan", d("2026-03-02"))
            notice._mark_outcome("delivered", d("2026-03-02"))
        case.write({"next_stage_id": stage.id, "next_action_date": d("2026-03-20")})
        with freeze_time("2026-03-20 10:00:00"):
            self._run()
        self.assertFalse(case.collection_bureau_report_ids)
        self.assertIn("ASNEF-Equifax", case.hold_reason)
        self.assertIn("days since the notice", case.hold_reason)
        with freeze_time("2026-04-02 10:00:00"):
            self._run()
        report = case.collection_bureau_report_ids
        self.assertEqual((report.bureau_id, report.state), (self.asnef, "pending"))
        step = case.action_ids.filtered(lambda a: a.channel == "bureau" and a.stage_id == stage)
        self.assertEqual(step.note, "ASNEF-Equifax")
        # the step again: still one record
        case.write({"next_stage_id": stage.id, "next_action_date": d("2026-04-03")})
        with freeze_time("2026-04-03 10:00:00"):
            self._run()
        self.assertEqual(len(self.Report.search([("partner_id", "=", self.business.id)])), 1)
