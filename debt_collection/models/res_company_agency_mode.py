# Agency mode: the per-company switch and the feature group its users hold.
from odoo import api, fields, models
from odoo.exceptions import UserError


class ResCompany(models.Model):
    _inherit = "res.company"

    collection_agency_mode = fields.Boolean(
        string="Agency Mode",
        help="The company collects debts for creditors (mandates, placed debts, portfolio "
        "imports, remittances). Off, none of it shows and payments cost nothing extra.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        if any(vals.get("collection_agency_mode") for vals in vals_list):
            companies.user_ids._collection_sync_agency_mode_group()
        return companies

    def write(self, vals):
        if "collection_agency_mode" not in vals:
            return super().write(vals)
        if not vals["collection_agency_mode"]:
            self._check_collection_agency_mode_off()
        switched = self.filtered(
            lambda company: company.collection_agency_mode != bool(vals["collection_agency_mode"])
        )
        res = super().write(vals)
        if switched:
            # sudo: whoever may switch the mode (an administrator) has every user's groups follow
            users = switched.sudo().with_context(active_test=False).user_ids
            users._collection_sync_agency_mode_group()
        return res

    def _check_collection_agency_mode_off(self):
        """A company still holding mandates in force keeps agency mode: the money collected
        on its placed debts would no longer be booked for the creditors."""
        mandates = (
            self.env["debt.collection.mandate"]
            .sudo()
            .search([("company_id", "in", self.ids), ("state", "=", "active")], limit=1)
        )
        if mandates:
            raise UserError(
                self.env._(
                    "%(company)s has mandates in force (%(mandate)s): close them before turning "
                    "agency mode off.",
                    company=mandates.company_id.name,
                    mandate=mandates.name,
                )
            )

    def _collection_agency_mode_on(self):
        """Turn agency mode on for the companies of ``self`` that have it off (a mandate made
        in a company makes it an agency)."""
        companies = self.filtered(lambda company: not company.collection_agency_mode)
        if companies:
            # sudo: making a mandate (a manager) switches the company's mode with it
            companies.sudo().write({"collection_agency_mode": True})

    @api.model
    def _collection_agency_mode_migrate(self):
        """Agency mode on for every company with mandates or placed debts (a database from
        before the option); the others keep it off. Returns the companies turned on."""
        companies = (
            self.env["debt.collection.mandate"]
            .sudo()
            .with_context(active_test=False)
            .search([])
            .company_id
            | self.env["debt.collection.placement"].sudo().search([]).company_id
        )
        companies._collection_agency_mode_on()
        return companies
