# Agency mode became an option: the companies that already work as agencies keep it on.
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Companies with mandates or placed debts get agency mode on (and their users the
    agency mode group); the others start with it off."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"]._collection_agency_mode_migrate()
