"""A case placed with an external collection agency: out of the ladder, back on recall."""

import csv
import io
import zipfile

from odoo import api, fields, models
from odoo.exceptions import UserError

# The placement file's columns, named as our agency mode's import wizard recognises them
# (tools/portfolio_parsing.HEADER_SYNONYMS): the agency imports it with no mapping.
PLACEMENT_COLUMNS = [
    ("name", "Debtor"),
    ("vat", "Tax ID"),
    ("country", "Country"),
    ("street", "Street"),
    ("street2", "Street 2"),
    ("zip", "Zip"),
    ("city", "City"),
    ("phone", "Phone"),
    ("mobile", "Mobile"),
    ("email", "Email"),
    ("ref", "Invoice Number"),
    ("date_original", "Invoice Date"),
    ("date_due", "Due Date"),
    ("amount", "Amount Due"),
    ("currency", "Currency"),
    ("description", "Description"),
]
RECALL_COLUMNS = [("ref", "Invoice Number"), ("name", "Debtor"), ("amount", "Amount Due")]
# The placement update: what the debtors paid us directly while placed (the agency is told)
UPDATE_COLUMNS = [
    ("ref", "Invoice Number"),
    ("name", "Debtor"),
    ("direct", "Paid to the Creditor"),
    ("amount", "Amount Due"),
]


def _amount_text(invoice, amount):
    """An amount as the import reads it: a point for decimals, the currency's decimals."""
    return f"{amount:.{invoice.currency_id.decimal_places}f}"


