from odoo import api, models


class DebtCollectionIntake(models.AbstractModel):
    """Agency mode at intake: a creditor's mandate chooses the ladder and the consultant of
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
    def _choose_consultant(self, company, debtor, creditor):
        """Only the mandate's consultants work its cases: the debtor's own consultant if they
        are one of them, else one of them chosen by the debtor (the same in every worker)."""
        if creditor:
            mandate = (
                self.env["debt.collection.mandate"]
                ._for_creditors(company, creditor)
                .get(creditor.id)
            )
            consultants = mandate.sudo().user_ids.sorted("id") if mandate else None
            if consultants:
                if debtor.collection_user_id in consultants:
                    return debtor.collection_user_id.id
                return consultants[debtor.id % len(consultants)].id
        return super()._choose_consultant(company, debtor, creditor)
