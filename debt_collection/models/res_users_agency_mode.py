# Agency mode: the feature group follows the companies a user works for.
from odoo import Command, api, models

AGENCY_MODE_GROUP = "debt_collection.group_collection_agency_mode"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._collection_sync_agency_mode_group()
        return users

    def write(self, vals):
        res = super().write(vals)
        if {"company_ids", "company_id", "share", "groups_id"} & set(vals):
            self._collection_sync_agency_mode_group()
        return res

    def _collection_sync_agency_mode_group(self):
        """Internal users of a company in agency mode hold the agency mode group, others do
        not (as Odoo's feature groups, but per company: a database may hold an agency and
        in-house companies). sudo: the group follows the companies, whoever changes them."""
        group = self.env.ref(AGENCY_MODE_GROUP, raise_if_not_found=False)
        if not group:
            return
        users = self.sudo()
        wanted = users.filtered(
            lambda user: not user.share and any(user.company_ids.mapped("collection_agency_mode"))
        )
        holders = group.with_context(active_test=False).users
        commands = [Command.link(user.id) for user in wanted - holders]
        commands += [Command.unlink(user.id) for user in (users - wanted) & holders]
        if commands:
            group.sudo().write({"users": commands})
