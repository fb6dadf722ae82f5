"""A credit bureau the company reports debtors to, and its files of reports."""

from odoo import api, fields, models
from odoo.exceptions import UserError

FILE_FORMATS = [
    ("asnef", "ASNEF-Equifax (Spain)"),
    ("badexcug", "Experian Badexcug (Spain)"),
    ("crif", "CRIF EURISC (Italy)"),
    ("experian_it", "Experian (Italy)"),
    ("ctc", "CTC (Italy)"),
    ("datacredito", "Datacrédito-Experian (Colombia)"),
    ("transunion_co", "TransUnion (Colombia)"),
    ("buro", "Buró de Crédito (Mexico)"),
    ("circulo", "Círculo de Crédito (Mexico)"),
    ("generic", "Our Own Columns Only"),
]


class DebtCollectionBureau(models.Model):
    _name = "debt.collection.bureau"
    _description = "Credit Bureau"
    _order = "country_id, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        ondelete="restrict",
        index=True,
    )
    country_id = fields.Many2one(
        "res.country",
        required=True,
        ondelete="restrict",
        help="Debtors of this country are reported to this bureau.",
    )
    file_format = fields.Selection(
        FILE_FORMATS,
        default="generic",
        required=True,
        help="The bureau's own columns added after ours in each file.",
    )
    member_code = fields.Char(
        string="Our Member Code",
        help="The code the bureau gave the company when it joined (written in every file).",
    )
    submission_note = fields.Text(
        string="How the Bureau Takes the File",
        translate=True,
        help="Where and how the file is sent to the bureau (its onboarding says).",
    )
    settle_note = fields.Text(
        string="Debtor's Rights",
        translate=True,
        help="Shown to the debtor on their page: how to reach the bureau to see or correct "
        "their record.",
    )
    report_ids = fields.One2many("debt.collection.bureau.report", "bureau_id", string="Reports")
    file_ids = fields.One2many("debt.collection.bureau.file", "bureau_id", string="Files")
    to_send_count = fields.Integer(compute="_compute_to_send_count", string="For the Next File")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "This bureau already exists."),
    ]

    @api.depends("report_ids.to_send")
    def _compute_to_send_count(self):
        counts = dict(
            self.env["debt.collection.bureau.report"]._read_group(
                [("bureau_id", "in", self.ids), ("to_send", "!=", False)],
                ["bureau_id"],
                ["__count"],
            )
        )
        for bureau in self:
            bureau.to_send_count = counts.get(bureau, 0)

    @api.model
    def _for_case(self, case):
        """The company's active bureaus for the case's debtor."""
        return self.search(
            [
                ("company_id", "=", case.company_id.id),
                ("country_id", "=", case.partner_id.country_id.id or False),
            ]
        )

    def action_generate_file(self):
        """The file of this bureau for the period since its last file (reports, updates and
        withdrawals decided since then)."""
        self.ensure_one()
        self.check_access("write")
        self.report_ids._bureau_sync()
        file = self.env["debt.collection.bureau.file"]._generate(self)
        if not file:
            raise UserError(self.env._("Nothing to send to %(bureau)s.", bureau=self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.collection.bureau.file",
            "res_id": file.id,
            "view_mode": "form",
        }
