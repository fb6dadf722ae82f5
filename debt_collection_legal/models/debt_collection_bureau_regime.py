"""The credit-bureau rules of a compliance regime: data a manager edits, counsel confirms."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models

AFTER_PAYMENT = [
    ("remove", "Withdrawn at Once"),
    ("double_delay", "Kept Twice the Delay"),
    ("months", "Kept a Fixed Period"),
]


class DebtCollectionRegime(models.Model):
    _inherit = "debt.collection.regime"

    bureau_notice_statutory = fields.Boolean(
        string="Notice Period Set by Law",
        default=True,
        help="Off where no statutory period was found (Mexico): the days above are the "
        "company's own choice, for counsel to confirm.",
    )
    bureau_count_from = fields.Selection(
        [("sent", "Sending of the Notice"), ("delivered", "Proven Delivery of the Notice")],
        string="Notice Days Counted From",
        default="delivered",
        required=True,
    )
    bureau_after_deadline = fields.Boolean(
        string="Only after the Notice's Deadline",
        help="The debt is reported only after the deadline the payment demand gave the debtor.",
    )
    bureau_name_required = fields.Boolean(
        string="Notice Names the Bureau",
        help="The debtor must have been told, in the notice, the bureau the debt is reported to.",
    )
    bureau_message_notice = fields.Boolean(
        string="E-mail or Message Notice Counts",
        help="A warning sent by e-mail or SMS at a ladder step that announces the report counts "
        "as the notice (else only a legal notice with proof of sending does).",
    )
    bureau_min_amount = fields.Float(
        string="Minimum Principal",
        help="Debts whose principal still due is below this amount are not reported "
        "(in the currency below).",
    )
    bureau_currency_id = fields.Many2one(
        "res.currency",
        string="Currency of the Amounts",
        help="The currency of the minimum principal and of the minimum wage.",
    )
    bureau_minimum_wage = fields.Float(
        string="Monthly Minimum Wage",
        help="Update it every year: with the share below it sets which debts are small.",
    )
    bureau_small_debt_percent = fields.Float(
        string="Small Debt up to (% of the Wage)",
        help="Debts up to this share of the monthly minimum wage need more notices.",
    )
    bureau_small_debt_notices = fields.Integer(
        string="Notices for a Small Debt",
        default=1,
        help="How many notices, sent on different days, a small debt needs before its report.",
    )
    bureau_max_months = fields.Integer(
        string="Kept at Most (months from due date)",
        help="The record is withdrawn this many months after the debt fell due (0: no limit).",
    )
    bureau_after_payment = fields.Selection(
        AFTER_PAYMENT,
        string="After Payment",
        default="remove",
        required=True,
        help="What the law says of the negative record once the debt is paid: the bureau is "
        "told of the payment in the next file either way.",
    )
    bureau_after_payment_months = fields.Integer(
        string="Months Kept after Payment (at most)",
        help="For a fixed period: the months the record is kept; for twice the delay: the cap.",
    )
    bureau_rules_note = fields.Text(
        string="Credit Bureau Rules",
        translate=True,
        help="The sources of these rules and what counsel should confirm.",
    )

    def _bureau_small_limit(self):
        """The amount up to which a debt is small (0: no such rule)."""
        self.ensure_one()
        if not self.bureau_minimum_wage or not self.bureau_small_debt_percent:
            return 0.0
        return self.bureau_minimum_wage * self.bureau_small_debt_percent / 100.0

    def _bureau_date_kept_until(self, date_due, date_paid):
        """The last day the negative record may stay at the bureau after ``date_paid``, the
        debt having fallen due on ``date_due`` (False: withdrawn at once)."""
        self.ensure_one()
        if not date_paid or self.bureau_after_payment == "remove":
            return False
        cap = self.bureau_after_payment_months
        if self.bureau_after_payment == "months":
            return date_paid + relativedelta(months=cap)
        # twice the delay (days late until paid), never longer than the cap
        delay = max((date_paid - (date_due or date_paid)).days, 0)
        until = date_paid + relativedelta(days=2 * delay)
        if cap:
            until = min(until, date_paid + relativedelta(months=cap))
        return until
