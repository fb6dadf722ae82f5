"""Tests of the write-off wizard."""

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_negotiation import NegotiationCommon


@tagged("post_install", "-at_install", "dc_reliability")
class TestWriteoffWizard(NegotiationCommon):
    def test_negative_legal_cost_is_refused(self):
        with freeze_time("2026-01-12 10:00:00"):
            case, invoice = self._open_case(self.debtor, 700.0)
            Wizard = self.env["debt.collection.writeoff.wizard"].with_user(self.manager)
            with self.assertRefused(ValidationError, "legal cost cannot be negative"):
                Wizard.create({"case_id": case.id, "reason": "cost_benefit", "legal_cost": -50.0})
            self.assertEqual(case.state, "open", "nothing was written off")
            self.assertFalse(case.writeoff_move_id)
            self.assertEqual(invoice.amount_residual, 700.0)
            # no cost at all is fine: the manager may not know it
            wizard = Wizard.create({"case_id": case.id, "reason": "cost_benefit"})
            wizard.action_confirm()
            self.assertEqual(case.state, "written_off")

    def test_note_is_in_one_language_the_managers(self):
        """A Spanish manager's note on an Italian consultant's case began in Italian (the
        reason) and ended in Spanish (the note) (issue 24)."""
        self._load_languages("es_ES", "it_IT")
        self.consultant.lang = "it_IT"
        with freeze_time("2026-01-12 10:00:00"):
            case, _invoice = self._open_case(self.debtor, 700.0)
            wizard = (
                self.env["debt.collection.writeoff.wizard"]
                .with_user(self.manager)
                .with_context(lang="es_ES")
                .create({"case_id": case.id, "reason": "cost_benefit", "legal_cost": 900.0})
            )
            wizard._onchange_legal_cost()
            wizard.action_confirm()
        step = case.action_ids.filtered(lambda a: a.result == "written_off")
        self.assertEqual(
            step.note.splitlines()[0],
            "Coste de la acción judicial superior a lo que se espera recuperar",
        )
        self.assertTrue(step.note.splitlines()[1].startswith("Saldo "))
