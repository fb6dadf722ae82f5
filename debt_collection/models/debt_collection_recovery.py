"""Reporting: one row per reconciliation of a payment with a case invoice."""

from odoo import fields, models
from odoo.tools import SQL

from .debt_collection_case import CASE_PAYMENTS_JOIN, PAYMENT_MOVE


def _consultant_change(value_column, when, direction):
    """The change of the case's consultant nearest the payment day ``pl.date`` among those
    ``when`` allows, and the consultant it set (``new_value_integer``) or replaced (``old_...``).
    """
    return SQL(
        """
        SELECT TRUE AS found, NULLIF(%s, 0) AS user_id
          FROM mail_message mm
          JOIN mail_tracking_value tv ON tv.mail_message_id = mm.id
         WHERE mm.model = 'debt.collection.case' AND mm.res_id = p.case_id
           AND tv.field_id = (SELECT f.id FROM ir_model_fields f
                               WHERE f.model = 'debt.collection.case' AND f.name = 'user_id')
           AND %s
         ORDER BY mm.date %s, tv.id %s LIMIT 1
        """,
        SQL.identifier("tv", value_column),
        SQL(when),
        SQL(direction),
        SQL(direction),
    )


class DebtCollectionRecovery(models.Model):
    """Recovered by collection: one row per reconciliation of a payment with a case invoice.

    Accounting is the only source: a row exists only where Odoo matched a payment or a bank
    statement line with an invoice of a case. The stage credited with the money is the last
    step taken on the case on or before the payment date; the consultant credited is the one
    who held the case that day (from the tracked changes of its consultant).
    """

    _name = "debt.collection.recovery"
    _description = "Recovered by Collection"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "account.partial.reconcile": ["amount", "debit_move_id", "credit_move_id"],
        "account.move.line": ["date", "move_id", "account_id"],
        "account.move": ["collection_case_id", "origin_payment_id", "statement_line_id"],
        "debt.collection.case": [
            "strategy_id",
            "partner_id",
            "creditor_id",
            "company_id",
            "currency_id",
            "user_id",
            "date_closed",
        ],
        "debt.collection.action": ["case_id", "stage_id", "date"],
        "mail.tracking.value": ["field_id", "old_value_integer", "new_value_integer"],
    }

    date = fields.Date(string="Payment Date", readonly=True)
    case_id = fields.Many2one("debt.collection.case", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    creditor_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Consultant Now", readonly=True)
    worked_by_id = fields.Many2one(
        "res.users",
        string="Consultant",
        readonly=True,
        help="The consultant who held the case on the payment date: credited with the money.",
    )
    strategy_id = fields.Many2one("debt.collection.strategy", readonly=True)
    stage_id = fields.Many2one("debt.collection.stage", string="Obtained by Stage", readonly=True)
    invoice_id = fields.Many2one("account.move", readonly=True)
    payment_move_id = fields.Many2one("account.move", string="Payment Entry", readonly=True)
    amount = fields.Monetary(string="Recovered", readonly=True)
    after_closing = fields.Boolean(
        readonly=True,
        help="Paid after the case was closed (settled, written off or handed to court).",
    )
    case_state = fields.Selection(related="case_id.state", string="Case Status")

    @property
    def _table_query(self):
        # the payments of a case are those the case's Recovered figure counts
        return SQL(
            """
            SELECT pr.id AS id,
                   pl.date AS date,
                   p.case_id AS case_id,
                   p.partner_id AS partner_id,
                   p.creditor_id AS creditor_id,
                   p.company_id AS company_id,
                   p.currency_id AS currency_id,
                   p.user_id AS user_id,
                   CASE WHEN tb.found THEN tb.user_id
                        WHEN ta.found THEN ta.user_id
                        ELSE p.user_id END AS worked_by_id,
                   p.strategy_id AS strategy_id,
                   (SELECT a.stage_id FROM debt_collection_action a
                     WHERE a.case_id = p.case_id AND a.stage_id IS NOT NULL
                       AND a.date < pl.date + 1
                     ORDER BY a.date DESC, a.id DESC LIMIT 1) AS stage_id,
                   m.id AS invoice_id,
                   pm.id AS payment_move_id,
                   pr.amount AS amount,
                   (p.date_closed IS NOT NULL AND pl.date > p.date_closed) AS after_closing
              FROM (SELECT id AS case_id, partner_id, creditor_id, company_id, currency_id,
                           user_id, strategy_id, date_closed
                      FROM debt_collection_case) p
              %s
              -- the consultant set last before the payment day, or replaced first after it
              LEFT JOIN LATERAL (%s) tb ON TRUE
              LEFT JOIN LATERAL (%s) ta ON TRUE
             WHERE %s
            """,
            SQL(CASE_PAYMENTS_JOIN),
            _consultant_change("new_value_integer", "mm.date < pl.date + 1", "DESC"),
            _consultant_change("old_value_integer", "mm.date >= pl.date + 1", "ASC"),
            SQL(PAYMENT_MOVE),
        )
