"""Odoo's click-everywhere bot over the Collection app, in Spanish, as the people who use it.

The bot (web's clickbot) opens every menu of the app, every view of each action (list, kanban,
pivot, graph, calendar...) and clicks every filter; an error dialog or a failed RPC fails the
test. The data are made here with the suite's builders (no demo data): an in-house company
collecting its own invoices and, in the same company, an agency working for two creditors, with
cases at several stages, a promise, a running plan, a payment, a remittance, a legal notice
and a court proceeding, so that the views open on rows.
"""

import base64
import json
import logging
import time
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.debt_collection.tests.agency_common import AgencyCommon

_logger = logging.getLogger(__name__)

MODULES = ["debt_collection", "debt_collection_portal", "debt_collection_legal"]
# The bot opens lists, kanbans, pivots and graphs, not forms: first each menu's first row is
# opened in its form, as a click on the row does, then the bot runs. An error fails the test.
BROWSER_CODE = """
(async (targets) => {
    const action = odoo.__WOWL_DEBUG__.root.env.services.action;
    for (const [actionId, resId] of targets) {
        console.log(`Opening form of action ${actionId}, record ${resId}`);
        await action.doAction(actionId, {viewType: "form", props: {resId}});
        for (let wait = 0; !document.querySelector(".o_form_view"); wait++) {
            if (document.querySelector(".o_error_dialog") || wait > 200) {
                throw new Error(`form of action ${actionId}, record ${resId} did not open`);
            }
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }
})(__TARGETS__).then(
    () => odoo.loader.modules.get("@web/webclient/clickbot/clickbot_loader")
        .startClickEverywhere("debt_collection.debt_collection_menu_root"),
    (error) => console.error(`${error}`),
);
"""
PORTFOLIO = (
    "Referencia;Nombre;NIF;Dirección;CP;Población;Teléfono;Email;"
    "Fecha factura;Vencimiento;Importe;Concepto\n"
    "F-001;Lucía Gómez Peña;12345678Z;Calle Mayor 1;46001;Valencia;612 345 678;"
    "lucia.gomez@example.com;15/10/2025;15/11/2025;1.234,56;Agua 3T\n"
    "F-002;Construcciones Turia S.L.;B12345674;Av. del Puerto 3;46023;Valencia;"
    "963 12 34 56;;01/09/2025;01/10/2025;980,00;\n"
)


