"""The query plans of an idle run: what a daily run reads when nothing changed.

    python bench/explain.py -d DB [--min-ms 5] [--clock 10:00]

Runs the collection run on DB (a benchmark database after its cold run) inside a transaction
that is rolled back, records every SELECT it sends over the portfolio's tables, then prints
the ``EXPLAIN (ANALYZE, COSTS OFF)`` of each one that took at least ``--min-ms``, with the
number of rows it read: the plans bench/README.md and README.md quote.
"""

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench

TABLES = re.compile(
    r"\b(debt_collection_case|account_move|account_move_line|debt_collection_\w+)\b"
)


def record_run_selects(cr, keep):
    """Run the collection run on ``cr`` (not committed: the caller rolls back) and record the
    SELECTs it sends whose text ``keep`` accepts: (seconds of the run, [(ms, text, params)])."""
    import odoo

    seen = []
    execute = odoo.sql_db.Cursor.execute

    def recording(cursor, query, params=None, log_exceptions=True):
        begin = time.perf_counter()
        result = execute(cursor, query, params, log_exceptions)
        spent = (time.perf_counter() - begin) * 1000
        if isinstance(query, odoo.tools.SQL):
            query, params = query.code, query.params
        text = " ".join(str(query).split())
        if text.upper().startswith(("SELECT", "WITH")) and keep(text):
            seen.append((spent, text, params))
        return result

    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    odoo.sql_db.Cursor.execute = recording
    begin = time.perf_counter()
    try:
        env["debt.collection.run"]._cron_run()
        env.flush_all()
    finally:
        odoo.sql_db.Cursor.execute = execute
    return time.perf_counter() - begin, seen


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-d", "--db", required=True)
    parser.add_argument("--min-ms", type=float, default=5.0)
    parser.add_argument("--clock", default="10:00")
    args = parser.parse_args()

    registry = bench.open_registry(args.db, args.clock)
    with registry.cursor() as cr:
        _seconds, seen = record_run_selects(cr, lambda text: TABLES.search(text))
        print(f"{len(seen)} SELECTs over the portfolio, {sum(s for s, _t, _p in seen):.0f} ms")
        for spent, text, params in seen:
            if spent < args.min_ms:
                continue
            print(f"\n-- {spent:.1f} ms: {text[:300]}")
            cr.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {text}", params)
            for (line,) in cr.fetchall():
                print(f"   {line}")
        cr.rollback()


if __name__ == "__main__":
    sys.exit(main())
