"""Agency mode as an option: off, in-house users see no agency menu, field or column and a
reconciliation costs nothing extra; on, everything shows."""

import importlib.util
import json
from pathlib import Path
from unittest.mock import patch

from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .agency_common import AgencyCommon
from .common import DebtCollectionCommon, company_user

GROUP = "debt_collection.group_collection_agency_mode"
AGENCY_MENUS = (
    "debt_collection.debt_collection_menu_agency",
    "debt_collection.debt_collection_mandate_menu",
    "debt_collection.debt_collection_placement_menu",
    "debt_collection.debt_collection_import_batch_menu",
    "debt_collection.debt_collection_remittance_menu",
    "debt_collection.debt_collection_remittance_line_menu",
    "debt_collection.debt_collection_creditor_statement_menu",
)
AGENCY_FIELDS = {"creditor_id", "creditor_ids", "mandate_id"}
# (model, view type): the screens an in-house consultant or manager works in
AGENCY_VIEWS = [
    ("debt.collection.case", "form"),
    ("debt.collection.case", "list"),
    ("debt.collection.case", "search"),
    ("debt.collection.recovery", "list"),
    ("debt.collection.recovery", "search"),
    ("debt.collection.strategy", "form"),
]
MOVE_AGENCY_FIELDS = ("collection_creditor_id", "collection_fee_action_id")
MIGRATION = Path(__file__).resolve().parent.parent / "migrations" / "18.0.1.3.0"


def _parent_ids(menu):
    ids = []
    while menu:
        ids.append(menu.id)
        menu = menu.parent_id
    return ids


def _view_names(env, model, view_type):
    arch = env[model].get_views([(False, view_type)])["views"][view_type]["arch"]
    tree = etree.fromstring(arch)
    return {node.get("name") for node in tree.iter("field", "filter")}


@tagged("post_install", "-at_install")
class TestAgencyModeOff(DebtCollectionCommon):
    def _visible_menus(self, user):
        """The agency menus the user reaches: visible, and so are all their parents."""
        menu_ids = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        reached = set()
        for xmlid in AGENCY_MENUS:
            menu = self.env.ref(xmlid)
            if all(menu_id in menu_ids for menu_id in _parent_ids(menu)):
                reached.add(xmlid)
        return reached

    def _agency_names_shown(self, user):
        shown = {}
        for model, view_type in AGENCY_VIEWS:
            names = _view_names(self.env(user=user), model, view_type) & (
                AGENCY_FIELDS | {"group_creditor", "in_house", "for_creditors"}
            )
            if names:
                shown[(model, view_type)] = names
        return shown

    def test_new_company_starts_with_agency_mode_off(self):
        company = self.env["res.company"].create({"name": "Ferretería Soler S.L."})
        self.assertFalse(company.collection_agency_mode)
        self.assertFalse(self.company.collection_agency_mode)

    def test_in_house_user_sees_no_agency_menu_field_or_column(self):
        for user in (self.consultant, self.manager):
            self.assertFalse(user.has_group(GROUP))
            self.assertFalse(self._visible_menus(user), user.login)
            self.assertFalse(self._agency_names_shown(user), user.login)
        fields = self.env["account.move"].with_user(self.manager).fields_get()
        for name in MOVE_AGENCY_FIELDS:
            self.assertNotIn(name, fields)

    def test_turning_agency_mode_on_shows_them(self):
        settings = self.env["res.config.settings"].with_company(self.company).create({})
        settings.collection_agency_mode = True
        settings.execute()
        self.assertTrue(self.company.collection_agency_mode)
        self.assertTrue(self.manager.has_group(GROUP))
        self.assertEqual(self._visible_menus(self.manager), set(AGENCY_MENUS))
        # a consultant sees the Agency menu with what a consultant may open under it
        self.assertEqual(
            self._visible_menus(self.consultant),
            {
                "debt_collection.debt_collection_menu_agency",
                "debt_collection.debt_collection_mandate_menu",
                "debt_collection.debt_collection_placement_menu",
            },
        )
        shown = self._agency_names_shown(self.manager)
        self.assertEqual(shown[("debt.collection.case", "form")], {"creditor_id", "mandate_id"})
        self.assertEqual(
            shown[("debt.collection.case", "search")],
            {"creditor_id", "mandate_id", "group_creditor"},
        )
        self.assertIn(("debt.collection.strategy", "form"), shown)
        fields = self.env["account.move"].with_user(self.manager).fields_get()
        for name in MOVE_AGENCY_FIELDS:
            self.assertIn(name, fields)
        # and off again (no mandate in force): hidden again
        self.company.collection_agency_mode = False
        self.assertFalse(self.manager.has_group(GROUP))
        self.assertFalse(self._visible_menus(self.manager))

    def test_group_follows_each_users_companies(self):
        """An agency and an in-house company in one database: only the agency's users."""
        agency = self.env["res.company"].create(
            {"name": "Cobros Levante S.L.", "collection_agency_mode": True}
        )
        agency_user = company_user(
            self.env, "dc_agency_consultant", "debt_collection.debt_collection_group_user", agency
        )
        portal = company_user(self.env, "dc_agency_portal", "base.group_portal", agency)
        self.assertTrue(agency_user.has_group(GROUP))
        self.assertFalse(portal.has_group(GROUP))
        self.assertFalse(self.consultant.has_group(GROUP))
        self.assertTrue(self._visible_menus(agency_user))
        self.assertFalse(self._visible_menus(self.consultant))
        # the in-house consultant given the agency too works for it
        self.consultant.company_ids = [Command.link(agency.id)]
        self.assertTrue(self.consultant.has_group(GROUP))
        self.consultant.company_ids = [Command.unlink(agency.id)]
        self.assertFalse(self.consultant.has_group(GROUP))
        # the group follows the companies, not a hand-made assignment
        self.consultant.groups_id = [Command.link(self.env.ref(GROUP).id)]
        self.assertFalse(self.consultant.has_group(GROUP))

    def test_reconciliation_with_agency_mode_off_does_no_placement_search(self):
        invoice = self.init_invoice("out_invoice", partner=self.debtor, amounts=[100.0], post=True)
        Line = self.registry["debt.collection.remittance.line"]
        Placement = self.registry["debt.collection.placement"]
        with (
            patch.object(Line, "_record_collections", autospec=True) as record,
            patch.object(Line, "_record_reversals", autospec=True) as reverse,
            patch.object(Placement, "_search", autospec=True) as search,
        ):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})._create_payments()
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
            invoice.line_ids.remove_move_reconcile()
        record.assert_not_called()
        reverse.assert_not_called()
        search.assert_not_called()
        self.assertEqual(invoice.collection_document_name, invoice.name)

    def test_reconciliation_with_agency_mode_on_records_collections(self):
        self.company.collection_agency_mode = True
        invoice = self.init_invoice("out_invoice", partner=self.debtor, amounts=[100.0], post=True)
        Line = self.registry["debt.collection.remittance.line"]
        with patch.object(Line, "_record_collections", autospec=True, return_value=None) as record:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})._create_payments()
        record.assert_called_once()
        self.assertEqual(record.call_args.args[1].company_id, self.company)


