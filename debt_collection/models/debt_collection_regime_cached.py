"""What a regime's cached time table is read from: any change empties the cache."""

from odoo import api, models


class DebtCollectionRegimeCached(models.AbstractModel):
    """What a regime's time table is read from (the regime, its windows and holidays): the gate
    caches the table (``ormcache``), so any change to these records empties the cache, and lets
    the steps held until a window opened be judged again."""

    _name = "debt.collection.regime.cached"
    _description = "Part of a Regime's Cached Time Table"

    @api.model_create_multi
    def create(self, vals_list):
        self._time_table_changed()
        return super().create(vals_list)

    def write(self, vals):
        self._time_table_changed()
        return super().write(vals)

    def unlink(self):
        self._time_table_changed()
        return super().unlink()

    def _time_table_changed(self):
        self.env.registry.clear_cache()
        # steps held until a window opens are judged again with the new table
        self.env["debt.collection.case"]._collection_release_holds()
