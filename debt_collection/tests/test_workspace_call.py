"""Tests of the call screen and visits."""

import base64
from datetime import date, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .test_workspace_queue import TODAY, WorkspaceCommon


@freeze_time("2026-03-02 09:00:00")
@tagged("post_install", "-at_install")
class TestCallScreen(WorkspaceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._hand_case("Ana Call", 800.0, date(2026, 2, 1))
        cls.case.partner_id.mobile = "+34 612 345 678"
        cls.activity = cls._schedule(cls.case, "call")

    def _screen(self):
        action = (
            self.env["debt.collection.call"]
            .with_user(self.consultant)
            ._open_for_case(self.case.with_user(self.consultant))
        )
        return self.env["debt.collection.call"].with_user(self.consultant).browse(action["res_id"])

    def _actions(self):
        return self.env["debt.collection.action"].search(
            [("case_id", "=", self.case.id), ("channel", "=", "call")]
        )

    def test_screen_shows_the_debtor_at_a_glance(self):
        screen = self._screen()
        self.assertEqual(screen.amount_residual, 800.0)
        self.assertEqual(screen.phone_link, f"tel:{self.case.partner_id.collection_phone_e164}")
        self.assertTrue(screen.phone_link.startswith("tel:+34"))
        self.assertEqual(screen.invoice_ids, self.case.invoice_ids)
        self.assertEqual(screen.reason, "Call due")
        self.assertTrue(screen.may_call)

    def test_gate_warning_is_shown(self):
        self.case.partner_id.collection_cease_contact = True
        screen = self._screen()
        self.assertFalse(screen.may_call)
        self.assertEqual(screen.gate_warning, "The debtor asked not to be contacted.")

    def test_no_answer_logs_the_call_with_time_and_schedules_a_retry(self):
        screen = self._screen()
        with freeze_time("2026-03-02 09:04:30"):
            screen.action_no_answer()
        step = self._actions()
        self.assertEqual(step.result, "no_answer")
        self.assertEqual(step.user_id, self.consultant)
        self.assertEqual(step.duration, 4.5, "the time since the screen opened")
        self.assertFalse(self.activity.exists(), "the due call is done")
        retry = self.case.activity_ids
        self.assertEqual(retry.activity_type_id.name, "Collection Call")
        self.assertEqual(retry.date_deadline, TODAY + timedelta(days=1))
        self.assertIn("Collection Call on 03/03/2026", screen.last_outcome)
        with self.assertRaises(UserError):
            screen.action_reached()

    def test_logged_outcome_in_the_consultants_language_and_date_format(self):
        """Not "Registrado: No Answer. Next: Llamada de cobro el 2026-03-03" (issue 24)."""
        self._load_languages("es_ES")
        self.consultant.lang = "es_ES"
        screen = self._screen().with_context(lang="es_ES")
        with freeze_time("2026-03-02 09:04:30"):
            screen.action_no_answer()
        self.assertEqual(
            screen.last_outcome, "No contesta. Siguiente: Llamada de cobro el 03/03/2026"
        )

    def test_time_typed_by_the_consultant_wins(self):
        screen = self._screen()
        screen.duration = 12.0
        screen.action_reached()
        self.assertEqual(self._actions().duration, 12.0)
        self.assertFalse(self.case.activity_ids, "reached: the ladder goes on, nothing new")

    def test_promise_made_opens_the_promise_form_filled_in(self):
        screen = self._screen()
        action = screen.action_promise()
        self.assertEqual(action["res_model"], "debt.collection.promise")
        self.assertEqual(action["context"]["default_case_id"], self.case.id)
        self.assertEqual(action["context"]["default_channel"], "call")
        # the form proposes what is due (800.00), for a week from today (02/03 + 7)
        Promise = self.env["debt.collection.promise"].with_user(self.consultant)
        form = Form(Promise.with_context(**action["context"]))
        self.assertEqual(form.amount, 800.0)
        self.assertEqual(form.date_promised, date(2026, 3, 9))
        promise = form.save()
        self.assertEqual((promise.case_id, promise.amount), (self.case, 800.0))

    def test_promise_made_proposes_a_date_within_the_promise_horizon(self):
        self.case.company_id.collection_promise_horizon_days = 3
        action = self._screen().action_promise()
        Promise = self.env["debt.collection.promise"].with_user(self.consultant)
        form = Form(Promise.with_context(**action["context"]))
        self.assertEqual(form.date_promised, date(2026, 3, 5), "02/03 + 3 days, the horizon")

    def test_promise_made_is_logged_once_when_the_promise_is_saved(self):
        screen = self._screen()
        screen.duration = 7.0
        # the consultant opens the promise form and closes it: no step, no promise
        screen.action_promise()
        self.assertFalse(self._actions())
        self.assertFalse(
            self.env["debt.collection.action"].search([("case_id", "=", self.case.id)])
        )
        self.assertFalse(screen.last_outcome)
        # then again, and saves it: one step for one promise, the call's
        action = screen.action_promise()
        Promise = self.env["debt.collection.promise"].with_user(self.consultant)
        promise = Promise.with_context(**action["context"]).create(
            {"amount": 300.0, "date_promised": TODAY + timedelta(days=7)}
        )
        steps = self.env["debt.collection.action"].search([("case_id", "=", self.case.id)])
        self.assertEqual(len(steps), 1, "one step for one promise")
        self.assertEqual((steps.channel, steps.result, steps.duration), ("call", "promise", 7.0))
        self.assertEqual(promise.case_id, self.case)
        self.assertFalse(self.activity.exists(), "the due call is done")
        self.assertEqual(screen.last_outcome, "Promise Made")

    def test_wrong_number_asks_to_verify_contact_data(self):
        self._screen().action_wrong_number()
        self.assertFalse(self.case.partner_id.collection_phone_valid)
        verify = self.env.ref("debt_collection.mail_activity_type_collection_verify")
        self.assertEqual(self.case.activity_ids.activity_type_id, verify)
        self.env.flush_all()
        row = self._queue()
        self.assertEqual(row.reason, "Verify contact data")

    def test_refusal_asks_for_a_decision(self):
        self._screen().action_refuses()
        self.assertEqual(self.case.debtor_kind, "wont_pay")
        review = self.env.ref("debt_collection.mail_activity_type_collection_review")
        self.assertEqual(self.case.activity_ids.activity_type_id, review)


@freeze_time("2026-03-02 09:00:00")
@tagged("post_install", "-at_install")
class TestVisits(WorkspaceCommon):
    def test_visits_grouped_by_city_then_postal_code_in_street_order(self):
        specs = [
            ("Uno", "Valencia", "46023", "Calle B 2"),
            ("Dos", "Madrid", "28013", "Calle Z 9"),
            ("Tres", "Valencia", "46001", "Calle A 1"),
            ("Cuatro", "Madrid", "28013", "Calle A 5"),
            ("Cinco", "Valencia", "46023", "Avenida C 3"),
        ]
        cases = {}
        for name, city, zip_code, street in specs:
            case = self._hand_case(
                f"{name} Visit", 300.0, date(2026, 2, 1), city=city, zip=zip_code, street=street
            )
            self._schedule(case, "visit")
            cases[name] = case
        call_only = self._hand_case("Seis Call", 300.0, date(2026, 2, 1))
        self._schedule(call_only, "call")
        self.env.flush_all()
        Queue = self.Queue.with_user(self.consultant)
        rows = Queue.search([("visit_due", "=", True), *Queue._get_own_domain()])
        route = [
            (city, zip_code, [row.partner_id.name.split()[0] for row in group])
            for city, zip_code, group in rows._visit_route()
        ]
        self.assertEqual(
            route,
            [
                ("Madrid", "28013", ["Cuatro", "Dos"]),
                ("Valencia", "46001", ["Tres"]),
                ("Valencia", "46023", ["Cinco", "Uno"]),
            ],
        )
        report = self.env.ref("debt_collection.debt_collection_queue_report_visit_sheet")
        html, _kind = report.with_user(self.consultant)._render_qweb_html(report, rows.ids)
        html = html.decode()
        self.assertLess(html.index("Cuatro Visit"), html.index("Dos Visit"))
        self.assertLess(html.index("Dos Visit"), html.index("Tres Visit"))
        # the day in the consultant's format (en_US), not ISO
        self.assertRegex(html, r"\d{2}/\d{2}/\d{4}</span></h2>")
        self.assertNotRegex(html, r"\d{4}-\d{2}-\d{2}</span></h2>")

    def test_visit_sheet_title_has_the_visits_day_and_steps_read_plainly(self):
        """Not "Visits of ... - <today>" over visits planned for another day, nor a step's
        result and note run together ("Reached Met, signed") or doubled ("Kept Kept")."""
        case = self._hand_case("Nina Visit", 400.0, date(2026, 2, 1), city="Bergamo")
        self._schedule(case, "visit", deadline=date(2026, 3, 7))
        self.env["debt.collection.action"]._log(
            {
                "case_id": case.id,
                "channel": "visit",
                "result": "reached",
                "user_id": self.consultant.id,
                "note": "Met, signed the acknowledgment",
            }
        )
        promise = self.env["debt.collection.promise"].create(
            {"case_id": case.id, "amount": 100.0, "date_promised": date(2026, 3, 5)}
        )
        promise._decide("kept", 100.0, TODAY)
        kept = case.action_ids.filtered(lambda a: a.result == "promise_kept")
        self.assertEqual(kept.note, promise.display_name, "the result says kept: not again")
        self.env.flush_all()
        # the visits screen looks a week ahead, as its action does
        Queue = self.Queue.with_user(self.consultant).with_context(debt_collection_visit_days=7)
        rows = Queue.search([("case_id", "=", case.id)])
        self.assertEqual(rows.visit_date, date(2026, 3, 7))
        report = self.env.ref("debt_collection.debt_collection_queue_report_visit_sheet")
        sheet = report.with_user(self.consultant).with_context(debt_collection_visit_days=7)
        html, _kind = sheet._render_qweb_html(report, rows.ids)
        html = html.decode()
        self.assertRegex(html, r"Visits of .*03/07/2026</span></h2>", "the visits' day (en_US)")
        self.assertNotIn("03/02/2026</span></h2>", html, "not today")
        self.assertRegex(html, r"Reached</span>: <span>Met, signed the acknowledgment")
        self.assertNotIn("Kept:", html)

    def test_visit_outcome_from_a_phone_uploads_acknowledgment_and_photos(self):
        case = self._hand_case("Lola Visit", 700.0, date(2026, 2, 1))
        activity = self._schedule(case, "visit")
        self.env.flush_all()
        row = self._queue()
        action = row.with_user(self.consultant).action_visit_outcome()
        self.assertEqual(action["context"]["default_activity_id"], activity.id)
        Wizard = self.env["debt.collection.outcome.wizard"].with_user(self.consultant)
        photo = (
            self.env["ir.attachment"]
            .with_user(self.consultant)
            .create({"name": "door.jpg", "raw": b"jpeg", "res_model": Wizard._name})
        )
        wizard = Wizard.with_context(**action["context"]).create(
            {
                "met_debtor": True,
                "result": "reached",
                "acknowledgment": base64.b64encode(b"%PDF signed"),
                "acknowledgment_name": "acknowledgment.pdf",
                "photo_ids": [(6, 0, photo.ids)],
                "note": "Signed at the door",
                "duration": 20.0,
                "no_disclosure": True,
            }
        )
        wizard.action_confirm()
        step = self.env["debt.collection.action"].search(
            [("case_id", "=", case.id), ("channel", "=", "visit")]
        )
        self.assertEqual(step.result, "reached")
        self.assertTrue(step.acknowledgment)
        self.assertEqual(step.attachment_id.name, "acknowledgment.pdf")
        self.assertEqual(step.duration, 20.0)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", case._name), ("res_id", "=", case.id)]
        )
        self.assertEqual(set(attachments.mapped("name")), {"acknowledgment.pdf", "door.jpg"})
        self.assertFalse(activity.exists())

    def test_minutes_are_typed_and_shown_as_minutes(self):
        """25 minutes typed at a visit are 25 minutes in the cost to collect: no clock widget
        (float_time reads "00:25" as 0.42 hours) on a field that counts minutes."""
        views = {
            "debt.collection.call": "debt_collection.debt_collection_call_view_form",
            "debt.collection.outcome.wizard": (
                "debt_collection.debt_collection_outcome_wizard_view_form_visit"
            ),
        }
        for model, xmlid in views.items():
            arch = self.env[model].get_view(self.env.ref(xmlid).id, "form")["arch"]
            for node in etree.fromstring(arch).iter("field"):
                if node.get("name") == "duration":
                    self.assertNotEqual(node.get("widget"), "float_time", xmlid)
        arch = self.env["debt.collection.outcome.wizard"].get_view(view_type="form")["arch"]
        widgets = {
            n.get("widget")
            for n in etree.fromstring(arch).iter("field")
            if n.get("name") == "duration"
        }
        self.assertNotIn("float_time", widgets)
        self.company.write({"collection_cost_visit": 10.0, "collection_cost_minute": 0.5})
        case = self._hand_case("Lola Minutes", 700.0, date(2026, 2, 1))
        self._schedule(case, "visit")
        self.env.flush_all()
        action = self._queue().with_user(self.consultant).action_visit_outcome()
        Wizard = self.env["debt.collection.outcome.wizard"].with_user(self.consultant)
        Wizard.with_context(**action["context"]).create(
            {"met_debtor": False, "result": "not_home", "duration": 25, "no_disclosure": True}
        ).action_confirm()
        self.env.flush_all()
        row = self.env["debt.collection.case.report"].search([("case_id", "=", case.id)])
        self.assertEqual(row.minutes, 25.0)
        self.assertEqual(row.cost, 22.5, "a visit 10.00 + 25 minutes × 0.50")

    def test_someone_elses_upload_cannot_be_moved_to_a_case(self):
        case = self._hand_case("Lola Visit", 700.0, date(2026, 2, 1))
        foreign = self.env["ir.attachment"].create({"name": "secret.pdf", "raw": b"x"})
        with self.assertRaises(UserError):  # an AccessError is a UserError
            self._outcome_form(
                case, "visit", "not_home", no_disclosure=True, photo_ids=[(6, 0, foreign.ids)]
            ).action_confirm()

    def test_screen_labels_are_plain_in_spanish(self):
        """The invoices read "Total" / "Importe pendiente" (not Odoo's "Total con signo",
        "Importe adeudado firmado"), with no empty totals row; the phone is a clickable phone
        labelled "Teléfono", not a raw "tel:" link."""
        self._load_languages("es_ES")
        view = self.env.ref("debt_collection.debt_collection_call_view_form")
        arch = (
            self.env["debt.collection.call"]
            .with_context(lang="es_ES")
            .get_view(view.id, "form")["arch"]
        )
        root = etree.fromstring(arch)
        columns = root.xpath("//field[@name='invoice_ids']/list/field")
        labels = {node.get("name"): node.get("string") for node in columns}
        self.assertEqual(labels["amount_total_signed"], "Total")
        self.assertEqual(labels["amount_residual_signed"], "Importe pendiente")
        self.assertFalse([node for node in columns if node.get("sum")])
        phones = root.xpath("//field[@name='phone']")
        self.assertEqual(
            [(node.get("widget"), node.get("string")) for node in phones],
            [("phone", "Teléfono")],
        )
        self.assertFalse(root.xpath("//field[@name='phone_link']"))
