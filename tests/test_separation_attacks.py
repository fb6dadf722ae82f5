"""Issue 23 tried again from the outside, as a new user would: over JSON-RPC, over the routes the
browser and the portal use, and over the ORM; each attack after checking that the rightful
owner can do the same thing, and with consultants who also hold the Accounting or Contacts
groups a real administrator adds."""

import json
import logging
from ast import literal_eval
from datetime import date, timedelta

from setup_scripts import REPO, load_script

from odoo import Command, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.debt_collection.tests.test_separation import EXTRA_GROUPS, SeparationCommon

_logger = logging.getLogger(__name__)

ADDONS = ("debt_collection", "debt_collection_portal", "debt_collection_legal")
# JSON-RPC errors that mean "refused": the caller learns nothing and nothing is written
REFUSALS = (
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
)
BAD_NUMBERS = ("1e308", "-1e308", "inf", "-inf", "nan", "Infinity", "99999999999999999999")
PROMISED = (date.today() + timedelta(days=10)).isoformat()
BAD_DATES = ("99999-01-01", "2026-02-30", "0000-01-01", "1e308", "nan")
# ORM methods every model has; the walk below tries what our addons add
ORM_METHODS = {
    "create",
    "write",
    "unlink",
    "copy",
    "read",
    "search",
    "default_get",
    "message_new",
    "message_update",
    "message_parse",
    "send_email",
}