@tagged("post_install", "-at_install")
class TestAgencyModeAgency(AgencyCommon):
    def test_agency_with_mandates_has_agency_mode_and_its_users_the_group(self):
        self.assertTrue(self.company.collection_agency_mode)
        for user in (self.consultant, self.consultant2, self.manager):
            self.assertTrue(user.has_group(GROUP), user.login)

    def test_agency_mode_stays_on_while_a_mandate_is_in_force(self):
        with self.assertRaises(UserError):
            self.company.collection_agency_mode = False
        self.assertTrue(self.company.collection_agency_mode)

    def test_migration_turns_agency_mode_on_where_mandates_exist(self):
        in_house = self.env["res.company"].create({"name": "Ferretería Soler S.L."})
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_company SET collection_agency_mode = FALSE WHERE id = %s",
                self.company.id,
            )
        )
        self.company.invalidate_recordset(["collection_agency_mode"])
        spec = importlib.util.spec_from_file_location(
            "dc_migration_agency_mode", MIGRATION / "post-agency-mode.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.2.0")
        self.company.invalidate_recordset(["collection_agency_mode"])
        self.assertTrue(self.company.collection_agency_mode)
        self.assertFalse(in_house.collection_agency_mode)
        self.assertTrue(self.consultant.has_group(GROUP))


@tagged("post_install", "-at_install")
class TestAgencyModeMenusLoaded(HttpCase):
    """The menus the web client loads on login: the Agency menu only at the agency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        in_house = cls.env["res.company"].create({"name": "Suministros Soler S.L."})
        agency = cls.env["res.company"].create(
            {"name": "Cobros Levante S.L.", "collection_agency_mode": True}
        )
        cls.users = {
            company: company_user(
                cls.env, login, "debt_collection.debt_collection_group_manager", company
            )
            for login, company in (("dc_house_mgr", in_house), ("dc_agency_mgr", agency))
        }
        cls.in_house, cls.agency = in_house, agency

    def _loaded_menus(self, user):
        self.authenticate(user.login, user.login)
        response = self.url_open("/web/webclient/load_menus/agency-mode")
        self.assertEqual(response.status_code, 200)
        menus = json.loads(response.content)
        # what the client shows: the menus reached from the root through their children
        reached, todo = set(), list(menus["root"]["children"])
        while todo:
            menu = menus[str(todo.pop())]
            reached.add(menu["xmlid"])
            todo += menu["children"]
        return reached

    def test_agency_menu_loads_for_the_agency_only(self):
        self.assertFalse(set(AGENCY_MENUS) & self._loaded_menus(self.users[self.in_house]))
        self.assertLessEqual(set(AGENCY_MENUS), self._loaded_menus(self.users[self.agency]))
