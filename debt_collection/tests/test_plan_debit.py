"""SEPA direct debit of a plan: mandate, pre-notification, payment orders, pain.008, returns."""

import base64
from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .debit_common import CREDITOR_ID, setup_direct_debit
from .test_negotiation import NegotiationCommon

IBAN = "ES91 2100 0418 4502 0005 1332"
# the bank's status report on a direct debit it could not collect (insufficient funds)
PAIN002 = """<?xml version="1.0" encoding="utf-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>RET-2027-0001</MsgId><CreDtTm>2027-02-03T09:00:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>X</OrgnlMsgId><OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId>
    </OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>X</OrgnlPmtInfId>
      <TxInfAndSts>
        <StsId>R1</StsId>
        <OrgnlEndToEndId>%(e2e)s</OrgnlEndToEndId>
        <TxSts>RJCT</TxSts>
        <StsRsnInf><Rsn><Cd>AM04</Cd></Rsn><AddtlInf>INSUFFICIENT FUNDS</AddtlInf></StsRsnInf>
        <OrgnlTxRef>
          <Amt><InstdAmt Ccy="EUR">300.00</InstdAmt></Amt>
          <ReqdColltnDt>2027-01-31</ReqdColltnDt>
          <CdtrAcct><Id><IBAN>%(iban)s</IBAN></Id></CdtrAcct>
        </OrgnlTxRef>
      </TxInfAndSts>
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>
"""


