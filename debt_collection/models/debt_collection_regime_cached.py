from odoo import api, models


class DebtCollectionRegimeCached(models.AbstractModel):
    """What a regime's time table is read from (the regime, its windows and holidays): the gate
    caches the table (``ormcache``), so any change to these records empties the cache."""

    _name = "debt.collection.regime.cached"
    _description = "Part of a Regime's Cached Time Table"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
