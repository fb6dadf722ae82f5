"""The company's split of its nightly run into jobs of OCA's queue_job."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# one job per part: more parts than job workers only queue up
MAX_RUN_PARTS = 64


class ResCompany(models.Model):
    _inherit = "res.company"

    collection_run_parts = fields.Integer(
        string="Parts of the Nightly Run",
        default=0,
        help="0: the run, its letters and the imports run in Odoo's crons, as without "
        "queue_job. 1 or more: the run is enqueued as this many jobs on the root.collection "
        "channel, and the letters as one job per batch.",
    )

    @api.constrains("collection_run_parts")
    def _check_collection_run_parts(self):
        for company in self:
            if not 0 <= company.collection_run_parts <= MAX_RUN_PARTS:
                raise ValidationError(
                    self.env._(
                        "The parts of the nightly run must be between 0 and %(max)s.",
                        max=MAX_RUN_PARTS,
                    )
                )
