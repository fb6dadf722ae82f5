from odoo.addons.portal.controllers.portal import CustomerPortal


class DebtCollectionPortal(CustomerPortal):
    """The debtor's pages (/my/debts) arrive with the portal issue."""
