"""Intake in agency mode: the mandate chooses the ladder and consultants of new cases."""

from odoo import api, models


class DebtCollectionIntake(models.AbstractModel):
    """Agency mode at intake: a creditor's mandate chooses the ladder and the consultants of
    its new cases (the case finds its mandate from its creditor)."""

    _inherit = "debt.collection.intake"

    @api.model
    def _prepare_intake_context(self, company, keys):
        known = super()._prepare_intake_context(company, keys)
        creditors = self.env["res.partner"].browse({key[1] for key in keys if key[1]})
        known["mandates"] = (
            self.env["debt.collection.mandate"]._for_creditors(company, creditors)
            if creditors
            else {}
        )
        return known

    @api.model
    def _choose_strategy(self, company, debtor, creditor, amount, known):
        mandate = known.get("mandates", {}).get(creditor.id)
        if mandate and mandate.strategy_id:
            return mandate.strategy_id
        return super()._choose_strategy(company, debtor, creditor, amount, known)

    @api.model
    def _assign_consultants(self, company, today, keys):
        """Cases of a creditor whose mandate names consultants go to those consultants only:
        the debtor's own consultant if they are one of them, else the least loaded of them
        (open cases this morning, then the cases shared out before in the same order as the
        in-house ones: every debtor opening a case today, sorted), so that any split of the
        debtors between workers assigns exactly what one worker would. Other cases are
        shared out as in-house ones, without the mandates' debtors."""
        today_keys = self._keys_opening_today(company, today)
        pools = self._mandate_consultants(company, {key[1] for key in today_keys + keys})
        if not pools:
            return super()._assign_consultants(company, today, keys)
        assigned = super(
            DebtCollectionIntake,
            self.with_context(debt_collection_intake_skip_creditors=tuple(sorted(pools))),
        )._assign_consultants(company, today, [key for key in keys if key[1] not in pools])
        wanted = {key for key in keys if key[1] in pools}
        if not wanted:
            return assigned
        load = self._consultant_loads(
            company, today, {uid for ids in pools.values() for uid in ids}
        )
        pending = [key for key in today_keys if key[1] in pools]
        pending += sorted(wanted - set(pending), key=str)
        debtors = self.env["res.partner"].browse({key[0] for key in pending})
        own = {debtor.id: debtor.collection_user_id.id for debtor in debtors}
        for key in pending:
            pool = pools[key[1]]
            user_id = own.get(key[0])
            if user_id not in pool:
                user_id = self._take_least_loaded(load, pool)
            if key in wanted:
                assigned[key] = user_id
        return assigned

    @api.model
    def _keys_opening_today(self, company, today):
        keys = super()._keys_opening_today(company, today)
        skipped = self.env.context.get("debt_collection_intake_skip_creditors")
        if skipped:
            keys = [key for key in keys if key[1] not in skipped]
        return keys

    @api.model
    def _mandate_consultants(self, company, creditor_ids):
        """{creditor id: sorted consultant ids} of the creditors whose mandate names some."""
        creditors = self.env["res.partner"].browse([cid for cid in creditor_ids if cid])
        if not creditors:
            return {}
        mandates = self.env["debt.collection.mandate"]._for_creditors(company, creditors)
        return {
            creditor_id: sorted(mandate.sudo().user_ids.ids)
            for creditor_id, mandate in mandates.items()
            if mandate.sudo().user_ids
        }
