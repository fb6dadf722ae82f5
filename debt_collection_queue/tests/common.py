"""Test fixture: the collection test company, with the jobs' own cursors on the test's one."""

from odoo.tests import common as odoo_common

from odoo.addons.debt_collection.tests.common import DebtCollectionCommon

# queue_job 18.0.4.x's test helpers register themselves in ``SETATTR_SOURCES``, which Odoo 18
# builds before mid-2025 do not have: an empty registry for them to add to
if not hasattr(odoo_common, "SETATTR_SOURCES"):
    odoo_common.SETATTR_SOURCES = {}

from odoo.addons.queue_job.tests.common import trap_jobs

__all__ = ["MANAGER_GROUPS", "CollectionQueueCommon", "trap_jobs"]

# a Collection Manager as a real administrator makes one: with Accounting's and Contacts' groups,
# and not queue_job's (the jobs' menu is the administrators')
MANAGER_GROUPS = (
    "debt_collection.debt_collection_group_manager,account.group_account_readonly,"
    "account.group_account_invoice,base.group_partner_manager"
)


class CollectionQueueCommon(DebtCollectionCommon):
    """The run's jobs are allowed to commit, so queue_job performs them on a cursor of their
    own (``registry.cursor()``): in test mode, Odoo's test cursor over this test's transaction,
    on which the run does not commit (``_commits``)."""

    def setUp(self):
        super().setUp()
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)
        self.root = self.env.ref("base.user_root")
        self.Run = self.env["debt.collection.run"].with_user(self.root)

    def _company_actions(self, **domain):
        self.env.invalidate_all()
        return self.env["debt.collection.action"].search(
            [("company_id", "=", self.company.id)]
            + [(field, "=", value) for field, value in domain.items()]
        )
