"""Cases written in bulk by the run, routed through write() where an override watches a field."""

from collections import defaultdict

from odoo import models

from ..tools.bulk import bulk_update


class DebtCollectionCase(models.Model):
    _inherit = "debt.collection.case"

    def _collection_write_watched_fields(self, fnames):
        """The fields among ``fnames`` that an override of ``write()`` reacts to.

        ``bulk_update`` writes columns in one statement and does not call ``write()``: an
        override that reacts to a field (here: a step that changes ends the wait for the
        debtor's hours, unless the hold is written too; the debtor's link is renewed when who
        it concerns changes or the case closes) would be bypassed. Every ``write()`` override
        of the case declares its fields here (call ``super()``); ``_collection_bulk_write``
        sends the writes of such fields through ``write()``.
        """
        watched = {"partner_id", "creditor_id", "company_id", "state"}
        if "hold_until" not in fnames:
            watched |= {"next_stage_id", "next_action_date"}
        return watched & set(fnames)

    def _collection_bulk_write(self, vals_by_id):
        """Write on each case of ``vals_by_id`` ({case id: values}, the same field names for
        all) its own values: in one UPDATE per thousand cases (``bulk_update``) when no
        ``write()`` override watches these fields, else through ``write()``, once per distinct
        set of values, so that no override is skipped."""
        if not vals_by_id:
            return
        ids = list(vals_by_id)
        fnames = set(vals_by_id[ids[0]])
        if not self._collection_write_watched_fields(fnames):
            bulk_update(self, ids, vals_by_id)
            return
        by_vals = defaultdict(list)
        for case_id, vals in vals_by_id.items():
            by_vals[tuple(sorted(vals.items()))].append(case_id)
        for items, case_ids in by_vals.items():
            self.browse(case_ids).write(dict(items))
