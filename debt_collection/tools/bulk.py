"""Set-based writes for the nightly run: one statement for a batch of records.

The ORM's ``create`` and ``write`` spend most of a cold run in per-record Python (defaults,
cache, dependency walks). These helpers write a whole batch in one statement and then restore,
explicitly, what the ORM would have done: access rights and record rules, defaults, the
magic columns, stored computed fields and every field depending on the values written,
Python constraints and company consistency. They take plain column values only (no x2many,
no translated or inverse fields): what the engine writes. ``test_bulk_writes`` compares their
records with the ORM's.
"""

from odoo import models
from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tools import SQL

INSERT_PAGE = 1000


def bulk_writable(model, fnames):
    """Whether these fields can be written by ``bulk_create`` and ``bulk_update``."""
    for fname in fnames:
        field = model._fields.get(fname)
        if (
            not field
            or not field.store
            or not field.column_type
            or field.translate
            or field.inverse
            or field.company_dependent
        ):
            return False
    return True


def _check_columns(model, fnames):
    if not bulk_writable(model, fnames):
        raise ValueError(f"{model._name}: {sorted(fnames)} cannot be written in bulk")


def bulk_create(model, vals_list):
    """Create the records of ``vals_list`` with one INSERT per thousand rows; returns them."""
    if not vals_list:
        return model.browse()
    model.check_access("create")
    given = sorted({fname for vals in vals_list for fname in vals})
    _check_columns(model, given)
    # defaults are read once for the batch: those of these models do not depend on the record
    missing = [
        name
        for name, field in model._fields.items()
        if field.store
        and field.column_type
        and name not in given
        and name not in LOG_ACCESS_COLUMNS
        and name != "id"
        and not field.compute
    ]
    defaults = {
        name: value for name, value in model.default_get(missing).items() if value is not None
    }
    _check_columns(model, defaults)
    fnames = given + sorted(defaults)
    now = model.env.cr.now()
    uid = model.env.uid
    rows = []
    for vals in vals_list:
        row = []
        for fname in fnames:
            field = model._fields[fname]
            value = vals[fname] if fname in vals else defaults.get(fname)
            row.append(field.convert_to_column_insert(value, model, vals))
        rows.append((*row, uid, now, uid, now))
    columns = SQL(", ").join(map(SQL.identifier, fnames + list(LOG_ACCESS_COLUMNS)))
    ids = []
    for start in range(0, len(rows), INSERT_PAGE):
        # each row a tuple, which psycopg2 writes as "(v1, v2, ...)", as the ORM's own _create
        model.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) VALUES %s RETURNING id",
                SQL.identifier(model._table),
                columns,
                SQL(", ").join(rows[start : start + INSERT_PAGE]),
            )
        )
        ids += [row[0] for row in model.env.cr.fetchall()]
    records = model.browse(ids)
    if hasattr(records, "_track_discard"):
        # as mail.thread's create: a new record's tracked fields, computed later, are not
        # changes to report in its chatter
        records._track_discard()
    _restore_orm(records, fnames, create=True)
    return records


def bulk_update(model, ids, vals_by_id):
    """Write on each record of ``ids`` its own values (``vals_by_id[id]``, the same field names
    for all) in one UPDATE per thousand rows."""
    if not ids:
        return
    records = model.browse(ids)
    records.check_access("write")
    fnames = sorted(vals_by_id[ids[0]])
    _check_columns(model, fnames)
    # what is pending on these fields is written first, so that ours comes last
    records.flush_recordset(fnames)
    # as write does: what depends on the old values (inverse one2many, related) is told first
    records.modified(fnames, before=True)
    # the values come as untyped literals (a NULL is text): each is cast to its column's type
    assignments = SQL(", ").join(
        SQL(
            "%s = v.%s::%s",
            SQL.identifier(fname),
            SQL.identifier(fname),
            # the column type the field declares (Odoo's own create_column takes it so too)
            SQL(model._fields[fname].column_type[1]),
        )
        for fname in fnames
    )
    names = SQL(", ").join(map(SQL.identifier, fnames))
    for start in range(0, len(ids), INSERT_PAGE):
        rows = [
            (
                record_id,
                *(
                    model._fields[fname].convert_to_column_insert(
                        vals_by_id[record_id][fname], model, vals_by_id[record_id]
                    )
                    for fname in fnames
                ),
            )
            for record_id in ids[start : start + INSERT_PAGE]
        ]
        model.env.cr.execute(
            SQL(
                """
                UPDATE %(table)s t SET %(assignments)s, write_uid = %(uid)s, write_date = %(now)s
                  FROM (VALUES %(rows)s) AS v(id, %(names)s)
                 WHERE t.id = v.id
                """,
                table=SQL.identifier(model._table),
                assignments=assignments,
                uid=model.env.uid,
                now=model.env.cr.now(),
                rows=SQL(", ").join(rows),
                names=names,
            )
        )
    records.invalidate_recordset(fnames + ["write_uid", "write_date"])
    _restore_orm(records, fnames, create=False)


def _restore_orm(records, fnames, create):
    """What the ORM does after writing these fields: dependent fields recomputed, stored
    computed fields of new records computed, constraints checked, record rules and company
    consistency enforced."""
    if create:
        for field in records._fields.values():
            if field.store and field.compute and field.name not in fnames:
                records.env.add_to_compute(field, records)
    records.modified(fnames, create=create)
    records._validate_fields(fnames)
    records.check_access("create" if create else "write")
    if records._check_company_auto:
        _check_company(records, fnames)


def _check_company(records, fnames):
    """``_check_company`` in one query per field: the ORM's check runs, and raises its own
    error, on the records this query finds suspect (a value of another company than the
    record's), and on the fields the query cannot judge. The ORM's check alone took a third of
    a cold run (one ``filtered_domain`` per record and field)."""
    names = records._fields if "company_id" in fnames else fnames
    to_check, suspect_fields = [], []
    suspects = set()
    for name in names:
        field = records._fields[name]
        if not field.relational or not field.check_company:
            continue
        comodel = records.env[field.comodel_name]
        plain = (
            field.type == "many2one"
            and field.store
            and "company_id" in records._fields
            and records._fields["company_id"].store
            and "company_id" in comodel._fields
            and comodel._fields["company_id"].store
            and type(comodel)._check_company_domain is models.BaseModel._check_company_domain
        )
        if not plain:
            to_check.append(name)
            continue
        records.env.cr.execute(
            SQL(
                """
                SELECT r.id FROM %(table)s r JOIN %(cotable)s c ON c.id = r.%(column)s
                 WHERE r.id = ANY(%(ids)s) AND c.company_id IS NOT NULL
                   AND c.company_id IS DISTINCT FROM r.company_id
                """,
                table=SQL.identifier(records._table),
                cotable=SQL.identifier(comodel._table),
                column=SQL.identifier(name),
                ids=list(records.ids),
            )
        )
        found = [row[0] for row in records.env.cr.fetchall()]
        if found:
            suspects.update(found)
            suspect_fields.append(name)
    if to_check:
        records._check_company(to_check)
    if suspects:
        records.browse(sorted(suspects))._check_company(suspect_fields)
