from . import controllers
from . import models
from . import wizards


def pre_init_hook(env):
    """On a database upgraded from wave 1, core's old legal stages and activity type become
    this addon's (its data then makes no second legal step on each ladder)."""
    from odoo.addons.debt_collection.tools.migration import adopt_legacy_legal_records

    adopt_legacy_legal_records(env.cr)
