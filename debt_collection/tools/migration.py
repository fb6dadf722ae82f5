"""Helpers of the migration scripts (and of the legal addon's install hook), kept here so
that tests can call them on a crafted database state."""

import logging

from lxml import etree

from odoo.tools import SQL, file_path

_logger = logging.getLogger(__name__)

# Consultants' record rules that agency mode narrowed to the mandates they work (AC-3). They
# are noupdate data: a database installed before agency mode keeps the old domains, since an
# update never rewrites noupdate records.
CONSULTANT_RULES = (
    "debt_collection_case_rule_user",
    "debt_collection_action_rule_user",
    "debt_collection_promise_rule_user",
    "debt_collection_plan_rule_user",
    "debt_collection_plan_line_rule_user",
    "debt_collection_recovery_rule_user",
    "account_move_rule_collection_user",
)

# Records the core module shipped before the legal notice moved to debt_collection_legal
LEGACY_LEGAL_RECORDS = (
    ("debt_collection_stage_standard_legal", "debt.collection.stage"),
    ("debt_collection_stage_business_legal", "debt.collection.stage"),
    ("mail_activity_type_collection_legal", "mail.activity.type"),
)


def refresh_consultant_rules(
    env,
    names=CONSULTANT_RULES,
    module="debt_collection",
    security_file="security/debt_collection_security.xml",
):
    """Give the consultants' rules the domains of the module's security file where they lack
    the mandate condition (a module update never rewrites noupdate records). Returns the
    names of the rules rewritten."""
    path = file_path(f"{module}/{security_file}")
    tree = etree.parse(path)
    rewritten = []
    for name in names:
        node = tree.find(f".//record[@id='{name}']/field[@name='domain_force']")
        rule = env.ref(f"{module}.{name}", raise_if_not_found=False)
        if node is None or not rule:
            continue
        if "mandate_id" not in (rule.domain_force or ""):
            rule.domain_force = node.text.strip()
            rewritten.append(name)
    if rewritten:
        _logger.info("Consultant rules narrowed to their mandates: %s", ", ".join(rewritten))
    return rewritten


def legal_installed(cr):
    cr.execute(
        SQL(
            """
            SELECT 1 FROM ir_module_module
             WHERE name = 'debt_collection_legal'
               AND state IN ('installed', 'to upgrade', 'to install')
            """
        )
    )
    return bool(cr.fetchone())


def adopt_legacy_legal_records(cr, records=LEGACY_LEGAL_RECORDS):
    """Give core's old legal stages and activity type to debt_collection_legal.

    Where the legal addon has no record of that name yet, the old record becomes its own (its
    data then finds it and creates no second one). Where it has one already (an upgrade that
    ran before this fix), every reference to the old record moves to the legal addon's and the
    old one is deleted: otherwise each ladder has two legal steps and takes both.
    Returns {name: "adopted" | "merged"}.
    """
    done = {}
    for name, model in records:
        cr.execute(
            SQL(
                "SELECT id, res_id FROM ir_model_data"
                " WHERE module = 'debt_collection' AND name = %s",
                name,
            )
        )
        old = cr.fetchone()
        if not old:
            continue
        cr.execute(
            SQL(
                "SELECT res_id FROM ir_model_data"
                " WHERE module = 'debt_collection_legal' AND name = %s",
                name,
            )
        )
        new = cr.fetchone()
        if not new:
            cr.execute(
                SQL(
                    "UPDATE ir_model_data SET module = 'debt_collection_legal' WHERE id = %s",
                    old[0],
                )
            )
            done[name] = "adopted"
            continue
        if new[0] != old[1]:
            _repoint_many2one(cr, model, old[1], new[0])
            cr.execute(SQL("DELETE FROM %s WHERE id = %s", SQL.identifier(_table(model)), old[1]))
        cr.execute(SQL("DELETE FROM ir_model_data WHERE id = %s", old[0]))
        done[name] = "merged"
    return done


def _table(model):
    return model.replace(".", "_")


def _repoint_many2one(cr, model, old_id, new_id):
    """Every stored many2one to ``model`` pointing at ``old_id`` now points at ``new_id``
    (table and column names come from ir_model_fields, never from input)."""
    cr.execute(
        SQL(
            """
            SELECT f.model, f.name FROM ir_model_fields f
             WHERE f.ttype = 'many2one' AND f.relation = %s AND f.store
            """,
            model,
        )
    )
    for owner, column in cr.fetchall():
        table = _table(owner)
        cr.execute(
            SQL(
                "SELECT 1 FROM information_schema.columns"
                " WHERE table_name = %s AND column_name = %s",
                table,
                column,
            )
        )
        if cr.fetchone():
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE %s = %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    new_id,
                    SQL.identifier(column),
                    old_id,
                )
            )
