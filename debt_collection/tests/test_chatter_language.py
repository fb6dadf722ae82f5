"""Tests that what is written on a case is in its consultant's language."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .test_negotiation import NegotiationCommon


@tagged("post_install", "-at_install")
class TestChatterLanguage(NegotiationCommon):
    """What the engine and the wizards write on a case is in its consultant's language, with
    dates in their format, whoever (the engine, a debtor, a manager) wrote it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_languages("es_ES")
        cls.consultant.lang = "es_ES"
        cls.es = cls.env(context=dict(cls.env.context, lang="es_ES"))

    def _label(self, model, field, value):
        return dict(self.es[model]._fields[field]._description_selection(self.es))[value]

    @freeze_time("2026-11-20 10:00:00")
    def test_promise_note_has_a_spanish_date(self):
        case, _invoice = self._open_case(self.debtor, 600.0)
        self._promise(case, 200.0, date(2026, 12, 3))
        chatter = " ".join(str(message.body) for message in case.message_ids)
        self.assertIn("03/12/2026", chatter)
        self.assertNotIn("2026-12-03", chatter)
        step = case.action_ids.filtered(lambda a: a.result == "promise")
        self.assertIn("03/12/2026", step.note)

    def test_broken_promise_noted_in_spanish_by_the_engine(self):
        with freeze_time("2026-11-20 10:00:00"):
            case, _invoice = self._open_case(self.debtor, 600.0)
            self._promise(case, 200.0, date(2026, 11, 25))
        with freeze_time("2026-12-01 10:00:00"):
            self._run()  # as the engine's user, in English
        self.assertEqual(case.promise_ids.state, "broken")
        step = case.action_ids.filtered(lambda a: a.result == "promise_broken")
        self.assertEqual(len(step), 1, "a promise is decided once")
        broken = self._label("debt.collection.promise", "state", "broken")
        self.assertNotEqual(broken, "Broken", "the Spanish terms are loaded")
        # the step's result says broken (in the reader's language): the note names the promise
        self.assertNotIn(broken, step.note, "not said twice on the visit sheet and the log")
        self.assertIn("25/11/2026", step.note)
        self.assertNotIn("2026-11-25", step.note)

    @freeze_time("2026-11-20 10:00:00")
    def test_call_outcome_in_the_chatter_is_translated(self):
        case, _invoice = self._open_case(self.debtor, 600.0)
        activity = case.activity_schedule(
            "debt_collection.mail_activity_type_collection_call", user_id=self.consultant.id
        )
        wizard = (
            self.env["debt.collection.outcome.wizard"]
            .with_user(self.consultant)
            .with_context(lang="es_ES")
            .create(
                {
                    "case_id": case.id,
                    "activity_id": activity.id,
                    "result": "promise",
                    "note": "El viernes",
                }
            )
        )
        action = wizard.action_confirm()
        # the call is logged when the promise it ended with is saved
        self.env["debt.collection.promise"].with_user(self.consultant).with_context(
            **action["context"]
        ).create({"amount": 200.0, "date_promised": date(2026, 11, 27)})
        made = self._label("debt.collection.outcome.wizard", "result", "promise")
        self.assertNotEqual(made, "Promise Made")
        done = case.message_ids.filtered(lambda m: "El viernes" in str(m.body))
        self.assertTrue(done)
        self.assertIn(f"{made}. El viernes", str(done[:1].body))
        self.assertNotIn("Promise Made", str(done[:1].body))

    def test_promise_states_have_their_own_labels(self):
        """A promise is "Pending" and "Withdrawn", so that Spanish can make them feminine
        without touching the case's "Open" or the plan's "Cancelled"."""
        states = dict(self.env["debt.collection.promise"]._fields["state"].selection)
        self.assertEqual(states["open"], "Pending")
        self.assertEqual(states["cancelled"], "Withdrawn")
        case_states = dict(self.env["debt.collection.case"]._fields["state"].selection)
        plan_states = dict(self.env["debt.collection.plan"]._fields["state"].selection)
        self.assertNotIn(states["open"], case_states.values())
        self.assertNotIn(states["cancelled"], plan_states.values())

    @freeze_time("2026-11-20 10:00:00")
    def test_state_tracking_in_the_consultants_language(self):
        """The chatter showed "Open → Promise Running" to a Spanish consultant (issue 24)."""
        case, _invoice = self._open_case(self.debtor, 600.0)
        self.env.cr.precommit.run()  # what the case's creation tracked, as a commit would
        # held for a promise where the context is English (the engine, a portal request),
        # with tracking on as outside tests
        english = case.with_context(lang="en_US", tracking_disable=False, mail_notrack=False)
        english._collection_hold_for("promise")
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = case.message_ids.sudo().tracking_value_ids.filtered(
            lambda v: v.field_id.name == "state"
        )
        self.assertEqual(
            (values[:1].old_value_char, values[:1].new_value_char),
            (self._label("debt.collection.case", "state", "open"), "Promesa en curso"),
        )
