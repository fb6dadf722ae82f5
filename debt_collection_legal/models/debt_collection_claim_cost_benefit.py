"""The cost-benefit of a court claim: what our own history says is recovered after a hand-off
to court, the costs, the debtor's assets, and a recommendation in words."""

from odoo import models
from odoo.tools.misc import format_amount

# Below this many similar cases our history says too little: all the company's cases count
MIN_SAMPLE = 3
# Costs above this share of the expected recovery leave too little to be worth suing for
COST_SHARE_WARNING = 0.5


class DebtCollectionClaim(models.Model):
    _inherit = "debt.collection.claim"

    def _similar_cases_domain(self, strict=True):
        """Cases of the company handed to court before: with a debtor of the same country and
        kind (company or person) when ``strict``."""
        self.ensure_one()
        debtor = self._debtor()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("id", "!=", self.case_id.id),
            ("proceeding_ids", "!=", False),
        ]
        if strict:
            domain += [
                ("partner_id.commercial_partner_id.country_id", "=", debtor.country_id.id),
                ("partner_id.commercial_partner_id.is_company", "=", debtor.is_company),
            ]
        return domain

    def _recovery_history(self):
        """(share of the principal recovered after the hand-off, number of cases), or
        (None, number of cases) when the company has fewer than ``MIN_SAMPLE`` court cases.
        The principal handed off is what was recovered after it, plus what is still due and
        what was written off since."""
        self.ensure_one()
        Case = self.env["debt.collection.case"]
        # sudo: a statistic over the company's own court cases, whoever weighs the claim;
        # no record of them is shown
        cases = Case.sudo().search(self._similar_cases_domain(strict=True))
        if len(cases) < MIN_SAMPLE:
            cases = Case.sudo().search(self._similar_cases_domain(strict=False))
        if len(cases) < MIN_SAMPLE:
            # too few court cases to learn from: their share would be chance
            return None, len(cases)
        handoff = {}
        for proceeding in cases.proceeding_ids:
            day = handoff.get(proceeding.case_id.id)
            if not day or proceeding.date_handoff < day:
                handoff[proceeding.case_id.id] = proceeding.date_handoff
        recovered = dict.fromkeys(cases.ids, 0.0)
        # sudo: as above, the payments of those cases summed, none shown
        payments = (
            self.env["debt.collection.recovery"]
            .sudo()
            .search_fetch([("case_id", "in", cases.ids)], ["case_id", "date", "amount"])
        )
        for payment in payments:
            if payment.date >= handoff[payment.case_id.id]:
                recovered[payment.case_id.id] += payment.amount
        base = sum(
            recovered[case.id] + case.amount_residual + case.amount_written_off for case in cases
        )
        if not base:
            return None, len(cases)
        return sum(recovered.values()) / base, len(cases)

    def _cost_benefit(self, share, sample):
        """(recommendation, whether to file): the claim weighed against the costs, the
        recovery our history expects and what is known of the debtor's assets."""
        self.ensure_one()
        currency = self.currency_id
        costs = format_amount(self.env, self.cost_total, currency)
        case = self.case_id
        if case.collection_time_barred:
            return self.env._("Do not file: the debt is time-barred."), False
        if not self.amount_total:
            return self.env._("Nothing to claim: the case has no unpaid invoice."), False
        if self.cost_total >= self.amount_total:
            return self.env._(
                "Write off rather than sue: the costs (%(costs)s) exceed the claim.",
                costs=costs,
            ), False
        expected = format_amount(self.env, self.amount_expected, currency)
        net = format_amount(self.env, self.amount_expected_net, currency)
        if share is None:
            history = self.env._(
                "We have too few court cases of our own (%(count)s) to learn from: the whole "
                "claim is assumed recoverable.",
                count=sample,
            )
        else:
            history = self.env._(
                "Our %(count)s similar cases recovered %(share)s%% of the principal after the "
                "hand-off: %(expected)s expected.",
                count=sample,
                share=round(share * 100),
                expected=expected,
            )
        if self.amount_expected_net <= 0:
            return self.env._(
                "Not worth suing: %(history)s The costs (%(costs)s) take all of it.",
                history=history,
                costs=costs,
            ), False
        if self.cost_total > self.amount_expected * COST_SHARE_WARNING:
            return self.env._(
                "Think twice: %(history)s The costs (%(costs)s) take more than half of it; "
                "%(net)s would be left.",
                history=history,
                costs=costs,
                net=net,
            ), False
        if not (self.assets_note or self.solvency_note):
            return self.env._(
                "Check the debtor's assets first: %(history)s A judgment against a debtor "
                "with nothing to seize recovers nothing.",
                history=history,
            ), False
        return self.env._(
            "File the claim: %(history)s %(net)s expected after costs (%(costs)s).",
            history=history,
            net=net,
            costs=costs,
        ), True
