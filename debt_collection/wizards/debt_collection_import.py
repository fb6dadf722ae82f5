"""The portfolio import wizard: the file, its options and its buttons."""

import hashlib
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_datetime

from ..tools.actions import form_action

_logger = logging.getLogger(__name__)

IMPORT_FIELDS = [
    ("name", "Debtor Name"),
    ("vat", "Tax ID"),
    ("country", "Country"),
    ("street", "Street"),
    ("street2", "Street (2)"),
    ("zip", "ZIP"),
    ("city", "City"),
    ("phone", "Phone"),
    ("mobile", "Mobile"),
    ("email", "E-mail"),
    ("ref", "Creditor's Reference"),
    ("date_original", "Original Date"),
    ("date_due", "Due Date"),
    ("amount", "Amount Due"),
    ("currency", "Currency"),
    ("description", "Notes"),
]


class DebtCollectionImport(models.TransientModel):
    """Import a creditor's portfolio (CSV, XLSX, ODS) as placed debts of a mandate.

    Every row is checked first; a file with a bad row imports nothing unless the user asks
    for the valid rows only. The file is read twice, row by row (check, then import by
    chunks), so a large file never sits in memory as parsed rows.
    """

    _name = "debt.collection.import"
    _description = "Import a Portfolio"

    mandate_id = fields.Many2one(
        "debt.collection.mandate",
        required=True,
        domain="[('state', '=', 'active')]",
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="mandate_id.company_id")
    file = fields.Binary(required=True, attachment=False)
    file_name = fields.Char()
    encoding = fields.Char(help="Leave empty to detect it (UTF-8, with or without BOM, Latin-1).")
    separator = fields.Selection(
        [("auto", "Detect"), (";", "Semicolon"), (",", "Comma"), ("\t", "Tab"), ("|", "Bar")],
        default="auto",
        required=True,
    )
    decimal_separator = fields.Selection(
        [(",", "Comma (1.234,56)"), (".", "Point (1,234.56)")],
        default=",",
        required=True,
        help="For amounts typed as text; typed numbers of a spreadsheet are read as numbers.",
    )
    date_placed = fields.Date(
        string="Placed On",
        required=True,
        default=fields.Date.context_today,
        help="When the creditor handed the debts over (the placement invoices' date).",
    )
    valid_only = fields.Boolean(
        string="Import Only the Valid Rows",
        help="Skip the bad rows (they stay listed in the import's report).",
    )
    tax_id_conflict = fields.Selection(
        [("report", "Skip and Report the Row"), ("create", "Make a New Debtor")],
        string="Same E-mail or Phone, Other Tax ID",
        default="report",
        required=True,
        help="A row whose e-mail or phone is an existing debtor's but whose tax id is another "
        "is never put on that debtor: it is skipped and reported, or a new debtor is made.",
    )
    column_ids = fields.One2many("debt.collection.import.column", "wizard_id", string="Columns")
    error_ids = fields.One2many("debt.collection.import.error", "wizard_id", string="Errors")
    state = fields.Selection(
        [("upload", "Upload"), ("checked", "Checked"), ("done", "Done")],
        default="upload",
        required=True,
    )
    row_count = fields.Integer(string="Rows", readonly=True)
    bad_count = fields.Integer(string="Bad Rows", readonly=True)
    warning = fields.Text(readonly=True)
    summary = fields.Text(readonly=True)
    batch_id = fields.Many2one("debt.collection.import.batch", string="Import", readonly=True)

    @api.onchange("mandate_id")
    def _onchange_mandate_id(self):
        profile = self.mandate_id.import_profile or {}
        if profile.get("decimal_separator") in (",", "."):
            self.decimal_separator = profile["decimal_separator"]
        if profile.get("separator") in (";", ",", "\t", "|"):
            self.separator = profile["separator"]
        if profile.get("encoding"):
            self.encoding = profile["encoding"]

    @api.onchange("file", "separator", "encoding")
    def _onchange_file(self):
        self.column_ids = [fields.Command.clear()]
        self.error_ids = [fields.Command.clear()]
        self.state = "upload"
        if not self.file or not self.mandate_id:
            return
        try:
            header, samples = self._read_header(self._file_bytes())
        except UserError:
            return
        mapping = self._default_mapping(header)
        self.column_ids = [
            fields.Command.create(
                {
                    "index": index,
                    "header": title,
                    "sample": samples.get(index, ""),
                    "field": mapping.get(index, False),
                }
            )
            for index, title in header
        ]

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_check(self):
        """Check every row and list the bad ones; nothing is written."""
        self.ensure_one()
        self._check_rights()
        data = self._file_bytes()
        mapping = self._mapping(data)
        bad_rows, errors, row_count = self._check_rows(data, mapping)
        self._store_check(bad_rows, errors, row_count)
        return self._reopen()

    def action_import(self):
        """Check the file, then place its rows with the mandate (all or, if asked, the valid
        ones). The same file twice places nothing the second time."""
        self.ensure_one()
        self._check_rights()
        if self.date_placed > fields.Date.context_today(self):
            raise UserError(self.env._("Debts cannot be placed in the future."))
        self.mandate_id._check_in_force(self.date_placed)
        data = self._file_bytes()
        fingerprint = hashlib.sha256(data).hexdigest()
        previous = self.env["debt.collection.import.batch"].search(
            [
                ("mandate_id", "=", self.mandate_id.id),
                ("file_sha256", "=", fingerprint),
                ("state", "!=", "undone"),
            ],
            limit=1,
        )
        if previous:
            self.write(
                {
                    "state": "done",
                    "batch_id": previous.id,
                    "summary": self.env._(
                        "This file was already imported on %(date)s (%(batch)s): nothing new "
                        "was placed.",
                        date=format_datetime(self.env, previous.date),
                        batch=previous.name,
                    ),
                }
            )
            return self._reopen()
        mapping = self._mapping(data)
        bad_rows, errors, row_count = self._check_rows(data, mapping)
        if bad_rows and not self.valid_only:
            raise UserError(self._refusal_message(bad_rows, errors, row_count))
        if len(bad_rows) >= row_count:
            raise UserError(self.env._("The file has no valid row to import."))
        batch, jobs = self._import_rows(data, mapping, bad_rows, errors, row_count, fingerprint)
        self._save_profile(data, mapping)
        if jobs:
            summary = self.env._(
                "%(rows)s rows checked, %(skipped)s bad rows skipped: placing in %(jobs)s jobs. "
                "The import shows their progress.",
                rows=row_count,
                skipped=len(bad_rows),
                jobs=jobs,
            )
        else:
            summary = self.env._(
                "%(placed)s debts placed (%(new)s new debtors), %(skipped)s bad rows skipped.",
                placed=batch.placed_count,
                new=batch.partner_created_count,
                skipped=batch.skipped_count,
            )
        self.write(
            {
                "state": "done",
                "batch_id": batch.id,
                "row_count": row_count,
                "bad_count": len(bad_rows),
                "summary": summary,
            }
        )
        return self._reopen()

    def action_view_batch(self):
        self.ensure_one()
        return form_action(self.batch_id)

    def _check_rights(self):
        if not self.env.user.has_group("debt_collection.debt_collection_group_manager"):
            raise UserError(self.env._("Only a Collection Manager can import portfolios."))
        self.mandate_id.check_access("write")

    def _reopen(self):
        return form_action(self, target="new", name=self.env._("Import a Portfolio"))
