"""The Collection Manager's check before what only a manager may do."""

from odoo.exceptions import UserError

MANAGER_GROUP = "debt_collection.debt_collection_group_manager"


def check_manager(env, message):
    """Refuse with ``message`` (translated by the caller) unless the user is a Collection
    Manager."""
    if not env.user.has_group(MANAGER_GROUP):
        raise UserError(message)
