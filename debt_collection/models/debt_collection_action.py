"""The action log: one row per step taken on a case, the audit trail (DI-4)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.bulk import bulk_create
from .debt_collection_stage import ACTION_TYPES

# What a consultant can report after a call or a visit (the outcome wizard offers these)
OUTCOMES = [
    ("reached", "Reached"),
    ("no_answer", "No Answer"),
    ("wrong_number", "Wrong Number"),
    ("promise", "Promise Made"),
    ("refuses", "Refuses to Pay"),
    ("disputes", "Disputes the Debt"),
    ("paid_already", "Says Already Paid"),
    ("left_message", "Left a Message"),
    ("not_home", "Nobody Home"),
]
# Only ``_log`` and ``_log_update`` put this object in the context: no RPC call can pass it
# (an RPC context is JSON), so no client can forge a step (e.g. a step key the engine would
# take for done).
_LOG_SENTINEL = object()
LETTER_TONES = [("first", "First Letter"), ("second", "Later Letter")]
ACTION_RESULTS = [
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("failed", "Failed"),
    ("scheduled", "Scheduled"),
    *OUTCOMES,
    ("skipped", "Skipped"),
    ("note", "Note"),
    ("promise_kept", "Promise Kept"),
    ("promise_partial", "Promise Partly Kept"),
    ("promise_broken", "Promise Broken"),
    ("plan", "Instalment Plan Agreed"),
    ("plan_missed", "Instalment Missed"),
    ("plan_cancelled", "Plan Cancelled"),
    ("written_off", "Written Off"),
    ("writeoff_reversed", "Write-off Reversed"),
    ("late_payment", "Payment After Closing"),
]


class DebtCollectionAction(models.Model):
    """One row for every step taken on a case: the audit trail of contacts (DI-4).

    Rows are written through ``_log`` only (the engine, outcome forms, negotiation, the
    portal); users read them and never create, edit or delete them.
    """

    _name = "debt.collection.action"
    _description = "Collection Step"
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "debt.collection.case", required=True, index=True, ondelete="cascade", check_company=True
    )
    # the contact rules count each debtor's contacts in every batch of the run
    partner_id = fields.Many2one(
        related="case_id.partner_id", store=True, string="Debtor", index=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    stage_id = fields.Many2one(
        "debt.collection.stage", index=True, ondelete="set null", check_company=True
    )
    channel = fields.Selection(ACTION_TYPES + [("manual", "Manual")], required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users", string="Consultant", default=lambda self: self.env.user, index=True
    )
    result = fields.Selection(ACTION_RESULTS, required=True, default="sent")
    outbound = fields.Boolean(
        help="Counts toward the contact cap (e-mail, letter, SMS actually sent)."
    )
    contact_point = fields.Char(
        help="Where the debtor was contacted (masked e-mail, phone or address line)."
    )
    note = fields.Text()
    error = fields.Text(help="Why the step failed, for the consultant.")
    mail_template_id = fields.Many2one("mail.template", ondelete="set null")
    mail_message_id = fields.Many2one("mail.message", ondelete="set null")
    attachment_id = fields.Many2one("ir.attachment", string="Letter", ondelete="restrict")
    activity_type_id = fields.Many2one("mail.activity.type", ondelete="set null")
    run_id = fields.Many2one("debt.collection.run", index="btree_not_null", ondelete="set null")
    date_deadline = fields.Date(
        string="Payment Deadline", help="The date a letter asked the debtor to pay by."
    )
    letter_tone = fields.Selection(LETTER_TONES, help="Wording of the letter sent at this step.")
    duration = fields.Float(
        string="Minutes Spent",
        help="Time the consultant spent on this step (it feeds the cost to collect).",
    )
    acknowledgment = fields.Boolean(
        string="Debt Acknowledged",
        help="The debtor signed an acknowledgment of the debt at this step (the document is "
        "attached to the case).",
    )
    no_disclosure = fields.Boolean(
        string="Non-Disclosure Confirmed",
        help="The consultant who visited confirmed the debt was disclosed to no one but the "
        "debtor (CG-9).",
    )
    step_key = fields.Char(
        index=True,
        copy=False,
        readonly=True,
        help="Idempotency key (case, stage, channel, contact point): a step is never done twice.",
    )

    _sql_constraints = [
        ("step_key_uniq", "unique(step_key)", "This step was already carried out on this case.")
    ]

    @api.model
    def _make_step_key(self, case, stage, channel, contact_point=""):
        return f"{case.id}:{stage.id or 0}:{channel}:{contact_point or ''}"

    @api.model_create_multi
    def create(self, vals_list):
        self._check_log_sentinel()
        return super().create(vals_list)

    def write(self, vals):
        self._check_log_sentinel()
        return super().write(vals)

    def _check_log_sentinel(self):
        if self.env.context.get("debt_collection_log") is not _LOG_SENTINEL:
            raise AccessError(
                self.env._(
                    "Collection steps are an audit trail: they are recorded by the collection "
                    "engine and the case's forms, and cannot be created or changed by hand."
                )
            )

    @api.model
    def _log(self, vals_list):
        """Record steps: the one way into the action log.

        The caller must be allowed to work the cases (write access); the rows are then written
        with rights of their own, so that consultants need no create right on the log. With
        ``debt_collection_bulk_log`` in the context (the nightly run's batches), one INSERT for
        the whole batch (``bulk.py``); overrides of ``_log`` see the same call either way.
        """
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        cases = self.env["debt.collection.case"].browse({vals["case_id"] for vals in vals_list})
        cases.check_access("write")
        # sudo: the caller's right on the cases was checked above; the log itself is read-only
        log = self.sudo().with_context(debt_collection_log=_LOG_SENTINEL)
        bulk = self.env.context.get("debt_collection_bulk_log")
        actions = bulk_create(log, vals_list) if bulk else log.create(vals_list)
        return actions.sudo(self.env.su)

    def _log_update(self, vals):
        """Complete steps the engine recorded (a letter rendered, an e-mail's message)."""
        self.case_id.check_access("write")
        # sudo: as in _log, the right on the cases is checked above
        self.sudo().with_context(debt_collection_log=_LOG_SENTINEL).write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(
                self.env._("Collection steps are an audit trail and cannot be deleted.")
            )
