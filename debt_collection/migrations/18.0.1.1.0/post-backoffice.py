"""Migration to 18.0.1.1.0 (after): recovered recomputed, Italian address order."""

from odoo import SUPERUSER_ID, api

ITALIAN_ADDRESS = "%(street)s\n%(street2)s\n%(zip)s %(city)s %(state_code)s\n%(country_name)s"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    # Recovered used to count write-offs and settlement discounts: compute it again
    cases = env["debt.collection.case"].with_context(active_test=False).search([])
    env.add_to_compute(cases._fields["amount_recovered"], cases)
    cases.flush_recordset()
    # Italian addresses in the Italian order (new installs get it from the module's data)
    italy = env.ref("base.it")
    if not italy.address_format:
        italy.address_format = ITALIAN_ADDRESS
