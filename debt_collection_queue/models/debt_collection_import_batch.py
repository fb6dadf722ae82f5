"""A portfolio import's chunks placed by job workers when the company spreads its work."""

from odoo import models

from odoo.addons.queue_job.job import identity_exact


class DebtCollectionImportBatch(models.Model):
    _inherit = "debt.collection.import.batch"

    def _collection_run_parts(self):
        """Parts the import's company spreads its collection work over (0: no jobs)."""
        return self.company_id.collection_run_parts

    def _start_placing(self, chunks, keep_going=False):
        """One job per chunk on the collection channel when the company spreads its work;
        the debtors that several chunks share are made first, here."""
        self.ensure_one()
        if not chunks or self._collection_run_parts() < 1:
            return super()._start_placing(chunks, keep_going=keep_going)
        if not keep_going:
            self._import_wizard()._create_shared_debtors(self)
        for chunk in chunks:
            chunk.with_company(self.company_id).with_delay(
                description=self.env._(
                    "Place rows %(first)s to %(last)s of the import %(batch)s",
                    first=chunk.row_first,
                    last=chunk.row_last,
                    batch=self.name,
                ),
                identity_key=identity_exact,
            )._job_place()
        return len(chunks)

    def _enqueue_finish(self):
        """A job counting the import's chunks once this transaction is committed: it sees
        every chunk committed before it, so the last chunk's count finds them all."""
        for batch in self:
            batch.with_company(batch.company_id).with_delay(
                description=self.env._(
                    "Count the placed chunks of the import %(batch)s", batch=batch.name
                )
            )._job_finish()

    def _job_finish(self):
        """Job: the import done, or partly placed, once no chunk is left to place."""
        self._finish()
        return self.state
