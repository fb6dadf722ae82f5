"""Tests of the 18.0.1.2.0 migration for databases from before agency mode."""

import importlib.util
from datetime import date
from pathlib import Path

from lxml import etree

from odoo.tests import tagged

from ..tools.migration import (
    CONSULTANT_RULES,
    adopt_legacy_legal_records,
    refresh_consultant_rules,
)
from .common import DebtCollectionCommon

ADDON = Path(__file__).resolve().parent.parent
MIGRATION = ADDON / "migrations" / "18.0.1.2.0"
OLD_CASE_RULE = "[('user_id', 'in', [user.id, False])]"


def _script(name):
    spec = importlib.util.spec_from_file_location(f"dc_migration_{name}", MIGRATION / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestAgencyMigration(DebtCollectionCommon):
    """18.0.1.2.0: databases installed before agency mode, and from wave 1."""

    def test_every_consultant_rule_narrowed_by_mandate_is_migrated(self):
        tree = etree.parse(str(ADDON / "security" / "debt_collection_security.xml"))
        narrowed = {
            record.get("id")
            for record in tree.iterfind(".//record[@model='ir.rule']")
            if "mandate" in (record.findtext("field[@name='domain_force']") or "")
        }
        # rules born with the mandate condition (issue 23's) are created by the update itself:
        # there is no older domain of theirs to narrow
        created_narrowed = {
            "debt_collection_contact_point_rule_user",
            "res_partner_rule_collection_consultant",
            "res_partner_bank_rule_collection_consultant",
            "account_move_rule_collection_consultant",
            "account_move_line_rule_collection_consultant",
            "account_payment_rule_collection_consultant",
            "debt_collection_remittance_rule_consultant",
            "debt_collection_remittance_line_rule_consultant",
            "debt_collection_recovery_rule_consultant",
            # issues 27 and 29: the WhatsApp channels and the SEPA mandates of OCA's addons
            "res_partner_gateway_channel_rule_collection_consultant",
            "account_banking_mandate_rule_collection_consultant",
        }
        self.assertEqual(narrowed - created_narrowed, set(CONSULTANT_RULES))

    def test_upgrade_gives_the_consultants_rules_the_mandate_condition(self):
        rules = self.env["ir.rule"]
        for name in CONSULTANT_RULES:
            rules |= self.env.ref(f"debt_collection.{name}")
        new_domains = {rule: rule.domain_force for rule in rules}
        case_rule = self.env.ref("debt_collection.debt_collection_case_rule_user")
        case_rule.domain_force = OLD_CASE_RULE  # as installed before agency mode
        # a consultant of the telecom only would see the utility's cases with the old rule
        _script("pre-agency.py").migrate(self.env.cr, "18.0.1.1.0")
        _script("post-agency.py").migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        for rule, domain in new_domains.items():
            self.assertEqual(rule.domain_force, domain)
        self.assertIn("mandate_id", case_rule.domain_force)
        data = self.env["ir.model.data"].search(
            [("module", "=", "debt_collection"), ("name", "in", CONSULTANT_RULES)]
        )
        self.assertTrue(all(data.mapped("noupdate")), "still the administrator's to adapt")
        # a second run changes nothing
        self.assertEqual(refresh_consultant_rules(self.env), [])

    def test_new_install_runs_nothing(self):
        rule = self.env.ref("debt_collection.debt_collection_case_rule_user")
        rule.domain_force = OLD_CASE_RULE
        _script("post-agency.py").migrate(self.env.cr, None)
        self.assertEqual(rule.domain_force, OLD_CASE_RULE)

    def _legacy_stage(self, name, sequence=5):
        stage = self.env["debt.collection.stage"].create(
            {
                "strategy_id": self.strategy.id,
                "sequence": sequence,
                "name": "Old legal step",
                "action_type": "letter",
                "wait_days": 15,
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "debt_collection",
                "name": name,
                "model": "debt.collection.stage",
                "res_id": stage.id,
                "noupdate": True,
            }
        )
        return stage

    def test_wave_one_legal_stage_merged_into_the_legal_addons(self):
        """Both exist (the legal addon's data made its own): one stays, references move."""
        old = self._legacy_stage("dc_test_stage_legal")
        new = self.env["debt.collection.stage"].create(
            {
                "strategy_id": self.strategy.id,
                "sequence": 5,
                "name": "New legal step",
                "action_type": "letter",
                "wait_days": 15,
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "debt_collection_legal",
                "name": "dc_test_stage_legal",
                "model": "debt.collection.stage",
                "res_id": new.id,
                "noupdate": True,
            }
        )
        invoice = self._create_invoice(self.debtor, 100.0, date(2026, 1, 10))
        case = self._new_case(self.debtor, invoice, stage_id=old.id, next_stage_id=old.id)
        self.env.flush_all()
        done = adopt_legacy_legal_records(
            self.env.cr, (("dc_test_stage_legal", "debt.collection.stage"),)
        )
        self.env.invalidate_all()
        self.assertEqual(done, {"dc_test_stage_legal": "merged"})
        self.assertFalse(old.exists())
        self.assertEqual(case.stage_id, new)
        self.assertEqual(case.next_stage_id, new)
        self.assertEqual(
            self.strategy.stage_ids.filtered(lambda s: s.name.endswith("legal step")), new
        )
        self.assertFalse(self.env.ref("debt_collection.dc_test_stage_legal", False))

    def test_wave_one_legal_stage_adopted_when_the_legal_addon_has_none(self):
        old = self._legacy_stage("dc_test_stage_adopted")
        done = adopt_legacy_legal_records(
            self.env.cr, (("dc_test_stage_adopted", "debt.collection.stage"),)
        )
        self.env.invalidate_all()
        self.assertEqual(done, {"dc_test_stage_adopted": "adopted"})
        self.assertEqual(self.env.ref("debt_collection_legal.dc_test_stage_adopted"), old)
        self.assertFalse(self.env.ref("debt_collection.dc_test_stage_adopted", False))
