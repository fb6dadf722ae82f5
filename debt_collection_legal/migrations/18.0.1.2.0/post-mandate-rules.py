"""Migration to 18.0.1.2.0: the legal rules get the mandate condition (issue 23)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.debt_collection.tools.migration import refresh_consultant_rules

# The consultants' rules on legal records that now carry the case rule's mandate condition
LEGAL_CONSULTANT_RULES = (
    "debt_collection_legal_notice_rule_user",
    "debt_collection_legal_notice_line_rule_user",
    "debt_collection_legal_evidence_rule_user",
    "debt_collection_proceeding_rule_user",
)


def migrate(cr, version):
    """A database installed before this version: a consultant of one creditor read the legal
    notices, evidence and proceedings of another creditor's unassigned cases (issue 23). The
    rules are noupdate data, so they get the security file's domains here."""
    if not version:
        return
    refresh_consultant_rules(
        api.Environment(cr, SUPERUSER_ID, {}),
        LEGAL_CONSULTANT_RULES,
        module="debt_collection_legal",
        security_file="security/debt_collection_legal_security.xml",
    )
