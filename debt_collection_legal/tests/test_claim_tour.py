"""The court claim in the browser: Prepare Claim from the case, the cost-benefit, the print."""

from datetime import date, timedelta

from odoo.tests import HttpCase, tagged

from .common import LegalCommon


@tagged("post_install", "-at_install")
class TestClaimTour(LegalCommon, HttpCase):
    def test_claim_prepared_weighed_and_printed_in_the_browser(self):
        """The Legal group's member prepares the claim from a case whose notice went unpaid,
        reads the cost-benefit, marks the claim ready to file and prints it."""
        today = date.today()
        debtor = self._debtor(
            "Reformas Turia S.L.", "admin@turia.example", is_company=True, city="Valencia"
        )
        invoice = self._invoice(debtor, 1500.0, today - timedelta(days=200))
        case = self._case_with(debtor, invoice)
        self._delivered_notice(case, today - timedelta(days=40), today - timedelta(days=38))
        self.start_tour(
            f"/odoo/debt.collection.case/{case.id}", "debt_collection_claim", login="dc_legal_user"
        )
        self.env.invalidate_all()
        claim = case.claim_ids
        self.assertEqual(claim.state, "ready")
        self.assertEqual(claim.court_name, "Juzgado de Primera Instancia de Valencia")
