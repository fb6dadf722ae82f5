"""The collection settings of one company, for Collection Managers."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

MANAGER_GROUP = "debt_collection.debt_collection_group_manager"


class DebtCollectionSettings(models.TransientModel):
    """The collection settings of one company, for Collection Managers.

    Odoo's ``res.config.settings`` is for administrators only (its access rights are
    Administration/Settings', and saving it checks ``env.is_admin()``): opening it to managers
    would hand them every setting of every app. This form holds only the company's
    ``collection_*`` fields (declared once, in ``debt.collection.settings.mixin``, which
    Settings > Collection shares); once the user is checked to be a manager of that company,
    they are written as superuser, since managers have no write access to companies.
    """

    _name = "debt.collection.settings"
    _inherit = "debt.collection.settings.mixin"
    _description = "Collection Settings"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids)]",
    )

    @api.model
    def _check_collection_manager(self, companies):
        """Only a Collection Manager, and only for companies they belong to."""
        user = self.env.user
        if not self.env.su and (not user.has_group(MANAGER_GROUP) or companies - user.company_ids):
            raise AccessError(
                self.env._(
                    "Only a Collection Manager of the company can change its collection settings."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        Company = self.env["res.company"]
        companies = Company.browse(
            [vals.get("company_id") or self.env.company.id for vals in vals_list]
        )
        self._check_collection_manager(companies)
        # checked above: the related settings are written to the company as superuser
        return super(DebtCollectionSettings, self.sudo()).create(vals_list).sudo(self.env.su)

    def write(self, vals):
        companies = self.company_id
        if vals.get("company_id"):
            companies |= self.env["res.company"].browse(vals["company_id"])
        self._check_collection_manager(companies)
        # checked above: the related settings are written to the company as superuser
        return super(DebtCollectionSettings, self.sudo()).write(vals)

    def action_save(self):
        """The values were saved with the record; say so, and stay on the form."""
        self.ensure_one()
        self._check_collection_manager(self.company_id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Collection settings of %(company)s saved.", company=self.company_id.name
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