class DebitCommon(NegotiationCommon):
    """A company collecting by SEPA Core direct debit (OCA's payment mode, its bank journal)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"collection_debit_lead_days": 5, "collection_plan_grace_days": 3})
        cls.payment_mode = setup_direct_debit(cls.env, cls.company)
        cls.bank_journal = cls.payment_mode.fixed_journal_id
        cls.Order = cls.env["account.payment.order"]
        cls.Line = cls.env["debt.collection.plan.line"]

    def _cron(self):
        self.Line.with_user(self.env.ref("base.user_root"))._cron_collection_debit()
        self.env.flush_all()

    def _debit_plan(self):
        """900.00 in three monthly debits from 31 January 2027, agreed on 10 January."""
        with freeze_time("2027-01-10 10:00:00"):
            case, invoice = self._open_case(self.debtor, 900.0, due=date(2026, 12, 1))
            plan = self._plan(
                case,
                instalment_count=3,
                frequency="monthly",
                date_first=date(2027, 1, 31),
                debit=True,
                debit_iban=IBAN,
                debit_signed_by="Lucía Fernández García",
                debit_signature_date=date(2027, 1, 10),
            )
            plan.action_confirm()
        return case, invoice, plan.sudo()

    def _collect(self, when):
        """On ``when`` (the order's date less the lead time) the cron fills the order; the
        accountant confirms it, generates the file and marks it sent to the bank."""
        with freeze_time(f"{when} 10:00:00"):
            self._cron()
            orders = self.Order.search([("state", "=", "draft")])
            self.assertEqual(len(orders), 1)
            orders.draft2open()
            action = orders.open2generated()
            orders.generated2uploaded()
        return orders, self.env["ir.attachment"].browse(action["res_id"])

    def _return(self, order, code, when):
        payment_aml = order.payment_ids.move_id.line_ids.filtered(
            lambda l: l.account_id.account_type == "asset_receivable"
        )
        reason = self.env.ref(f"account_payment_return_import_iso20022.unpaid_reason_{code}")
        with freeze_time(f"{when} 10:00:00"):
            ret = self.env["payment.return"].create(
                {
                    "journal_id": self.bank_journal.id,
                    "date": when,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "move_line_ids": [(6, 0, payment_aml.ids)],
                                "amount": 300.0,
                                "reason_id": reason.id,
                                "partner_id": self.debtor.id,
                            },
                        )
                    ],
                }
            )
            ret.action_confirm()
            self.env.flush_all()
        return ret


@tagged("post_install", "-at_install", "dc_compliance")
class TestPlanDebit(DebitCommon):
    def test_mandate_signed_with_the_plan(self):
        _case, _invoice, plan = self._debit_plan()
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.payment_method, "debit")
        mandate = plan.mandate_id
        self.assertEqual(mandate.state, "valid")
        self.assertEqual(mandate.partner_id, self.debtor)
        self.assertEqual(mandate.partner_bank_id.sanitized_acc_number, "ES9121000418450200051332")
        self.assertEqual(mandate.signature_date, date(2027, 1, 10))
        self.assertEqual(mandate.collection_creditor_identifier, CREDITOR_ID)
        self.assertTrue(mandate.unique_mandate_reference)
        lines = plan.line_ids.sorted("sequence")
        self.assertEqual(lines.mapped("amount"), [300.0, 300.0, 300.0])
        dates = [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]
        self.assertEqual(lines.mapped("date_due"), dates)
        self.assertEqual(lines.mapped("debit_date"), dates)
        self.assertEqual(set(lines.mapped("debit_state")), {"scheduled"})
        # a second plan's mandate has a reference of its own
        with freeze_time("2027-01-10 10:00:00"):
            case2, _inv = self._open_case(self.debtor2, 600.0, due=date(2026, 12, 1))
            plan2 = self._plan(
                case2,
                instalment_count=2,
                date_first=date(2027, 2, 15),
                debit=True,
                debit_iban="IT60X0542811101000000123456",
                debit_signed_by="Marco Rossi",
            )
        self.assertNotEqual(
            plan2.sudo().mandate_id.unique_mandate_reference, mandate.unique_mandate_reference
        )

    def test_wrong_iban_is_refused(self):
        with freeze_time("2027-01-10 10:00:00"):
            case, _invoice = self._open_case(self.debtor, 900.0, due=date(2026, 12, 1))
            with self.assertRaises(ValidationError):
                self._plan(
                    case,
                    instalment_count=3,
                    date_first=date(2027, 1, 31),
                    debit=True,
                    debit_iban="ES91 2100 0418 4502 0005 1333",
                )

    def test_prenotice_then_one_order_per_collection_date(self):
        case, _invoice, plan = self._debit_plan()
        jan, feb, mar = plan.line_ids.sorted("sequence")
        with freeze_time("2027-01-16 10:00:00"):  # 15 days before: not yet
            self._cron()
        self.assertEqual(jan.debit_state, "scheduled")
        with freeze_time("2027-01-17 10:00:00"):  # 14 days before 31/01
            self._cron()
        self.assertEqual(jan.debit_state, "notified")
        self.assertEqual(jan.debit_notified_on, date(2027, 1, 17))
        self.assertEqual(feb.debit_state, "scheduled")
        notice = case.message_ids.filtered(lambda m: "direct debit" in (m.subject or ""))
        self.assertEqual(len(notice), 1)
        self.assertIn("300.00", notice.body)
        self.assertIn(plan.mandate_id.unique_mandate_reference, notice.body)
        self.assertFalse(self.Order.search([]), "no order before the lead time")
        order_jan, _file = self._collect("2027-01-26")
        self.assertEqual(order_jan.date_scheduled, date(2027, 1, 31))
        self.assertEqual(jan.debit_state, "collected")
        self.assertEqual(jan.state, "paid")
        self.assertEqual(case.amount_recovered, 300.0)
        with freeze_time("2027-02-14 10:00:00"):
            self._cron()
        self.assertEqual(feb.debit_state, "notified")
        order_feb, attachment = self._collect("2027-02-23")
        self.assertNotEqual(order_feb, order_jan)
        self.assertEqual(order_feb.date_scheduled, date(2027, 2, 28))
        self.assertEqual(order_feb.payment_line_ids.collection_plan_line_id, feb)
        self.assertEqual(order_feb.payment_line_ids.mapped("amount_currency"), [300.0])
        self.assertEqual(order_feb.total_company_currency, 300.0)
        self.assertEqual(order_feb.payment_line_ids.mandate_id, plan.mandate_id)
        self.assertEqual(feb.debit_state, "collected")
        self.assertEqual(mar.debit_state, "scheduled")
        self.assertEqual(case.amount_recovered, 600.0)
        self.assertEqual(plan.amount_paid, 600.0)
        # the pain.008 the bank takes: valid against the scheme's XSD OCA ships
        xml = base64.b64decode(attachment.datas)
        xsd = file_path("account_banking_sepa_direct_debit/data/pain.008.001.02.xsd")
        with open(xsd, "rb") as xsd_file:
            schema = etree.XMLSchema(etree.parse(xsd_file))
        root = etree.fromstring(xml)
        schema.assertValid(root)
        ns = {"p": root.nsmap[None]}
        self.assertEqual(
            root.xpath("//p:MndtId", namespaces=ns)[0].text,
            plan.mandate_id.unique_mandate_reference,
        )
        self.assertEqual(root.xpath("//p:DtOfSgntr", namespaces=ns)[0].text, "2027-01-10")
        self.assertEqual(root.xpath("//p:ReqdColltnDt", namespaces=ns)[0].text, "2027-02-28")
        self.assertEqual(root.xpath("//p:InstdAmt", namespaces=ns)[0].text, "300.00")
        self.assertEqual(
            root.xpath("//p:CdtrSchmeId//p:Id", namespaces=ns)[-1].text
            if root.xpath("//p:CdtrSchmeId//p:Id", namespaces=ns)
            else "",
            CREDITOR_ID,
        )
        self.assertEqual(
            root.xpath("//p:DbtrAcct//p:IBAN", namespaces=ns)[0].text, "ES9121000418450200051332"
        )
        self.assertEqual(root.xpath("//p:SeqTp", namespaces=ns)[0].text, "RCUR")

    def test_returned_for_insufficient_funds_is_a_missed_instalment(self):
        case, _invoice, plan = self._debit_plan()
        jan, feb, mar = plan.line_ids.sorted("sequence")
        with freeze_time("2027-01-17 10:00:00"):
            self._cron()
        self._collect("2027-01-26")
        with freeze_time("2027-02-14 10:00:00"):
            self._cron()
        order_feb, _file = self._collect("2027-02-23")
        self.assertEqual(case.amount_recovered, 600.0)
        self._return(order_feb, "AM04", "2027-03-04")
        self.assertEqual(case.amount_recovered, 300.0, "recovered drops by 300.00")
        self.assertEqual(case.amount_residual, 600.0)
        self.assertEqual(feb.debit_state, "returned")
        self.assertIn("AM04", feb.debit_return_reason)
        self.assertEqual(feb.state, "missed")
        self.assertEqual(jan.state, "paid")
        self.assertEqual(mar.state, "open")
        self.assertEqual(plan.state, "breached", "the plan warns")
        self.assertEqual(plan.missed_count, 1)
        self.assertEqual(plan.payment_method, "debit", "insufficient funds keeps the mandate")
        self.assertTrue(case.activity_ids.filtered(lambda a: a.user_id == self.consultant))

    def test_return_imported_from_the_banks_pain002_file(self):
        """The bank's ISO 20022 status report (pain.002) names the debit by the EndToEndId of
        the pain.008: OCA's return import finds the instalment's payment by it."""
        case, _invoice, plan = self._debit_plan()
        with freeze_time("2027-01-17 10:00:00"):
            self._cron()
        order_jan, attachment = self._collect("2027-01-26")
        root = etree.fromstring(base64.b64decode(attachment.datas))
        ns = {"p": root.nsmap[None]}
        end_to_end = root.xpath("//p:EndToEndId", namespaces=ns)[0].text
        pain002 = PAIN002 % {"e2e": end_to_end, "iban": "ES7921000813610123456789"}
        with freeze_time("2027-02-03 10:00:00"):
            wizard = self.env["payment.return.import"].create(
                {
                    "data_file": base64.b64encode(pain002.encode()),
                    "journal_id": self.bank_journal.id,
                }
            )
            wizard.import_file()
            payment_return = self.env["payment.return"].search([("name", "=", "RET-2027-0001")])
            self.assertEqual(
                payment_return.line_ids.move_line_ids.payment_id, order_jan.payment_ids
            )
            payment_return.action_confirm()
            self.env.flush_all()
        jan = plan.line_ids.sorted("sequence")[0]
        self.assertEqual(jan.debit_state, "returned")
        self.assertEqual(jan.state, "missed")
        self.assertEqual(case.amount_recovered, 0.0)
        self.assertEqual(plan.state, "breached")

    def test_consultant_stops_the_debit_when_the_debtor_revokes(self):
        case, _invoice, plan = self._debit_plan()
        with self.assertRaises(AccessError):
            plan.with_user(self.consultant2).action_stop_debit()
        self.assertEqual(plan.payment_method, "debit")
        plan.with_user(self.consultant).action_stop_debit()
        self.assertEqual(plan.payment_method, "transfer")
        self.assertEqual(plan.mandate_id.state, "cancel")
        self.assertFalse(plan.line_ids.filtered("debit_state"))
        self.assertTrue(case.activity_ids.filtered(lambda a: a.user_id == self.consultant))

    def test_closed_account_sends_the_plan_back_to_transfer(self):
        case, _invoice, plan = self._debit_plan()
        with freeze_time("2027-01-17 10:00:00"):
            self._cron()
        order_jan, _file = self._collect("2027-01-26")
        self._return(order_jan, "AC04", "2027-02-03")
        self.assertEqual(plan.payment_method, "transfer")
        self.assertEqual(plan.mandate_id.state, "cancel")
        jan, feb, _mar = plan.line_ids.sorted("sequence")
        self.assertEqual(jan.debit_state, "returned")
        self.assertFalse(feb.debit_state)
        told = " ".join(str(a.summary or "") + str(a.note or "") for a in case.activity_ids)
        self.assertIn("transfer", told.lower(), "the consultant is told")
        with freeze_time("2027-02-14 10:00:00"):
            self._cron()
        self.assertFalse(self.Order.search([("state", "=", "draft")]))

    def test_refund_after_six_weeks_reopens_the_instalment(self):
        case, _invoice, plan = self._debit_plan()
        jan, feb, mar = plan.line_ids.sorted("sequence")
        for notify, collect in (
            ("2027-01-17", "2027-01-26"),
            ("2027-02-14", "2027-02-23"),
        ):
            with freeze_time(f"{notify} 10:00:00"):
                self._cron()
            order, _file = self._collect(collect)
            if collect == "2027-02-23":
                order_feb = order
        with freeze_time("2027-03-17 10:00:00"):
            self._cron()
        self._collect("2027-03-26")
        self.assertEqual(plan.state, "done")
        self.assertEqual(case.state, "paid")
        self.assertEqual(case.amount_recovered, 900.0)
        # six weeks after the debit of 28/02 the debtor has it refunded (within 8 weeks)
        self._return(order_feb, "MD06", "2027-04-11")
        self.assertEqual(case.amount_recovered, 600.0)
        self.assertEqual(feb.debit_state, "refunded")
        self.assertEqual(feb.state, "open", "re-opened")
        self.assertEqual(feb.debit_date, date(2027, 4, 25), "debited again after a new notice")
        self.assertEqual((jan.state, mar.state), ("paid", "paid"))
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.missed_count, 0)
        self.assertEqual(case.state, "plan")
        self.assertEqual(plan.payment_method, "debit")
