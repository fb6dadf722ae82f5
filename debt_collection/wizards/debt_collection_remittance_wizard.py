"""Wizard: the period a manager remits."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date


class DebtCollectionRemittanceWizard(models.TransientModel):
    """The period a manager remits: by default every ended period since the last remittance,
    so that months with nothing collected make no empty remittance of their own."""

    _name = "debt.collection.remittance.wizard"
    _description = "New Remittance"

    mandate_id = fields.Many2one("debt.collection.mandate", required=True, readonly=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        mandate = self.env["debt.collection.mandate"].browse(values.get("mandate_id"))
        if mandate:
            values.update(mandate._remittance_period_proposal())
        return values

    @api.onchange("date_from")
    def _onchange_date_from(self):
        # a month typed as its first day: the whole month
        if self.date_from and (not self.date_to or self.date_to < self.date_from):
            self.date_to = self.mandate_id._period_end(self.date_from)

    def action_confirm(self):
        """A draft remittance of the period, its collections gathered; none when nothing
        was collected or charged in it."""
        self.ensure_one()
        mandate = self.mandate_id
        mandate._check_manager()
        if self.date_to < self.date_from:
            raise UserError(self.env._("A remittance period cannot end before it starts."))
        if self.date_to > fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "The period ends on %(end)s, which is not over yet: choose a period that "
                    "has ended.",
                    end=format_date(self.env, self.date_to),
                )
            )
        remittance = self.env["debt.collection.remittance"].create(
            {"mandate_id": mandate.id, "date_from": self.date_from, "date_to": self.date_to}
        )
        remittance.action_compute()
        if not remittance.line_ids:
            # no empty draft is left behind, whether or not the caller rolls back
            remittance.unlink()
            raise UserError(
                self.env._(
                    "Nothing was collected or charged for %(creditor)s from %(start)s to "
                    "%(end)s: no remittance was made.",
                    creditor=mandate.creditor_id.name,
                    start=format_date(self.env, self.date_from),
                    end=format_date(self.env, self.date_to),
                )
            )
        return remittance._get_form_action()
