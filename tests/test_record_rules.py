"""Every model of the suite that a group may read has a record rule that applies to that
group (a global rule, or one of the group or of a group it implies), unless it is on the
reviewed list below with the reason it needs none (issue 23; like tests/sudo_review.tsv)."""

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

SUITE = ("debt_collection", "debt_collection_portal", "debt_collection_legal")

# model: why no record rule is needed for the groups that may read it
REVIEWED = {
    "debt.collection.interest.rate": "statutory interest rates are the law of a country (EU "
    "Directive 2011/7 as each country publishes it): the same public figures for every company "
    "and user, read-only to consultants",
    "debt.collection.prescription.rule": "prescription periods are the law of a country: the "
    "same public rule for every company and user, read-only to consultants",
}


@tagged("post_install", "-at_install", "dc_security")
class TestRecordRules(TransactionCase):
    def _suite_models(self):
        """The stored and SQL-view models the suite defines (not the Odoo models it extends)."""
        return (
            self.env["ir.model"]
            .search([])
            .filtered(
                lambda m: (
                    m.model in self.env
                    and self.env[m.model]._original_module in SUITE
                    and not self.env[m.model]._abstract
                    and not self.env[m.model]._transient
                )
            )
        )

    def _unruled(self, model):
        """The groups that may read ``model`` and that no record rule restricts."""
        rules = self.env["ir.rule"].sudo().search([("model_id", "=", model.id)])
        if rules.filtered(lambda rule: not rule.groups):
            return self.env["res.groups"]
        ruled = rules.groups
        accesses = (
            self.env["ir.model.access"]
            .sudo()
            .search([("model_id", "=", model.id), ("perm_read", "=", True)])
        )
        if accesses.filtered(lambda access: not access.group_id):
            return self.env.ref("base.group_public")  # everyone: must have a global rule
        return accesses.group_id.filtered(
            lambda group: not (group | group.trans_implied_ids) & ruled
        )

    def test_every_readable_model_of_the_suite_has_a_record_rule(self):
        missing = {}
        for model in self._suite_models():
            groups = self._unruled(model)
            if groups and model.model not in REVIEWED:
                missing[model.model] = groups.mapped("full_name")
        self.assertFalse(
            missing,
            "models readable with no record rule (add a rule, or review them in REVIEWED): "
            + "; ".join(f"{name}: {groups}" for name, groups in sorted(missing.items())),
        )

    def test_the_reviewed_list_is_current(self):
        stale = [
            name
            for name in REVIEWED
            if name not in self.env or not self._unruled(self.env["ir.model"]._get(name))
        ]
        self.assertFalse(stale, f"reviewed but ruled now (or gone): {stale}")
        for name, reason in REVIEWED.items():
            self.assertGreater(len(reason), 20, f"{name}: say why")
