from odoo import models


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"
    # Legal notices and the judicial hand-off plug in through _execute_step_legal (legal issue).