class AccountMove(models.Model):
    _inherit = "account.move"

    collection_agreement_id = fields.Many2one(
        "debt.collection.agency.agreement",
        string="Placed with Agency",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The external agency collecting this invoice for us (the receivable stays ours).",
    )
    # kept after recall or collection: the KPIs by agency count what each agency was given
    collection_agreement_placed_id = fields.Many2one(
        "debt.collection.agency.agreement",
        string="Last Placed with Agency",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    collection_agency_amount_placed = fields.Monetary(
        string="Amount Placed with Agency",
        readonly=True,
        copy=False,
        currency_field="company_currency_id",
    )
    collection_agency_amount_told = fields.Monetary(
        string="Reported to the Agency",
        readonly=True,
        copy=False,
        currency_field="company_currency_id",
        help="Collected by the agency, or paid to us directly and already told to the agency.",
    )

    def _collection_agency_untold(self):
        """{invoice: amount} the debtor paid us directly since placement, not yet told."""
        result = {}
        for invoice in self:
            untold = invoice.company_currency_id.round(
                invoice.collection_agency_amount_placed
                - invoice.amount_residual_signed
                - invoice.collection_agency_amount_told
            )
            if invoice.company_currency_id.compare_amounts(untold, 0) > 0:
                result[invoice] = untold
        return result


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    state = fields.Selection(
        selection_add=[("agency", "Placed with Agency")],
        ondelete={"agency": lambda cases: cases.write({"state": "open"})},
    )
    external_agreement_id = fields.Many2one(
        "debt.collection.agency.agreement",
        index="btree_not_null",
        readonly=True,
        copy=False,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    external_agency_id = fields.Many2one(
        "res.partner",
        string="Collecting Agency",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The external agency collecting this case for us while it is placed.",
    )
    external_date_placed = fields.Date(string="Placed Since", readonly=True, copy=False)
    external_state_before = fields.Char(readonly=True, copy=False)

    @api.model
    def _get_hold_states(self):
        # a placed case is the agency's to work: the ladder does nothing on it
        return super()._get_hold_states() + ["agency"]

    # ------------------------------------------------------------------
    # Placing and recalling
    # ------------------------------------------------------------------

    def _external_check_placeable(self, agreement):
        for case in self:
            if case.company_id != agreement.company_id:
                raise UserError(
                    self.env._("Case %(case)s belongs to another company.", case=case.name)
                )
            if case.state == "agency":
                raise UserError(
                    self.env._(
                        "Case %(case)s is already placed with %(agency)s.",
                        case=case.name,
                        agency=case.external_agency_id.name,
                    )
                )
            if case.is_closed:
                raise UserError(self.env._("Case %(case)s is closed.", case=case.name))
            if not case._external_open_invoices():
                raise UserError(
                    self.env._("Case %(case)s has nothing left to collect.", case=case.name)
                )

    def _external_open_invoices(self):
        return self.invoice_ids.filtered(
            lambda m: m.state == "posted" and m.payment_state in ("not_paid", "partial")
        )

    def _external_place(self, agreement, date=None):
        """Hand the cases to the agency: out of the ladder, their open invoices marked."""
        self.check_access("write")
        self._external_check_placeable(agreement)
        date = date or fields.Date.context_today(self)
        for case in self:
            for invoice in case._external_open_invoices().sudo():
                invoice.write(
                    {
                        "collection_agreement_id": agreement.id,
                        "collection_agreement_placed_id": agreement.id,
                        "collection_agency_amount_placed": invoice.amount_residual_signed,
                    }
                )
            case.write(
                {
                    "external_state_before": case.state,
                    "state": "agency",
                    "external_agreement_id": agreement.id,
                    "external_agency_id": agreement.agency_id.id,
                    "external_date_placed": date,
                }
            )
        self.env["debt.collection.action"]._log(
            [
                {
                    "case_id": case.id,
                    "channel": "manual",
                    "result": "note",
                    "note": self.env._("Placed with %(agency)s.", agency=agreement.agency_id.name),
                }
                for case in self
            ]
        )

    def _external_place_from_ladder(self, agreement):
        """The ladder's agency step: the placement file made and sent as the wizard would."""
        self.ensure_one()
        invoices = self._external_open_invoices()
        self._external_check_placeable(agreement)
        content = self._external_placement_zip(invoices, agreement)
        self._external_place(agreement)
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"placement-{self.name.replace('/', '-')}.zip",
                "raw": content,
                "res_model": agreement._name,
                "res_id": agreement.id,
                "mimetype": "application/zip",
            }
        )
        agreement._external_send(attachment, self.env._("Placement of %(count)s cases", count=1))

    def _external_recall(self, invoices=None):
        """Take the cases (or some of their invoices) back: the ladder resumes where it was."""
        self.check_access("write")
        done = self.env["debt.collection.case"]
        for case in self:
            placed = case.invoice_ids.filtered("collection_agreement_id")
            recalled = placed & invoices if invoices is not None else placed
            recalled.sudo().collection_agreement_id = False
            if recalled == placed and case.state == "agency":
                case.write(
                    {
                        "state": case.external_state_before or "open",
                        "external_agreement_id": False,
                        "external_agency_id": False,
                        "external_date_placed": False,
                        "external_state_before": False,
                    }
                )
                done |= case
        if self:
            self.env["debt.collection.action"]._log(
                [
                    {
                        "case_id": case.id,
                        "channel": "manual",
                        "result": "note",
                        "note": self.env._("Recalled from the agency."),
                    }
                    for case in self
                ]
            )
        return done

    def _external_after_collection(self):
        """Invoices the agency collected in full are no longer placed; a case collected in
        full closes as paid."""
        for case in self:
            paid = case.invoice_ids.filtered(
                lambda m: (
                    m.collection_agreement_id and m.payment_state not in ("not_paid", "partial")
                )
            )
            paid.sudo().collection_agreement_id = False
            if case.state == "agency" and not case.invoice_ids.filtered("collection_agreement_id"):
                case.write({"external_state_before": False})
                case._close("paid", "paid")

    # ------------------------------------------------------------------
    # Files for the agency
    # ------------------------------------------------------------------

    def _external_history(self):
        """The case's history in short for the agency: last steps, promises, disputes."""
        self.ensure_one()
        env = self.env
        parts = []
        results = dict(
            self.env["debt.collection.action"]._fields["result"]._description_selection(env)
        )
        channels = dict(
            self.env["debt.collection.action"]._fields["channel"]._description_selection(env)
        )
        steps = self.action_ids.sorted("date", reverse=True)[:5]
        if steps:
            summary = "; ".join(
                "{} {} ({})".format(
                    fields.Date.to_string(step.date.date()),
                    channels.get(step.channel, ""),
                    results.get(step.result, ""),
                )
                for step in steps
            )
            parts.append(env._("Steps: %(steps)s", steps=summary))
        promises = self.promise_ids.sorted("date_promised", reverse=True)[:3]
        if promises:
            states = dict(promises._fields["state"]._description_selection(env))
            summary = "; ".join(
                "{} {:.2f} ({})".format(
                    fields.Date.to_string(p.date_promised), p.amount, states.get(p.state, "")
                )
                for p in promises
            )
            parts.append(env._("Promises: %(promises)s", promises=summary))
        if any(self.invoice_ids.mapped("collection_disputed")):
            parts.append(env._("Disputed"))
        return " | ".join(parts)

    def _external_placement_rows(self, invoices):
        rows = []
        for case in self:
            history = case._external_history()
            for invoice in invoices.filtered(lambda m, c=case: m.collection_case_id == c):
                partner = invoice.partner_id.commercial_partner_id
                rows.append(
                    {
                        "name": partner.name or "",
                        "vat": partner.vat or "",
                        "country": partner.country_id.code or "",
                        "street": partner.street or "",
                        "street2": partner.street2 or "",
                        "zip": partner.zip or "",
                        "city": partner.city or "",
                        "phone": partner.phone or "",
                        "mobile": partner.mobile or "",
                        "email": partner.email or "",
                        "ref": invoice.name,
                        "date_original": fields.Date.to_string(invoice.invoice_date) or "",
                        "date_due": fields.Date.to_string(invoice.invoice_date_due) or "",
                        "amount": _amount_text(invoice, invoice.amount_residual),
                        "currency": invoice.currency_id.name,
                        "description": history,
                    }
                )
        return rows

    @api.model
    def _external_csv(self, columns, rows, agreement=None):
        if agreement:
            columns = agreement._profile_columns(columns)
        return self._external_csv_raw(columns, rows)

    @api.model
    def _external_csv_raw(self, columns, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([title for _key, title in columns])
        for row in rows:
            writer.writerow([row.get(key, "") for key, _title in columns])
        return buffer.getvalue().encode("utf-8")

    def _external_placement_zip(self, invoices, agreement):
        """The placement file and the letters and notices already sent, as one ZIP."""
        # the letters below are read past the rules: only for cases the caller may read
        self.check_access("read")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "placement.csv",
                self._external_csv(
                    PLACEMENT_COLUMNS, self._external_placement_rows(invoices), agreement
                ),
            )
            for case in self:
                # sudo: the letters are the case's; the caller's right on it was checked
                for action in case.action_ids.sudo().filtered("attachment_id"):
                    attachment = action.attachment_id
                    folder = case.name.replace("/", "-")
                    archive.writestr(
                        f"{folder}/{attachment.id}-{attachment.name}", attachment.raw or b""
                    )
        return buffer.getvalue()

    def _external_recall_csv(self, invoices, agreement=None):
        rows = [
            {
                "ref": invoice.name,
                "name": invoice.partner_id.commercial_partner_id.name,
                "amount": _amount_text(invoice, invoice.amount_residual),
            }
            for invoice in invoices
        ]
        return self._external_csv(RECALL_COLUMNS, rows, agreement)

    def action_place_with_agency(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_agency_place_action"
        )
        action["context"] = {"active_model": self._name, "active_ids": self.ids}
        return action

    def action_recall_from_agency(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection.debt_collection_agency_recall_action"
        )
        action["context"] = {"active_model": self._name, "active_ids": self.ids}
        return action
