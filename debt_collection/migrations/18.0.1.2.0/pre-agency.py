"""Migration to 18.0.1.2.0 (before): core's old legal stages become the legal addon's."""

from odoo.addons.debt_collection.tools.migration import (
    adopt_legacy_legal_records,
    legal_installed,
)


def migrate(cr, version):
    """On a database from wave 1 with the legal addon, core's old legal stages (and activity
    type) become the legal addon's before its data loads, so a ladder has one legal step,
    not two."""
    if not version:
        return
    if legal_installed(cr):
        adopt_legacy_legal_records(cr)
