"""A case's court claims: the Prepare Claim button once extrajudicial collection ended."""

from odoo import api, fields, models
from odoo.exceptions import UserError

OPEN_CLAIM_STATES = ("draft", "ready")


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    claim_ids = fields.One2many("debt.collection.claim", "case_id", string="Court Claims")
    claim_count = fields.Integer(compute="_compute_claim_count")

    @api.depends("claim_ids")
    def _compute_claim_count(self):
        for case in self:
            case.claim_count = len(case.claim_ids)

    def action_prepare_claim(self):
        """The claim ready to file (one open claim per case), shown with its cost-benefit."""
        self.ensure_one()
        claim = self._legal_prepare_claim()
        return claim._get_records_action(name=self.env._("Court Claim"))

    def action_view_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_collection_legal.debt_collection_claim_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _legal_prepare_claim(self):
        """A draft claim of a case whose extrajudicial collection ended: a legal notice was
        delivered and its deadline passed (the hand-off's own conditions), or the case was
        already handed to court and its proceeding is still being prepared."""
        self.ensure_one()
        Claim = self.env["debt.collection.claim"]
        Claim.browse()._check_claim_user()
        self.check_access("write")
        existing = self.claim_ids.filtered(lambda c: c.state in OPEN_CLAIM_STATES)[:1]
        if existing:
            return existing
        if self.state == "court":
            if not self.proceeding_ids.filtered(lambda p: p.state == "preparing"):
                raise UserError(self.env._("The claim of this case was already filed in court."))
        else:
            self._legal_check_hand_off()
        claim = Claim.create(Claim._prepare_values(self))
        claim._refresh_lines()
        claim._refresh_documents()
        if not claim.line_ids:
            raise UserError(self.env._("%(case)s has no unpaid invoice to claim.", case=self.name))
        self.message_post(
            body=self._collection_reader_env()._(
                "Court claim %(name)s prepared.", name=claim.name
            ),
            subtype_xmlid="mail.mt_note",
        )
        return claim
