"""Migration to 18.0.1.2.0 (after): consultants' record rules get the mandate condition."""

from odoo import SUPERUSER_ID, api

from odoo.addons.debt_collection.tools.migration import refresh_consultant_rules


def migrate(cr, version):
    """A database installed before agency mode: the consultants' record rules (noupdate
    data) get the mandate condition, so a consultant sees only the cases of the mandates
    they work (AC-3)."""
    if not version:
        return
    refresh_consultant_rules(api.Environment(cr, SUPERUSER_ID, {}))
