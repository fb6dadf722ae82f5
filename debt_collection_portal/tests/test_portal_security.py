"""What a portal user may do with collection cases through the ORM (and so over RPC):
read their own commercial partner's cases, nothing else, never write (AC-6, PO-2)."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DebtCollectionPortalCommon, new_portal_user


@tagged("post_install", "-at_install", "dc_security")
class TestPortalAccess(DebtCollectionPortalCommon):
    def test_portal_user_reads_only_own_cases(self):
        Case = self.Case.with_user(self.portal_user)
        self.assertEqual(Case.search([]), self.case)
        self.assertEqual(Case.search_count([("id", "=", self.other_case.id)]), 0)
        self.assertEqual(self.case.with_user(self.portal_user).amount_residual, 1234.0)
        with self.assertRaises(AccessError):
            self.other_case.with_user(self.portal_user).read(["amount_residual"])

    def test_portal_user_writes_nothing(self):
        case = self.case.with_user(self.portal_user)
        with self.assertRaises(AccessError):
            case.write({"state": "paid"})
        with self.assertRaises(AccessError):
            self.Case.with_user(self.portal_user).create({"partner_id": self.debtor.id})
        with self.assertRaises(AccessError):
            case.unlink()
        self.assertEqual(self.case.state, "open")

    def test_contact_of_the_debtor_company_sees_the_company_case(self):
        company_debtor = self._debtor(
            "Hostelería Turia S.L.", "admin@turia.example", is_company=True
        )
        invoice = self._create_invoice(company_debtor, 500.0, self.invoice.invoice_date_due)
        case = self._portal_case(company_debtor, invoice)
        contact = self.env["res.partner"].create(
            {"name": "Pilar Turia", "parent_id": company_debtor.id, "email": "pilar@turia.example"}
        )
        user = new_portal_user(self.env, "dc_turia", contact, self.company)
        self.assertEqual(self.Case.with_user(user).search([]), case)

    def test_portal_rule_applies_to_portal_users_only(self):
        rule = self.env.ref("debt_collection_portal.debt_collection_case_rule_portal")
        self.assertEqual(rule.groups, self.env.ref("base.group_portal"))
        access = self.env.ref("debt_collection_portal.access_debt_collection_case_portal")
        self.assertEqual(access.group_id, self.env.ref("base.group_portal"))
        self.assertEqual(
            (access.perm_read, access.perm_write, access.perm_create, access.perm_unlink),
            (True, False, False, False),
        )

    def test_consultant_still_sees_own_portfolio(self):
        """The portal rule is a group rule: it does not narrow what consultants see."""
        cases = self.Case.with_user(self.consultant).search([])
        self.assertEqual(cases, self.case | self.other_case)