@tagged("post_install", "-at_install")
class TestClickEverywhere(AgencyCommon, HttpCase):
    """Every screen of the Collection app opens, in Spanish, with rows in it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(["web", *MODULES], ["es_ES"])
        cls.agency_consultant = cls.consultant  # a Collection User on the utility's mandate
        cls.house_consultant = cls._collection_user("dc_house_consultant", "user")
        (cls.manager | cls.agency_consultant | cls.house_consultant).write(
            {"lang": "es_ES", "tz": "Europe/Madrid", "tour_enabled": False}
        )
        cls._collection_portfolio()

    @classmethod
    def _collection_external_agency(cls, house):
        """In house, one case placed with an external agency and its statement booked."""
        agreement = cls.env["debt.collection.agency.agreement"].create(
            {
                "name": "Recobros Levante 2026",
                "agency_id": cls.env["res.partner"]
                .create({"name": "Recobros Levante S.L.", "is_company": True})
                .id,
                "commission_rate": 15.0,
            }
        )
        case = house.filtered(lambda c: c.state == "open").sorted("id")[-1:]
        case._external_place(agreement)
        invoice = case.invoice_ids[:1]
        rows = f"Invoice Number;Collected;Commission\n{invoice.name};100.00;15.00\n"
        cls.env["debt.collection.agency.statement"].create(
            {
                "agreement_id": agreement.id,
                "file": base64.b64encode(rows.encode()),
                "file_name": "statement.csv",
            }
        ).action_import()

    @classmethod
    def _collection_whatsapp(cls, cases):
        """A consultant's WhatsApp message to each of ``cases``' debtors, sent and read or
        delivered (the outbox only holds what the channel queued)."""
        Message = cls.env["debt.collection.whatsapp.message"]
        now = fields.Datetime.now()
        for case, state in zip(cases, ("read", "delivered"), strict=True):
            values = Message._prepare_values(case.partner_id, case)
            Message._queue(
                [
                    {
                        **values,
                        "kind": "manual",
                        "user_id": case.user_id.id,
                        "body": f"Hola {case.partner_id.name}, le escribimos por su deuda "
                        f"de {values['amount_text']}: {values['page_url']}",
                        "state": state,
                        "wamid": f"wamid.TEST{case.id}",
                        "date_sent": now - timedelta(hours=2),
                        "date_delivered": now - timedelta(hours=2),
                        "date_read": now - timedelta(hours=1) if state == "read" else False,
                    }
                ]
            )

    @classmethod
    def _collection_portfolio(cls):
        """In-house cases along the ladder, negotiation, the agency's placements and a
        remittance, legal steps: what each user finds after a few weeks of work."""
        today = fields.Date.context_today(cls.env.user)
        cls.company.write(
            {
                "collection_writeoff_account_id": cls.company_data["default_account_expense"].id,
                "collection_discount_account_id": cls.company_data["default_account_expense"].id,
                "collection_journal_id": cls.company_data["default_journal_misc"].id,
            }
        )
        cls.lawyer = cls.env["res.partner"].create(
            {"name": "Bufete Martín Abogados", "is_company": True}
        )
        Run = cls.env["debt.collection.run"].with_user(cls.env.ref("base.user_root"))
        # in house: overdue from a few days to several months, the engine places each at its
        # stage; one case is another consultant's
        names = [
            ("Talleres Ibérica S.L.U.", True),
            ("Javier Moreno Ruiz", False),
            ("Suministros Levante S.L.", True),
            ("Carmen Navarro Gil", False),
            ("Costruzioni Alpina S.r.l.", True),
            ("Pedro Sánchez Ortega", False),
        ]
        debtors = [
            cls._debtor(name, f"deudor{index}@example.com", is_company=is_company, lang="es_ES")
            for index, (name, is_company) in enumerate(names)
        ]
        invoices = [
            cls._create_invoice(
                partner, 250.0 + 180 * index, today - timedelta(days=5 + 25 * index)
            )
            for index, partner in enumerate(debtors)
        ]
        cls._create_invoice(debtors[0], 120.0, today - timedelta(days=45))
        Run._cron_run()
        house = cls.env["debt.collection.case"].search(
            [("partner_id", "in", [d.id for d in debtors])]
        )
        house.user_id = cls.house_consultant
        house.filtered(lambda c: c.partner_id == debtors[4]).user_id = cls.consultant2
        cls._negotiate(house.sorted("id"), today)
        cls._pay(invoices[0], 100.0)  # keeps the promise
        cls.env["debt.collection.contact.point"].create(
            {"partner_id": debtors[1].id, "kind": "phone", "value": "+34612345678"}
        )
        cls._collection_external_agency(house)
        # the agency: debts placed by both creditors (one by a file), some paid last month
        last_month = today.replace(day=1) - relativedelta(months=1)
        placements = cls.env["debt.collection.placement"]
        for index in range(4):
            placements |= cls._place(
                cls.mandate if index % 2 == 0 else cls.mandate2,
                cls._debtor(
                    f"Deudor Agencia {index}", f"agencia{index}@example.com", lang="es_ES"
                ),
                300.0 + 150 * index,
                f"FV-2025-{40000 + index}",
                due=last_month - timedelta(days=20),
            )
        cls._pay_placement(placements[0], 100.0, pay_date=last_month + timedelta(days=3))
        cls._pay_placement(placements[1], 100.0, pay_date=last_month + timedelta(days=10))
        cls.env["debt.collection.import"].create(
            {
                "mandate_id": cls.mandate.id,
                "file": base64.b64encode(PORTFOLIO.encode()),
                "file_name": "cartera.csv",
            }
        ).action_import()
        Run._cron_run()
        cls._pay_placement(placements[0], 50.0)  # recovered by collection this month
        agency = cls.env["debt.collection.case"].search([("creditor_id", "=", cls.utility.id)])
        agency.user_id = cls.agency_consultant
        cls._negotiate(agency.sorted("id"), today)
        cls.env["debt.collection.remittance"].create(
            {
                "mandate_id": cls.mandate.id,
                "date_from": last_month,
                "date_to": last_month + relativedelta(day=31),
            }
        ).action_confirm()
        cls._collection_whatsapp(house.sorted("id")[1] | agency.sorted("id")[1])
        # month-end ageing since the oldest debts (Roll Rates)
        cls.env["debt.collection.aging"]._cron_snapshot()
        # receipts arrive through the mail gateway (no group creates them)
        cls.env["debt.collection.pec.receipt"].sudo().create(
            {
                "name": "CONSEGNA: Diffida",
                "company_id": cls.company.id,
                "date": fields.Datetime.now(),
            }
        )
        # credit bureaus: a house case and an agency case reported in a bureau's file
        bureau = cls.env["debt.collection.bureau"].create(
            {
                "name": "ASNEF-Equifax",
                "company_id": cls.company.id,
                "country_id": cls.env.ref("base.es").id,
            }
        )
        for case in (house.sorted("id")[0], agency.sorted("id")[0]):
            cls.env["debt.collection.bureau.report"]._bureau_report(case, bureau)
        cls.env["debt.collection.bureau.file"]._generate(bureau)
        cls.env.flush_all()

    @classmethod
    def _negotiate(cls, cases, today):
        """On the first four of ``cases``: a promise, a running plan, a legal notice with its
        receipt and a court claim prepared, a claim with the lawyer; a call and a visit due
        today in the queue."""
        first, second, third, fourth = cases[:4]
        cls.env["debt.collection.promise"].create(
            {"case_id": first.id, "amount": 100.0, "date_promised": today + timedelta(days=2)}
        )
        due = second.amount_residual
        cls.env["debt.collection.plan"].create(
            {
                "case_id": second.id,
                "amount_due": due,
                "amount_total": due,
                "line_ids": [
                    Command.create(
                        {"date_due": today + timedelta(days=30 * n + 5), "amount": due / 3}
                    )
                    for n in range(3)
                ],
            }
        ).action_confirm()
        notice = cls.env["debt.collection.legal.notice"].create(
            {"case_id": third.id, "date_notice": today - timedelta(days=10)}
        )
        notice._mark_sent(today - timedelta(days=10), "Correos", "RR123456789ES")
        notice._add_evidence(
            "return_receipt", "acuse.pdf", b"%PDF-scan", today - timedelta(days=7)
        )
        claim = cls.env["debt.collection.claim"].create(
            {"case_id": third.id, "procedure": "monitorio", "notice_id": notice.id}
        )
        claim._refresh_lines()
        claim._refresh_documents()
        cls.env["debt.collection.proceeding"].create(
            {
                "case_id": fourth.id,
                "lawyer_id": cls.lawyer.id,
                "procedure": "monitorio",
                "date_filed": today - timedelta(days=3),
            }
        )
        for case, kind in ((first, "call"), (third, "visit")):
            case.activity_schedule(
                f"debt_collection.mail_activity_type_collection_{kind}",
                date_deadline=today,
                user_id=case.user_id.id,
            )

    def _window_menus(self, user):
        """(menu xmlid, action, model as ``user``) of the app's menus opening records."""
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
        root = self.env.ref("debt_collection.debt_collection_menu_root").id
        todo = list(menus[root]["children"])
        while todo:
            menu = menus[todo.pop(0)]
            todo += menu["children"]
            action_model, _sep, action_id = (menu["action"] or "").partition(",")
            if action_model != "ir.actions.act_window":
                continue
            action = self.env[action_model].browse(int(action_id))
            Model = self.env[action.res_model].with_user(user)
            if not Model._transient:
                yield menu["xmlid"], action, Model

    def _menus_without_rows(self, user):
        """The menus of the app whose window action shows ``user`` no row at all."""
        return [
            xmlid
            for xmlid, action, Model in self._window_menus(user)
            if not Model.search_count(safe_eval(action.domain or "[]", {"uid": user.id}))
        ]

    def _forms_to_open(self, user):
        """(action id, first row's id) of each menu's list, as ``user`` sees it."""
        targets = []
        for _xmlid, action, Model in self._window_menus(user):
            if "form" in action.view_mode.split(","):
                domain = safe_eval(action.domain or "[]", {"uid": user.id})
                record = Model.search(domain, limit=1)
                if record:
                    targets.append([action.id, record.id])
        return targets

    def test_every_list_has_rows(self):
        empty = {
            user.login: self._menus_without_rows(user)
            for user in (self.manager, self.house_consultant, self.agency_consultant)
        }
        # the in-house consultant is on no creditor's mandate: the agency's lists are empty
        agency = ["debt_collection_mandate_menu", "debt_collection_placement_menu"]
        expected = {login: [] for login in empty}
        expected[self.house_consultant.login] = [f"debt_collection.{menu}" for menu in agency]
        self.assertEqual(empty, expected)

    def _click_everywhere(self, user):
        start = time.monotonic()
        self.browser_js(
            "/odoo",
            BROWSER_CODE.replace("__TARGETS__", json.dumps(self._forms_to_open(user))),
            "odoo.isReady === true",
            login=user.login,
            # the bot gives each click 30 s; the manager's whole run takes 40-80 s here
            timeout=400,
            success_signal="clickbot test succeeded",
        )
        _logger.info("Clickbot as %s took %.0f s", user.login, time.monotonic() - start)

    def test_every_screen_opens_for_the_manager(self):
        self._click_everywhere(self.manager)

    def assertConsultantOnly(self, user):
        """A Collection User with no Accounting group (as issue 23 leaves consultants)."""
        self.assertTrue(user.has_group("debt_collection.debt_collection_group_user"))
        self.assertFalse(user.has_group("debt_collection.debt_collection_group_manager"))
        for group in ("account.group_account_readonly", "account.group_account_invoice"):
            self.assertFalse(user.has_group(group))

    def test_every_screen_opens_for_an_in_house_consultant(self):
        self.assertConsultantOnly(self.house_consultant)
        self._click_everywhere(self.house_consultant)

    def test_every_screen_opens_for_an_agency_consultant(self):
        self.assertConsultantOnly(self.agency_consultant)
        self.assertIn(self.agency_consultant, self.mandate.user_ids)
        self.assertNotIn(self.agency_consultant, self.mandate2.user_ids)
        self._click_everywhere(self.agency_consultant)
