"""A stage of a ladder: its kind of step, spacing and what it needs first."""

from datetime import timedelta

from odoo import api, fields, models

# The legal notice ("legal") is added by debt_collection_legal (selection_add)
ACTION_TYPES = [
    ("email", "E-mail"),
    ("letter", "Letter"),
    ("sms", "SMS"),
    ("whatsapp", "WhatsApp"),
    ("call", "Phone Call"),
    ("visit", "Home Visit"),
    ("end", "End of Extrajudicial Collection"),
]
# Channels that reach the debtor without a person: capped, only inside contact hours
OUTBOUND_ACTIONS = ("email", "letter", "sms", "whatsapp")


class DebtCollectionStage(models.Model):
    _name = "debt.collection.stage"
    _description = "Collection Stage"
    # the case kanban groups by stage across strategies: steps of one rank side by side
    _order = "sequence, strategy_id, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    strategy_id = fields.Many2one(
        "debt.collection.strategy", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="strategy_id.company_id", store=True)
    action_type = fields.Selection(ACTION_TYPES, required=True, default="email")
    wait_days = fields.Integer(
        string="Wait (days)",
        help="Days to wait before this step, counted from the reference below.",
    )
    wait_from = fields.Selection(
        [("due", "Oldest Due Date"), ("previous", "Previous Step")],
        default="previous",
        required=True,
    )
    manual = fields.Boolean(
        compute="_compute_manual",
        store=True,
        readonly=False,
        help="A person carries this step out: the engine schedules an activity "
        "instead of sending.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'debt.collection.case')]",
    )
    sms_template_id = fields.Many2one(
        "sms.template", string="SMS Template", domain="[('model', '=', 'debt.collection.case')]"
    )
    report_id = fields.Many2one(
        "ir.actions.report", string="Letter", domain="[('model', '=', 'debt.collection.case')]"
    )
    activity_type_id = fields.Many2one("mail.activity.type")
    activity_deadline_days = fields.Integer(string="Activity Deadline (days)", default=2)
    assign_to = fields.Selection(
        [("case_user", "Case Consultant"), ("user", "Specific User")],
        default="case_user",
        required=True,
    )
    user_id = fields.Many2one("res.users", string="Assigned User")
    requires_letter = fields.Boolean(
        string="Needs a Letter First",
        compute="_compute_requirements",
        store=True,
        readonly=False,
        help="Taken only after a dunning letter was actually sent (a skipped one does not count).",
    )
    requires_call = fields.Boolean(
        string="Needs a Call First",
        compute="_compute_requirements",
        store=True,
        readonly=False,
        help="Taken only after a call to the debtor was attempted.",
    )
    note = fields.Html(translate=True, help="Instructions shown in the scheduled activity.")

    @api.depends("name", "strategy_id.name")
    @api.depends_context("lang", "debt_collection_stage_strategy")
    def _compute_display_name(self):
        """Where stages of several strategies meet (the case kanban's columns, a list grouped
        by stage), two "Legal Notice" of two strategies are told apart by their strategy."""
        ambiguous = set()
        if self.env.context.get("debt_collection_stage_strategy"):
            names = list(set(self.filtered("name").mapped("name")))
            ambiguous = {
                name
                for name, strategies in self._read_group(
                    [("name", "in", names)], ["name"], ["strategy_id:count_distinct"]
                )
                if strategies > 1
            }
        for stage in self:
            if stage.name in ambiguous and stage.strategy_id:
                stage.display_name = self.env._(
                    "%(stage)s (%(strategy)s)", stage=stage.name, strategy=stage.strategy_id.name
                )
            else:
                stage.display_name = stage.name

    @api.depends("action_type")
    def _compute_manual(self):
        for stage in self:
            stage.manual = stage.action_type not in OUTBOUND_ACTIONS

    @api.depends("action_type")
    def _compute_requirements(self):
        for stage in self:
            stage.requires_letter = stage.action_type == "visit"
            stage.requires_call = stage.action_type == "visit"

    def _date_after(self, oldest_due, previous):
        """The date of this step by its own wait, the previous step falling on ``previous``."""
        self.ensure_one()
        reference = oldest_due if self.wait_from == "due" and oldest_due else previous
        return reference + timedelta(days=self.wait_days)