@tagged("post_install", "-at_install", "dc_security")
class TestSeparationAttacks(SeparationCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Case = cls.env["debt.collection.case"]
        for case in (cls.case_u, cls.case_t):
            case._portal_ensure_token()
        # the two debtors on the portal
        cls.portal_u = cls._portal_user("dc_debtor_u", cls.debtor)
        cls.portal_t = cls._portal_user("dc_debtor_t", cls.debtor2)
        # what the consultants keep on each case: a letter, internal notes, an activity
        cls.letter_t = cls.env["ir.attachment"].create(
            {
                "name": "Carta de mora T-1.pdf",
                "raw": b"%PDF-1.4 letter of the telecom",
                "res_model": Case._name,
                "res_id": cls.case_t.id,
                "mimetype": "application/pdf",
            }
        )
        cls.note_t = cls.case_t.message_post(body="Telecom: owns two flats")
        cls.note_u = cls.case_u.message_post(body="Neighbour says he is paid cash-in-hand")
        cls.step_note_u = cls.case_u._message_log(body="Last step failed: SMTP refused")
        cls.for_debtor_u = cls.case_u.message_post(
            body="Your payment plan was approved",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.activity_t = cls.case_t.activity_schedule(
            "debt_collection.mail_activity_type_collection_call", user_id=cls.consultant2.id
        )
        cls.promise_t = cls.env["debt.collection.promise"].create(
            {
                "case_id": cls.case_t.id,
                "amount": 50.0,
                "date_promised": date.today() + timedelta(days=10),
            }
        )
        # the legal phase of the telecom's case, worked by its consultant in the Legal group
        # (which reads every case of the company: the utility's consultant is not in it)
        cls.consultant2.groups_id += cls.env.ref(
            "debt_collection_legal.debt_collection_legal_group_user"
        )
        Notice = cls.env["debt.collection.legal.notice"]
        cls.notice_t = Notice.create(
            {"case_id": cls.case_t.id, "date_notice": date(2026, 1, 12), "channel": "registered"}
        )
        # a telecom case nobody is assigned to yet, with its notice
        cls.debtor3 = cls._debtor("Ana Ruiz Soler", "ana@example.com")
        cls.case_t_unassigned = Case.create(
            {
                "partner_id": cls.debtor3.id,
                "creditor_id": cls.telecom.id,
                "mandate_id": cls.mandate2.id,
                "company_id": cls.company.id,
            }
        )
        cls.notice_t_unassigned = Notice.create(
            {
                "case_id": cls.case_t_unassigned.id,
                "date_notice": date(2026, 1, 12),
                "channel": "registered",
            }
        )
        # the in-house company's consultant, with its case
        cls.inhouse = cls._collection_user("dc_inhouse", "user", cls.milan)
        cls.milan_case.user_id = cls.inhouse

    @classmethod
    def _portal_user(cls, login, partner):
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=partner.id,
            name=partner.name,
            email=partner.email,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    # ------------------------------------------------------------------
    # Doors
    # ------------------------------------------------------------------

    def _rpc(self, model, method, args, kwargs=None):
        """``/web/dataset/call_kw/<model>/<method>`` as the web client calls it: the answer's
        ``result``, or its ``error`` (the exception's name in ``error['data']['name']``)."""
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": model,
                            "method": method,
                            "args": args,
                            "kwargs": kwargs or {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _json(self, route, params):
        with mute_logger("odoo.http"):
            response = self.url_open(
                route,
                data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
                headers={"Content-Type": "application/json"},
            )
        return response.json()

    def _ok(self, answer):
        self.assertNotIn("error", answer, answer.get("error"))
        return answer.get("result")

    def _refused(self, answer, names=REFUSALS):
        self.assertIn("error", answer, f"not refused: {str(answer.get('result'))[:300]}")
        self.assertIn(answer["error"]["data"]["name"], names, answer["error"]["data"]["message"])

    def _login(self, user, extra=()):
        if extra is not None and user == self.consultant:
            self._with_extra_groups(extra)
        self.authenticate(user.login, user.login)

    def _ids(self, model, domain=None):
        rows = self._ok(self._rpc(model, "search_read", [domain or []], {"fields": ["id"]}))
        return {row["id"] for row in rows}

    def csrf_token(self):
        return http.Request.csrf_token(self)

    # ------------------------------------------------------------------
    # 1. Contact points of another creditor's or company's debtor
    # ------------------------------------------------------------------

    def test_contact_points_of_other_debtors_over_rpc(self):
        Point = "debt.collection.contact.point"
        for extra in EXTRA_GROUPS:
            with self.subTest(extra=extra):
                self._login(self.consultant, extra)
                # the owner: their debtor's point, read and its opt-out written
                self.assertIn(self.point_u.id, self._ids(Point))
                self._ok(self._rpc(Point, "read", [self.point_u.ids, ["value"]]))
                self._ok(self._rpc(Point, "write", [self.point_u.ids, {"optout_sms": True}]))
                # the others: invisible, unreadable, unwritable
                ids = self._ids(Point)
                self.assertNotIn(self.point_t.id, ids)
                self.assertNotIn(self.point_milan.id, ids)
                for point in (self.point_t, self.point_milan):
                    self._refused(self._rpc(Point, "read", [point.ids, ["value"]]))
                    self._refused(
                        self._rpc(
                            Point,
                            "write",
                            [point.ids, {"consent": True, "consent_method": "call"}],
                        )
                    )
                    self._refused(self._rpc(Point, "write", [point.ids, {"optout_call": True}]))
        self.env.invalidate_all()
        self.assertTrue(self.point_u.optout_sms)
        for point in (self.point_t, self.point_milan):
            self.assertFalse(point.consent or point.optout_call)
        # the telecom's consultant, for their own debtor
        self._login(self.consultant2)
        self._ok(
            self._rpc(
                Point, "write", [self.point_t.ids, {"consent": True, "consent_method": "call"}]
            )
        )

    # ------------------------------------------------------------------
    # 2. Money, debtors, documents and messages of other creditors
    # ------------------------------------------------------------------

    def test_invoices_by_id_and_web_read(self):
        spec = {"amount_total": {}, "amount_residual": {}, "partner_id": {"fields": {}}}
        own, other = self.placement_u.move_id, self.placement_t.move_id
        for extra in EXTRA_GROUPS:
            with self.subTest(extra=extra):
                self._login(self.consultant, extra)
                rows = self._ok(self._rpc("account.move", "read", [own.ids, ["amount_total"]]))
                self.assertEqual(rows[0]["amount_total"], 500.0)
                rows = self._ok(
                    self._rpc("account.move", "web_read", [own.ids], {"specification": spec})
                )
                self.assertEqual(rows[0]["amount_residual"], 400.0)
                self._refused(self._rpc("account.move", "read", [other.ids, ["amount_total"]]))
                self._refused(
                    self._rpc("account.move", "web_read", [other.ids], {"specification": spec})
                )
                # the browser's URL serves the client, never the invoice's figures
                page = self.url_open(f"/odoo/account.move/{other.id}")
                self.assertNotIn(self.debtor2.name, page.text)
                self.assertNotIn("T-1", page.text)

    def test_payments_remittances_and_lines(self):
        for extra in EXTRA_GROUPS:
            with self.subTest(extra=extra):
                self._login(self.consultant, extra)
                answer = self._rpc("account.payment", "search_read", [[]], {"fields": ["amount"]})
                if "error" not in answer:
                    ids = {row["id"] for row in answer["result"]}
                    self.assertNotIn(self.payment_t.id, ids)
                self._refused(
                    self._rpc("account.payment", "read", [self.payment_t.ids, ["amount"]])
                )
                Remittance = "debt.collection.remittance"
                Line = "debt.collection.remittance.line"
                answer = self._rpc(Remittance, "search_read", [[]], {"fields": ["id"]})
                if "error" not in answer:
                    ids = {row["id"] for row in answer["result"]}
                    self.assertNotIn(self.remittance_t.id, ids)
                answer = self._rpc(Line, "search_read", [[]], {"fields": ["id"]})
                if "error" not in answer:
                    ids = {row["id"] for row in answer["result"]}
                    self.assertFalse(ids & set(self.remittance_t.line_ids.ids))
                self._refused(self._rpc(Remittance, "read", [self.remittance_t.ids]))
                self._refused(self._rpc(Line, "read", [self.remittance_t.line_ids.ids]))

    def test_debtors_of_other_creditors_and_companies(self):
        self.debtor2.write({"phone": "+34600333444", "vat": "ES12345678Z"})
        self.milan_debtor.write({"phone": "+393331234567", "vat": "IT12345670017"})
        domain = self.env.ref("debt_collection.res_partner_action_debtors").domain
        for extra in EXTRA_GROUPS:
            with self.subTest(extra=extra):
                self._login(self.consultant, extra)
                rows = self._ok(
                    self._rpc("res.partner", "read", [self.debtor.ids, ["phone", "email", "vat"]])
                )
                self.assertEqual(rows[0]["email"], self.debtor.email)
                for partner in (self.debtor2, self.milan_debtor):
                    self._refused(
                        self._rpc("res.partner", "read", [partner.ids, ["phone", "email", "vat"]])
                    )
                # the Debtors list, with the action's own domain
                self.assertEqual(
                    self._ids("res.partner", literal_eval(domain)), set(self.debtor.ids)
                )

    def test_letters_messages_and_activities_of_other_creditors(self):
        own_letter = self.env["ir.attachment"].create(
            {
                "name": "Carta de mora U-1.pdf",
                "raw": b"%PDF-1.4 letter of the utility",
                "res_model": "debt.collection.case",
                "res_id": self.case_u.id,
            }
        )
        own_activity = self.case_u.activity_schedule(
            "debt_collection.mail_activity_type_collection_call", user_id=self.consultant.id
        )
        for extra in EXTRA_GROUPS:
            with self.subTest(extra=extra):
                self._login(self.consultant, extra)
                self._ok(self._rpc("ir.attachment", "read", [own_letter.ids, ["name", "datas"]]))
                self._refused(
                    self._rpc("ir.attachment", "read", [self.letter_t.ids, ["name", "datas"]])
                )
                answer = self._rpc(
                    "ir.attachment",
                    "search_read",
                    [[("res_model", "=", "debt.collection.case")]],
                    {"fields": ["id"]},
                )
                self.assertNotIn(self.letter_t.id, {r["id"] for r in self._ok(answer)})
                self._ok(self._rpc("mail.message", "read", [self.note_u.ids, ["body"]]))
                self._refused(self._rpc("mail.message", "read", [self.note_t.ids, ["body"]]))
                ids = self._ids("mail.message", [("model", "=", "debt.collection.case")])
                self.assertNotIn(self.note_t.id, ids)
                self.assertIn(own_activity.id, self._ids("mail.activity"))
                self.assertNotIn(self.activity_t.id, self._ids("mail.activity"))
                self._refused(self._rpc("mail.activity", "read", [self.activity_t.ids, ["note"]]))
                self._refused(self._rpc("mail.activity", "action_feedback", [self.activity_t.ids]))
        self.assertTrue(self.activity_t.exists())

    def test_unassigned_case_of_another_creditor_and_its_notice(self):
        Notice = "debt.collection.legal.notice"
        self._login(self.consultant2)
        self._ok(self._rpc(Notice, "read", [self.notice_t_unassigned.ids, ["state"]]))
        for extra in EXTRA_GROUPS:
            with self.subTest(extra=extra):
                self._login(self.consultant, extra)
                self._refused(
                    self._rpc("debt.collection.case", "read", [self.case_t_unassigned.ids])
                )
                self.assertNotIn(self.notice_t_unassigned.id, self._ids(Notice))
                self._refused(self._rpc(Notice, "read", [self.notice_t_unassigned.ids]))

    def test_in_house_and_agency_consultants_stay_in_their_company(self):
        base_groups = self.inhouse.groups_id
        for extra in EXTRA_GROUPS:
            self.inhouse.groups_id = base_groups | self.env["res.groups"].union(
                *(self.env.ref(xmlid) for xmlid in extra)
            )
            self._login(self.inhouse, extra=None)
            self._ok(self._rpc("debt.collection.case", "read", [self.milan_case.ids, ["name"]]))
            self._ok(self._rpc("debt.collection.contact.point", "read", [self.point_milan.ids]))
            for model, record in (
                ("debt.collection.case", self.case_u),
                ("debt.collection.contact.point", self.point_u),
                ("res.partner", self.debtor),
                ("account.move", self.placement_u.move_id),
                ("account.payment", self.payment_u),
                ("debt.collection.mandate", self.mandate),
                ("debt.collection.remittance", self.remittance_u),
                ("debt.collection.run", self.run_here),
            ):
                with self.subTest(extra=extra, model=model):
                    self._refused(self._rpc(model, "read", [record.ids]))
            self.assertNotIn(self.case_u.id, self._ids("debt.collection.case"))
        self._login(self.consultant)
        self._refused(self._rpc("debt.collection.case", "read", [self.milan_case.ids]))
        self.assertNotIn(self.milan_case.id, self._ids("debt.collection.case"))

    # ------------------------------------------------------------------
    # 3. Runs of another company
    # ------------------------------------------------------------------

    def test_legal_rules_of_an_older_database_are_narrowed(self):
        """A database from before this fix gets the mandate condition on the legal rules."""
        module = load_script(
            REPO / "debt_collection_legal" / "migrations" / "18.0.1.2.0" / "post-mandate-rules.py",
            "dc_legal_mandate_rules",
        )
        rules = self.env["ir.rule"]
        for name in module.LEGAL_CONSULTANT_RULES:
            rules |= self.env.ref(f"debt_collection_legal.{name}")
        new_domains = {rule: rule.domain_force for rule in rules}
        for rule in rules:
            rule.domain_force = rule.domain_force.split(", '|'")[0] + "]"
            self.assertNotIn("mandate_id", rule.domain_force)
        self.env.flush_all()
        self._login(self.consultant)
        self.assertIn(self.notice_t_unassigned.id, self._ids("debt.collection.legal.notice"))
        module.migrate(self.env.cr, "18.0.1.1.0")
        self.env.flush_all()
        for rule, domain in new_domains.items():
            self.assertEqual(rule.domain_force, domain)
        self.assertNotIn(self.notice_t_unassigned.id, self._ids("debt.collection.legal.notice"))

    def test_runs_of_another_company(self):
        self._login(self.manager)
        self._ok(self._rpc("debt.collection.run", "read", [self.run_here.ids, ["error"]]))
        self.assertNotIn(self.run_milan.id, self._ids("debt.collection.run"))
        self._refused(self._rpc("debt.collection.run", "read", [self.run_milan.ids, ["error"]]))
        answer = self._rpc(
            "debt.collection.run", "read_group", [[], ["case_opened_count:sum"], ["company_id"]]
        )
        if "error" not in answer:
            companies = {row["company_id"][0] for row in answer["result"] if row["company_id"]}
            self.assertNotIn(self.milan.id, companies)

    # ------------------------------------------------------------------
    # 4. A debtor and the consultants' notes; the daily limit by every door
    # ------------------------------------------------------------------

    def test_debtor_reads_no_internal_note(self):
        self._login(self.portal_u)
        # the owner's part: the message written for them
        self._ok(self._rpc("mail.message", "read", [self.for_debtor_u.ids, ["body"]]))
        for message in (self.note_u, self.step_note_u, self.note_t):
            with self.subTest(body=str(message.body)[:30]):
                self._refused(
                    self._rpc("mail.message", "read", [message.ids, ["body", "attachment_ids"]])
                )
        answer = self._json(
            "/mail/thread/messages",
            {"thread_model": "debt.collection.case", "thread_id": self.case_u.id},
        )
        text = json.dumps(answer)
        self.assertIn("payment plan was approved", text)
        for secret in ("cash-in-hand", "SMTP refused"):
            self.assertNotIn(secret, text)
        # another debtor's case: nothing at all
        answer = self._json(
            "/mail/thread/messages",
            {"thread_model": "debt.collection.case", "thread_id": self.case_t.id},
        )
        self.assertNotIn("owns two flats", json.dumps(answer))

    def test_chatter_post_by_token_stops_at_the_daily_limit(self):
        self.env["ir.config_parameter"].set_param("debt_collection_portal.daily_limit_message", 5)
        self.authenticate(None, None)

        def post(body, case=self.case_u, token=None):
            return self._json(
                "/mail/message/post",
                {
                    "thread_model": "debt.collection.case",
                    "thread_id": case.id,
                    "post_data": {"body": body, "message_type": "comment"},
                    "token": token or case.access_token,
                },
            )

        for n in range(5):
            self.assertNotIn("error", post(f"message {n}"))
        self.assertIn("error", post("message 5"))
        self.assertIn("error", post("message 6"))
        # another case's token is no key to this one
        self.assertIn("error", post("cross", case=self.case_u, token=self.case_t.access_token))
        bodies = " ".join(str(m.body) for m in self.case_u.message_ids)
        self.assertIn("message 4", bodies)
        for body in ("message 5", "message 6", "cross"):
            self.assertNotIn(body, bodies)

    # ------------------------------------------------------------------
    # 5. Numbers and dates that are none, on every form of the page
    # ------------------------------------------------------------------

    def _post_form(self, form, data):
        data = dict(data, csrf_token=self.csrf_token(), access_token=self.case_u.access_token)
        return self.url_open(
            f"/my/debts/{self.case_u.id}/{form}", data=data, allow_redirects=False
        )

    def test_portal_forms_refuse_no_number_and_no_date(self):
        self.authenticate(None, None)
        invoice = self.placement_u.move_id
        # the owner: a real promise goes through
        self.assertEqual(
            self._post_form("promise", {"amount": "10", "date_promised": PROMISED}).status_code,
            303,
        )
        promises = self.case_u.promise_ids
        for value in BAD_NUMBERS:
            with self.subTest(form="promise", amount=value):
                response = self._post_form("promise", {"amount": value, "date_promised": PROMISED})
                self.assertEqual(response.status_code, 422)
            with self.subTest(form="plan", instalments=value):
                response = self._post_form("plan", {"instalments": value, "reason": "paro"})
                self.assertEqual(response.status_code, 422)
            with self.subTest(form="dispute", invoice=value):
                response = self._post_form("dispute", {"invoice_id": value, "reason": "no"})
                self.assertEqual(response.status_code, 422)
            with self.subTest(form="pay", invoice=value):
                response = self.url_open(
                    f"/my/debts/{self.case_u.id}/pay?access_token={self.case_u.access_token}"
                    f"&invoice_ids={value}",
                    allow_redirects=False,
                )
                self.assertLess(response.status_code, 500)
            with self.subTest(form="transaction", amount=value):
                answer = self._json(
                    f"/my/debts/{self.case_u.id}/transaction/{invoice.id}",
                    {"access_token": self.case_u.access_token, "amount": value},
                )
                # the amount posted is ignored: the server computes it, or says why not
                if "error" in answer:
                    self.assertNotIn("Internal Server Error", json.dumps(answer))
                    self.assertNotIn("OverflowError", json.dumps(answer))
        for value in BAD_DATES:
            with self.subTest(form="promise", date=value):
                response = self._post_form("promise", {"amount": "10", "date_promised": value})
                self.assertEqual(response.status_code, 422)
        self.env.invalidate_all()
        self.assertEqual(self.case_u.promise_ids, promises)
        self.assertFalse(self.case_u.plan_ids.filtered(lambda p: p.state == "requested"))

    # ------------------------------------------------------------------
    # 6. The import never puts a debt on a partner with another tax id
    # ------------------------------------------------------------------

    def test_import_row_with_another_tax_id_is_never_put_on_the_partner(self):
        maria = self.env["res.partner"].create(
            {
                "name": "María López",
                "email": "maria@example.com",
                "phone": "+34 612 34 56 78",
                "vat": "ES12345678Z",
                "country_id": self.env.ref("base.es").id,
            }
        )
        header = "Referencia;Nombre;NIF;Teléfono;Email;Vencimiento;Importe\n"
        rows = (
            "I-1;María López;12345678Z;+34612345678;maria@example.com;01/11/2025;40,00\n"
            "I-2;Otra María;X1234567L;+34612345678;maria@example.com;01/11/2025;10,00\n"
        )
        for conflict in ("skip", "create"):
            with self.subTest(conflict=conflict):
                values = {} if conflict == "skip" else {"tax_id_conflict": "create"}
                mandate = self.mandate if conflict == "skip" else self.mandate2
                wizard = self._wizard((header + rows).encode(), mandate=mandate, **values)
                wizard.action_import()
                placements = self.Placement.search([("mandate_id", "=", mandate.id)])
                partner_of = {p.name: p.partner_id for p in placements}
                # the owner's row (same tax id) is hers
                self.assertEqual(partner_of["I-1"], maria)
                if "I-2" in partner_of:
                    self.assertNotEqual(partner_of["I-2"], maria)
                    self.assertEqual(partner_of["I-2"].vat, "X1234567L")
        self.assertEqual(maria.vat, "ES12345678Z")
        self.assertEqual(maria.name, "María López")

    # ------------------------------------------------------------------
    # 7. The legal addon's hand-off and notice delivery over RPC
    # ------------------------------------------------------------------

    def test_legal_hand_off_and_delivery_by_a_foreign_consultant_or_a_debtor(self):
        Notice = "debt.collection.legal.notice"
        calls = [
            ("debt.collection.case", "action_hand_off", self.case_t),
            ("debt.collection.case", "action_download_dossier", self.case_t),
            ("debt.collection.case", "action_prepare_legal_notice", self.case_t),
            (Notice, "action_send", self.notice_t),
            (Notice, "action_refresh", self.notice_t),
            (Notice, "action_cancel", self.notice_t),
            (Notice, "action_register_outcome", self.notice_t),
            (Notice, "action_download_evidence", self.notice_t),
        ]
        # the owner: the telecom's consultant passes the access checks (and meets the law's:
        # no hand-off without a delivered notice)
        self._login(self.consultant2)
        self._ok(self._rpc(Notice, "read", [self.notice_t.ids, ["state"]]))
        answer = self._rpc("debt.collection.case", "action_hand_off", [self.case_t.ids])
        self.assertNotEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self._ok(self._rpc(Notice, "action_refresh", [self.notice_t.ids]))
        state, case_state = self.notice_t.state, self.case_t.state
        for user in (self.consultant, self.portal_t, self.portal_u):
            self._login(user, extra=None)
            for model, method, record in calls:
                with self.subTest(user=user.login, method=method):
                    answer = self._rpc(model, method, [record.ids])
                    if method == "action_download_dossier" and user == self.portal_t:
                        # their own case: the button gives the link, the link gives nothing
                        self.assertEqual(answer["result"]["type"], "ir.actions.act_url")
                    else:
                        self._refused(answer, ("odoo.exceptions.AccessError",))
            with self.subTest(user=user.login, route="dossier.zip"):
                response = self.url_open(
                    f"/debt_collection_legal/case/{self.case_t.id}/dossier.zip",
                    allow_redirects=False,
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertFalse(response.content.startswith(b"PK"))
        self.env.invalidate_all()
        self.assertEqual(self.notice_t.state, state)
        self.assertEqual(self.case_t.state, case_state)
        self.assertFalse(self.notice_t.evidence_ids if "evidence_ids" in self.notice_t else False)

    # ------------------------------------------------------------------
    # 8. Every public method of our models, on another creditor's record
    # ------------------------------------------------------------------

    def _foreign_records(self):
        return [
            self.case_t,
            self.promise_t,
            self.point_t,
            self.mandate2,
            self.placement_t,
            self.remittance_t,
            self.remittance_t.line_ids[:1],
            self.notice_t,
            self.case_t_unassigned,
            self.notice_t_unassigned,
            self.milan_case,
            self.run_milan,
            self.placement_t.move_id,
            self.debtor2,
            self.payment_t,
        ]

    def _public_methods(self, record):
        """Methods our addons add to ``record``'s model that JSON-RPC can call."""
        names = []
        cls = type(record)
        for name in dir(cls):
            if name.startswith("_") or name in ORM_METHODS:
                continue
            attr = getattr(cls, name, None)
            module = getattr(attr, "__module__", "") or ""
            if not callable(attr) or not any(
                module.startswith(f"odoo.addons.{addon}.") for addon in ADDONS
            ):
                continue
            if getattr(attr, "_api_model", False):
                continue
            names.append(name)
        return names

    def _snapshot(self, records):
        """What a call could change: every stored field of ``records``, and the count of every
        record the suite and mail keep."""
        self.env.flush_all()
        self.env.invalidate_all()
        values = {}
        for record in records:
            record = record.sudo().with_context(active_test=False)
            fields = [
                name
                for name, field in record._fields.items()
                if field.store
                and field.type not in ("binary", "one2many", "many2many")
                and name not in ("write_date", "write_uid", "__last_update")
            ]
            values[(record._name, record.id)] = record.read(fields) if record.exists() else None
        models = {
            data.model
            for data in self.env["ir.model"].sudo().search([("model", "like", "debt.collection.")])
            if not self.env[data.model]._transient and not self.env[data.model]._abstract
        } | {"mail.message", "mail.activity", "ir.attachment", "account.move", "account.payment"}
        counts = {
            model: self.env[model].sudo().with_context(active_test=False).search_count([])
            for model in sorted(models)
        }
        return values, counts

    def _walk_over_rpc(self, records, secrets):
        """Call every public method of ``records`` as the logged-in user: each is refused or
        changes nothing and tells none of ``secrets``. Returns the calls that answered."""
        before = self._snapshot(records)
        answered = []
        for record in records:
            for method in self._public_methods(record):
                with self.subTest(model=record._name, method=method):
                    answer = self._rpc(record._name, method, [record.ids])
                    if "error" not in answer:
                        answered.append(f"{record._name}.{method}")
                        text = json.dumps(answer.get("result"), default=str)
                        for secret in secrets:
                            self.assertNotIn(secret, text, f"{record._name}.{method} tells")
                    self.assertEqual(
                        self._snapshot(records), before, f"{record._name}.{method} wrote"
                    )
        return answered

    def test_public_methods_on_another_creditors_records(self):
        # the owner reaches the case (a read, as proof the door works for them)
        self._login(self.consultant2)
        self._ok(self._rpc("debt.collection.case", "read", [self.case_t.ids, ["name"]]))
        self._login(self.consultant, extra=EXTRA_GROUPS[-1])
        secrets = (self.debtor2.name, self.debtor2.email, self.case_t.name)
        answered = self._walk_over_rpc(self._foreign_records(), secrets)
        # what answered changed nothing and told nothing (window actions on ids)
        _logger.info("Answered a foreign consultant, changing nothing: %s", answered)

    def test_public_methods_called_by_a_debtor(self):
        """A debtor on the portal, on their own case and on the others' records."""
        self._login(self.portal_u, extra=None)
        self._ok(self._rpc("debt.collection.case", "read", [self.case_u.ids, ["name"]]))
        records = [self.case_u, self.placement_u.move_id, self.point_u, *self._foreign_records()]
        secrets = (self.debtor2.name, self.debtor2.email, self.case_t.name, "cash-in-hand")
        answered = self._walk_over_rpc(records, secrets)
        _logger.info("Answered a debtor, changing nothing: %s", answered)

    def test_public_methods_over_the_orm(self):
        """The same walk through the ORM, as server code acting for the user would."""
        self._with_extra_groups(EXTRA_GROUPS[-1])
        records = self._foreign_records()
        before = self._snapshot(records)
        for record in records:
            for method in self._public_methods(record):
                with self.subTest(model=record._name, method=method):
                    try:
                        with self.env.cr.savepoint(), mute_logger("odoo.models"):
                            getattr(record.with_user(self.consultant), method)()
                            self.assertEqual(
                                self._snapshot(records), before, f"{record._name}.{method} wrote"
                            )
                    except (AccessError, UserError, ValidationError, MissingError):
                        pass
                    except TypeError as error:
                        # needs arguments JSON-RPC callers would give: not a button
                        self.assertIn("argument", str(error))
                    self.env.invalidate_all()

    def test_state_buttons_where_they_would_act(self):
        """The walk's buttons on records in the state where they act: a paused case to resume,
        an open promise to cancel, as a debtor on their own and a foreign consultant."""
        promise_u = self.env["debt.collection.promise"].create(
            {
                "case_id": self.case_u.id,
                "amount": 50.0,
                "date_promised": date.today() + timedelta(days=10),
            }
        )
        self.case_t.state = "paused"
        # the owners: the consultant resumes their case and cancels their debtor's promise
        self._login(self.consultant2)
        self._ok(self._rpc("debt.collection.case", "action_resume", [self.case_t.ids]))
        self.env.invalidate_all()
        self.assertEqual(self.case_t.state, "open")
        for case in (self.case_u, self.case_t):
            case.state = "paused"
        attempts = (
            (self.portal_u, self.case_u, promise_u),
            (self.consultant, self.case_t, self.promise_t),
        )
        for user, case, promise in attempts:
            with self.subTest(user=user.login):
                self._login(user, extra=EXTRA_GROUPS[-1] if user == self.consultant else None)
                self._refused(self._rpc("debt.collection.case", "action_resume", [case.ids]))
                self._refused(self._rpc("debt.collection.case", "action_pause", [case.ids]))
                self._refused(self._rpc("debt.collection.promise", "action_cancel", [promise.ids]))
                self.env.invalidate_all()
                self.assertEqual(case.state, "paused")
                self.assertEqual(promise.state, "open")

    def test_chatter_routes_and_downloads_of_another_creditors_case(self):
        """The chatter's own routes and the download URL, as the browser calls them."""
        thread = {"thread_model": "debt.collection.case", "thread_id": self.case_t.id}
        own = {"thread_model": "debt.collection.case", "thread_id": self.case_u.id}
        for extra in EXTRA_GROUPS:
            with self.subTest(extra=extra):
                self._login(self.consultant, extra)
                # the owner's side: their case's notes, their letter
                self.assertIn("cash-in-hand", json.dumps(self._json("/mail/thread/messages", own)))
                answer = self._json("/mail/thread/messages", thread)
                self.assertNotIn("owns two flats", json.dumps(answer))
                answer = self._json(
                    "/mail/message/post",
                    dict(thread, post_data={"body": "intruder", "message_type": "comment"}),
                )
                self.assertIn("error", answer)
                self._refused(
                    self._rpc(
                        "debt.collection.case",
                        "message_post",
                        [self.case_t.ids],
                        {"body": "intruder", "message_type": "comment"},
                    )
                )
                self._refused(
                    self._rpc(
                        "mail.activity",
                        "create",
                        [
                            {
                                "res_model_id": self.env["ir.model"]._get_id(
                                    "debt.collection.case"
                                ),
                                "res_id": self.case_t.id,
                                "summary": "intruder",
                            }
                        ],
                    )
                )
                response = self.url_open(f"/web/content/{self.letter_t.id}?download=true")
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn(b"letter of the telecom", response.content)
        self.assertNotIn("intruder", " ".join(str(m.body) for m in self.case_t.message_ids))
        self.assertFalse(self.case_t.activity_ids.filtered(lambda a: a.summary == "intruder"))
        # the telecom's consultant downloads their letter
        self._login(self.consultant2)
        response = self.url_open(f"/web/content/{self.letter_t.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"letter of the telecom", response.content)

    def test_portal_routes_of_another_debtor(self):
        """The debtor's page and its forms, logged in or by a letter's token, on the other
        debtor's case (and ids beside it)."""
        token_u, token_t = self.case_u.access_token, self.case_t.access_token
        self.authenticate(None, None)
        # the owner by their token: the page, then a message
        page = self.url_open(f"/my/debts/{self.case_u.id}?access_token={token_u}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.case_u.name, page.text)
        for login in (None, self.portal_u.login):
            self.authenticate(login, login)
            csrf = self.csrf_token()
            for case_id in (self.case_t.id, self.case_t.id + 1, self.case_t.id - 1):
                if case_id == self.case_u.id:
                    continue
                for token in ("", token_u, token_t[:-1] + ("0" if token_t[-1] != "0" else "1")):
                    with self.subTest(login=login, case=case_id, token=token[:6]):
                        page = self.url_open(
                            f"/my/debts/{case_id}?access_token={token}", allow_redirects=False
                        )
                        self.assertIn(page.status_code, (302, 303, 403, 404))
                        self.assertNotIn(self.case_t.name, page.text)
                        for form, data in (
                            ("promise", {"amount": "10", "date_promised": PROMISED}),
                            ("message", {"body": "intruder"}),
                            ("optout", {"channel": "cease"}),
                            ("dispute", {"invoice_id": self.placement_t.move_id.id}),
                        ):
                            response = self.url_open(
                                f"/my/debts/{case_id}/{form}",
                                data=dict(data, access_token=token, csrf_token=csrf),
                                allow_redirects=False,
                            )
                            self.assertIn(response.status_code, (302, 303, 403, 404), form)
        self.env.invalidate_all()
        self.assertFalse(self.case_t.promise_ids - self.promise_t)
        self.assertNotIn("intruder", " ".join(str(m.body) for m in self.case_t.message_ids))
        self.assertNotEqual(self.case_t.state, "disputed")

    def test_names_and_totals_of_another_creditor(self):
        """The doors that answer names and sums instead of records: name_search and
        read_group obey the same rules."""
        for extra in EXTRA_GROUPS:
            with self.subTest(extra=extra):
                self._login(self.consultant, extra)
                names = self._ok(self._rpc("res.partner", "name_search", [], {"name": "a"}))
                ids = {row[0] for row in names}
                self.assertIn(self.debtor.id, ids)
                self.assertFalse(ids & {self.debtor2.id, self.milan_debtor.id})
                names = self._ok(
                    self._rpc("debt.collection.case", "name_search", [], {"name": "COL"})
                )
                ids = {row[0] for row in names}
                self.assertIn(self.case_u.id, ids)
                self.assertFalse(ids & {self.case_t.id, self.milan_case.id})
                groups = self._ok(
                    self._rpc(
                        "account.move",
                        "read_group",
                        [[("move_type", "=", "out_invoice")], ["amount_total:sum"], []],
                        {"lazy": False},
                    )
                )
                self.assertEqual(sum(g["amount_total"] or 0.0 for g in groups), 500.0)
                answer = self._rpc(
                    "debt.collection.remittance.line",
                    "read_group",
                    [[], ["remittance_id"], ["remittance_id"]],
                )
                if "error" not in answer:
                    remittances = {g["remittance_id"][0] for g in answer["result"]}
                    self.assertNotIn(self.remittance_t.id, remittances)
                answer = self._rpc(
                    "account.move.line",
                    "search_read",
                    [[("partner_id", "=", self.debtor2.id)]],
                    {"fields": ["balance"]},
                )
                if "error" not in answer:
                    self.assertFalse(answer["result"])

    def test_debtor_reads_no_internal_field_of_their_case(self):
        """Read with no field list, a debtor's own case gives what their page shows, not the
        consultants' analysis (hold reason, internal notes, their ids)."""
        self.case_u.write({"hold_reason": "Evasive debtor, per his wife"})
        self._login(self.portal_u, extra=None)
        rows = self._ok(self._rpc("debt.collection.case", "read", [self.case_u.ids]))
        text = json.dumps(rows, default=str)
        self.assertEqual(rows[0]["amount_residual"], 400.0)
        self.assertNotIn("per his wife", text)
        self.assertIn(self.for_debtor_u.id, rows[0]["message_ids"])
        for note in (self.note_u, self.step_note_u):
            self.assertNotIn(note.id, rows[0]["message_ids"])
        self._refused(self._rpc("debt.collection.case", "read", [self.case_t.ids]))

    def test_in_house_consultants_of_one_company_keep_to_their_cases(self):
        """In the in-house company, a colleague's case and its debtor's contact data."""
        colleague = self._collection_user("dc_inhouse2", "user", self.milan)
        debtor = self.env["res.partner"].create(
            {"name": "Paola Bianchi", "email": "paola@example.it", "phone": "+39 333 765 4321"}
        )
        case = self.env["debt.collection.case"].create(
            {"partner_id": debtor.id, "company_id": self.milan.id, "user_id": colleague.id}
        )
        point = self.env["debt.collection.contact.point"].create(
            {"partner_id": debtor.id, "kind": "phone", "value": "+393337654321"}
        )
        self._login(colleague, extra=None)
        self._ok(self._rpc("debt.collection.case", "read", [case.ids, ["name"]]))
        self._ok(self._rpc("debt.collection.contact.point", "read", [point.ids, ["value"]]))
        base_groups = self.inhouse.groups_id
        for extra in EXTRA_GROUPS:
            with self.subTest(extra=extra):
                self.inhouse.groups_id = base_groups | self.env["res.groups"].union(
                    *(self.env.ref(xmlid) for xmlid in extra)
                )
                self._login(self.inhouse, extra=None)
                self._refused(self._rpc("debt.collection.case", "read", [case.ids, ["name"]]))
                self._refused(
                    self._rpc("debt.collection.contact.point", "read", [point.ids, ["value"]])
                )
                self._refused(
                    self._rpc(
                        "debt.collection.contact.point",
                        "write",
                        [point.ids, {"optout_call": True}],
                    )
                )
                self._refused(self._rpc("res.partner", "read", [debtor.ids, ["phone", "email"]]))
        self.env.invalidate_all()
        self.assertFalse(point.optout_call)

    def test_creditor_on_the_portal_sees_only_its_portfolio(self):
        contact = self.env["res.partner"].create(
            {"name": "Ana Turia", "parent_id": self.utility.id, "email": "ana@turia.example"}
        )
        creditor = self._portal_user("dc_creditor_u", contact)
        self.authenticate(creditor.login, creditor.login)
        page = self.url_open(f"/my/portfolio/{self.case_u.id}", allow_redirects=False)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.case_u.name, page.text)
        for case in (self.case_t, self.case_t_unassigned, self.milan_case):
            with self.subTest(case=case.name):
                page = self.url_open(f"/my/portfolio/{case.id}", allow_redirects=False)
                self.assertIn(page.status_code, (302, 303, 403, 404))
                self.assertNotIn(case.name, page.text)
        for kind in ("pdf", "xlsx"):
            with self.subTest(remittance=kind):
                response = self.url_open(
                    f"/my/portfolio/remittances/{self.remittance_t.id}/{kind}",
                    allow_redirects=False,
                )
                self.assertIn(response.status_code, (302, 303, 403, 404))
        for company, month in (
            (self.milan.id, "2026-01"),
            (self.company.id, "99999-01"),
            (self.company.id, "2026-13"),
            (self.company.id, "0000-00"),
        ):
            with self.subTest(company=company, month=month):
                response = self.url_open(
                    f"/my/portfolio/statements/{company}/{month}/pdf", allow_redirects=False
                )
                self.assertLess(response.status_code, 500)
                self.assertNotEqual(response.status_code, 200)
        for model, record in (
            ("debt.collection.case", self.case_t),
            ("debt.collection.case", self.case_u),
            ("debt.collection.remittance", self.remittance_u),
            ("res.partner", self.debtor2),
        ):
            with self.subTest(model=model, rpc="read"):
                self._refused(self._rpc(model, "read", [record.ids]))
