"""Before the update to 18.0.1.1.0: the strategies' broken-promise limit becomes a switch."""

from odoo.tools import SQL


def migrate(cr, version):
    """Strategies said "any number of broken promises" with -1: now a switch."""
    if not version:
        return
    cr.execute(
        SQL(
            """
            ALTER TABLE debt_collection_strategy
                ADD COLUMN IF NOT EXISTS limit_broken_promises BOOLEAN;
            UPDATE debt_collection_strategy
               SET limit_broken_promises = COALESCE(max_broken_promises, -1) >= 0,
                   max_broken_promises = GREATEST(COALESCE(max_broken_promises, 0), 0),
                   min_broken_promises = GREATEST(COALESCE(min_broken_promises, 0), 0);
            """
        )
    )
