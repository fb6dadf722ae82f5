"""A portal user cannot write any model of the suite over JSON-RPC (AC-4, AC-6)."""

from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import DebtCollectionPortalCommon

SUITE = ("debt_collection", "debt_collection_portal", "debt_collection_legal")


@tagged("post_install", "-at_install", "dc_security")
class TestPortalRpc(DebtCollectionPortalCommon, HttpCase):
    def _call(self, model, method, args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": {}},
        )

    def test_portal_user_writes_no_model_of_the_suite(self):
        models = self.env["ir.model.data"].search(
            [("module", "in", SUITE), ("model", "=", "ir.model")]
        )
        names = self.env["ir.model"].browse(models.mapped("res_id")).mapped("model")
        names = [name for name in names if not self.env[name]._abstract]
        self.assertIn("debt.collection.case", names)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        for name in names:
            with self.subTest(model=name), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException):
                    self._call(name, "create", [{}])
                with self.assertRaises(JsonRpcException):
                    self._call(name, "write", [[1], {"display_name": "x"}])
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._call("debt.collection.case", "write", [[self.case.id], {"state": "paid"}])
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._call(
                "debt.collection.case",
                "_portal_register_promise",
                [[self.case.id], 1, "2099-01-01"],
            )
        self.assertEqual(self.case.state, "open")
        self.assertFalse(self.case.promise_ids)

    def test_debtor_reads_over_rpc_only_what_the_page_shows(self):
        self.case.sudo().write({"note": "<p>Evasive on the phone; owns two flats</p>"})
        self.authenticate(self.portal_user.login, self.portal_user.login)
        [own] = self._call(
            "debt.collection.case", "read", [[self.case.id], ["name", "amount_residual"]]
        )
        self.assertEqual(own["name"], self.case.name)
        for internal in ("note", "user_id", "strategy_id", "hold_reason"):
            with (
                self.subTest(field=internal),
                mute_logger("odoo.http"),
                self.assertRaises(JsonRpcException),
            ):
                self._call("debt.collection.case", "read", [[self.case.id], [internal]])
        # asking for every field returns only the readable ones
        [everything] = self._call("debt.collection.case", "read", [[self.case.id]])
        self.assertNotIn("note", everything)
        self.assertNotIn("Evasive", str(everything))
        self.assertIn("amount_residual", everything)
