"""One chunk of a portfolio import placed as a job: retried, then failed for good with why."""

import random
import re

from psycopg2 import OperationalError

from odoo import models
from odoo.tools import SQL

from odoo.addons.debt_collection.wizards.debt_collection_import_matching import DebtorMakingBusy
from odoo.addons.queue_job.exception import RetryableJobError

# seconds a chunk waits, at random between these, while another import makes the company's
# debtors (two chunks refused together are not retried together)
BUSY_WAIT = (5, 20)
# queue_job's words before the last error of a job out of retries (English, for developers)
RETRIES_PREFIX = re.compile(r"^Max\. retries \(\d+\) reached: ")


class DebtCollectionImportChunk(models.Model):
    _inherit = "debt.collection.import.chunk"

    def _job_place(self):
        """Job: place the chunk, then count the import's chunks in a job of its own. Any error
        is retried (the retry pattern of ``debt_collection_import_job_data.xml``); after the
        last retry, queue_job calls ``_job_failed``."""
        try:
            # the chunks of imports make their own debtors side by side (the lock shared)
            self.with_context(debt_collection_import_job=True)._place()
        except (OperationalError, RetryableJobError):
            # serialization failures and lock timeouts: queue_job retries them itself
            raise
        except DebtorMakingBusy as busy:
            # another import makes the company's debtors: wait for it, without spending a retry
            raise RetryableJobError(
                str(busy), seconds=random.randint(*BUSY_WAIT), ignore_retry=True
            ) from busy
        except Exception as error:
            raise RetryableJobError(str(error)) from error
        self.batch_id._enqueue_finish()
        return self.env._("%(count)s debts placed", count=self.placed_count)

    def _job_failed(self, exc_info=None, exc_name=None, exc_message=None, **_kwargs):
        """queue_job's hook when the job failed for good (in a transaction of its own): the
        chunk is failed, with the reason, and the import is counted. The failed job's own
        transaction is still open: never wait long on a row it may hold."""
        self.env.cr.execute(SQL("SET LOCAL lock_timeout = '10s'"))
        # the manager reads the cause itself, in the words it was given (often translated)
        self._mark_failed(RETRIES_PREFIX.sub("", exc_message or "") or exc_name)
        self.batch_id._enqueue_finish()
