"""OCA's SEPA mandates (account.banking.mandate, readable by every internal user): a consultant
reaches only the mandates of their cases' debtors, by the ORM and over JSON-RPC, whatever other
group they hold; managers and accountants keep every mandate of their companies."""

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .rpc import JsonRpcMixin
from .test_separation import EXTRA_GROUPS, SeparationCommon

# the payment orders' group gives full access to mandates: the restriction holds with it too
MANDATE_GROUPS = (*EXTRA_GROUPS, ("account_payment_order.group_account_payment",))


class SepaMandateCommon(SeparationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sepa_u = cls._sepa_mandate(cls.debtor, cls.company, "ES9121000418450200051332")
        cls.sepa_t = cls._sepa_mandate(cls.debtor2, cls.company, "DE89370400440532013000")
        cls.sepa_milan = cls._sepa_mandate(
            cls.milan_debtor, cls.milan, "IT60X0542811101000000123456"
        )
        cls.sepa_all = cls.sepa_u | cls.sepa_t | cls.sepa_milan

    @classmethod
    def _sepa_mandate(cls, partner, company, iban):
        bank = cls.env["res.partner.bank"].create({"acc_number": iban, "partner_id": partner.id})
        return cls.env["account.banking.mandate"].create(
            {
                "format": "sepa",
                "type": "recurrent",
                "recurrent_sequence_type": "first",
                "scheme": "CORE",
                "partner_bank_id": bank.id,
                "company_id": company.id,
            }
        )


@tagged("post_install", "-at_install", "dc_security")
class TestSeparationSepaMandate(SepaMandateCommon):
    def test_consultant_reaches_only_their_debtors_mandates(self):
        for extra in MANDATE_GROUPS:
            with self._extra_groups_subtest(extra):
                user = self.consultant
                self.assertEqual(self._visible(user, self.sepa_all), self.sepa_u)
                self.assertEqual(self.sepa_u.with_user(user).partner_id, self.debtor)
                for mandate in (self.sepa_t, self.sepa_milan):
                    with self.assertRaises(AccessError):
                        mandate.with_user(user).read(["unique_mandate_reference"])
        # the telecom's consultant: their own debtor's, not the utility's
        self.assertEqual(self._visible(self.consultant2, self.sepa_all), self.sepa_t)

    def test_managers_and_accountants_keep_their_companies_mandates(self):
        accountant = self._collection_user("dc_accountant", "user")
        accountant.groups_id = self.env.ref("account.group_account_invoice") | self.env.ref(
            "base.group_user"
        )
        for user in (self.manager, accountant):
            with self.subTest(user=user.login):
                # every mandate of their company; Milan's stay Milan's (OCA's company rule)
                self.assertEqual(self._visible(user, self.sepa_all), self.sepa_u | self.sepa_t)


@tagged("post_install", "-at_install", "dc_security")
class TestSeparationSepaMandateRpc(JsonRpcMixin, SepaMandateCommon, HttpCase):
    def test_mandates_over_json_rpc(self):
        for extra in MANDATE_GROUPS:
            with self._extra_groups_subtest(extra):
                self.authenticate("dc_consultant", "dc_consultant")
                answer = self._call(
                    "account.banking.mandate", "search_read", [[]], {"fields": ["id"]}
                )
                self.assertNotIn("error", answer, answer)
                ids = {row["id"] for row in answer["result"]}
                self.assertEqual(ids & set(self.sepa_all.ids), set(self.sepa_u.ids))
                for mandate in (self.sepa_t, self.sepa_milan):
                    answer = self._call(
                        "account.banking.mandate",
                        "read",
                        [mandate.ids, ["unique_mandate_reference", "partner_id"]],
                    )
                    self.assertIn("error", answer)
