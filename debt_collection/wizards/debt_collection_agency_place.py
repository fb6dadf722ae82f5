"""Place cases with an external agency or recall them: the placement ZIP or the recall file,
sent or downloaded."""

import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.access import check_manager
from ..tools.actions import form_action


class DebtCollectionAgencyFileWizard(models.AbstractModel):
    """What the place and recall wizards share: the cases chosen in the list, and the file
    they made, shown for download once done."""

    _name = "debt.collection.agency.file.wizard"
    _description = "Agency File Wizard"

    case_ids = fields.Many2many("debt.collection.case", string="Cases", required=True)
    file = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)
    state = fields.Selection([("choose", "Choose"), ("done", "Done")], default="choose")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "debt.collection.case" and context.get("active_ids"):
            values["case_ids"] = [fields.Command.set(context["active_ids"])]
        return values

    def _done(self, content, name):
        """The wizard again, done, offering ``content`` as the file ``name``."""
        self.write({"file": base64.b64encode(content), "file_name": name, "state": "done"})
        return form_action(self, target="new")


class DebtCollectionAgencyPlace(models.TransientModel):
    _name = "debt.collection.agency.place"
    _inherit = ["debt.collection.agency.file.wizard"]
    _description = "Place with Agency"

    company_id = fields.Many2one("res.company", compute="_compute_company_id")
    agreement_id = fields.Many2one(
        "debt.collection.agency.agreement",
        required=True,
        domain="[('company_id', '=', company_id)]",
    )

    @api.depends("case_ids")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.case_ids[:1].company_id or self.env.company

    def action_place(self):
        self.ensure_one()
        check_manager(
            self.env, self.env._("Only a Collection Manager can place cases with an agency.")
        )
        cases = self.case_ids
        cases._external_check_placeable(self.agreement_id)
        invoices = cases._external_open_invoices()
        content = cases._external_placement_zip(invoices, self.agreement_id)
        cases._external_place(self.agreement_id)
        name = "placement-{}-{}.zip".format(
            (self.agreement_id.agency_id.name or "agency").replace(" ", "_").replace("/", "-"),
            fields.Date.to_string(fields.Date.context_today(self)),
        )
        self.agreement_id._external_send_file(
            name,
            content,
            "application/zip",
            self.env._("Placement of %(count)s cases", count=len(cases)),
        )
        return self._done(content, name)


class DebtCollectionAgencyRecall(models.TransientModel):
    _name = "debt.collection.agency.recall"
    _inherit = ["debt.collection.agency.file.wizard"]
    _description = "Recall from Agency"

    invoice_ids = fields.Many2many(
        "account.move",
        string="Only These Invoices",
        domain="[('collection_case_id', 'in', case_ids),"
        " ('collection_agreement_id', '!=', False)]",
        help="Leave empty to recall the whole cases.",
    )

    def action_recall(self):
        self.ensure_one()
        check_manager(self.env, self.env._("Only a Collection Manager can recall cases."))
        cases = self.case_ids.filtered("external_agreement_id")
        if not cases:
            raise UserError(self.env._("None of these cases is placed with an agency."))
        placed = cases.invoice_ids.filtered("collection_agreement_id")
        invoices = self.invoice_ids & placed if self.invoice_ids else placed
        agreements = invoices.collection_agreement_id
        contents = {
            agreement: cases._external_recall_csv(
                invoices.filtered(lambda m, a=agreement: m.collection_agreement_id == a), agreement
            )
            for agreement in agreements
        }
        content = b"".join(contents.values())
        cases._external_recall(invoices if self.invoice_ids else None)
        name = f"recall-{fields.Date.to_string(fields.Date.context_today(self))}.csv"
        for agreement, data in contents.items():
            agreement._external_send_file(
                name, data, "text/csv", self.env._("Recall of placed debts")
            )
        return self._done(content, name)
