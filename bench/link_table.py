"""The link between cases and invoices: a column of ``account_move`` (today) or a narrow table.

    python bench/link_table.py -d DB [--pairs 50000] [--batch 5000] [--rounds 2] [--clock 10:00]

DB is a benchmark database after its cold run (``bench/run.py`` keeps ``<prefix>ours_<size>``),
so that its invoices are linked to their cases. Everything happens in transactions that are
rolled back: the database is left as it was. It measures, on the same rows and in turn
(``--rounds`` times, so that neither variant is the only one to find the pages cached):

- **the cold run's link**, ``--pairs`` invoices linked to a case in statements of ``--batch``,
  as the intake does (``debt.collection.intake._link_invoices``): debtors in order, their
  invoices in order within a statement:
  - today: ``UPDATE account_move SET collection_case_id`` (each invoice given another real
    case, so that the indexed column changes, as it does from NULL when a case opens);
  - narrow: ``INSERT`` into a table (invoice primary key, case indexed, both foreign keys), filled
    beforehand with the database's other links;
- **the idle run's reads of the invoices in no case**: every SELECT of an idle run (recorded
  from a real run, rolled back) that reads ``collection_case_id IS NULL``, timed as it is
  (through the partial indexes of ``account_move``) and rewritten for the narrow table
  (``NOT EXISTS`` in the link table, through a partial index of the open invoices without the
  link in its condition, as the narrow table would need).

The per-invoice figures and the idle reads are what bench/README.md compares at 100,000 and
1,000,000 invoices before deciding where the link lives.
"""

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench
from explain import record_run_selects

NARROW = "bench_case_invoice_link"
IN_NO_CASE = re.compile(r"\b(\w+)\.collection_case_id IS NULL\b")
OPEN_INVOICES_INDEX = "bench_open_invoice_due_idx"


def record_idle_reads(registry):
    """The idle run's SELECTs that read the invoices in no case: (ms, text, params)."""
    with registry.cursor() as cr:
        idle, seen = record_run_selects(cr, IN_NO_CASE.search)
        cr.rollback()
    return idle, seen


def timed(cr, query, params=None):
    begin = time.perf_counter()
    cr.execute(query, params)
    return time.perf_counter() - begin


def link_batches(cr, pairs_count, batch):
    """(case, invoice) pairs to link, as the intake links them; each invoice is given the case
    of the next debtor's invoice (a real case other than its own)."""
    cr.execute(
        """
        SELECT id, collection_case_id FROM account_move
         WHERE collection_case_id IS NOT NULL
         ORDER BY commercial_partner_id, id
         LIMIT %s
        """,
        (pairs_count,),
    )
    rows = cr.fetchall()
    cases = [case for _id, case in rows]
    others = cases[1:] + cases[:1]
    pairs = [(other, move) for (move, _case), other in zip(rows, others, strict=True)]
    return [
        sorted(pairs[start : start + batch], key=lambda pair: pair[1])
        for start in range(0, len(pairs), batch)
    ]


def link_today(cr, batches):
    spent = 0.0
    for pairs in batches:
        spent += timed(
            cr,
            """
            UPDATE account_move m SET collection_case_id = v.case_id
              FROM (SELECT unnest(%s::int[]) AS case_id, unnest(%s::int[]) AS move_id) v
             WHERE m.id = v.move_id
            """,
            ([p[0] for p in pairs], [p[1] for p in pairs]),
        )
    return spent


def make_narrow_table(cr, measured_moves):
    """The narrow link table, holding every link of the database but the measured ones."""
    cr.execute(
        f"""
        CREATE TABLE {NARROW} (
            move_id integer PRIMARY KEY REFERENCES account_move(id) ON DELETE CASCADE,
            case_id integer NOT NULL REFERENCES debt_collection_case(id) ON DELETE CASCADE
        )
        """
    )
    cr.execute(
        f"""
        INSERT INTO {NARROW} (move_id, case_id)
        SELECT m.id, m.collection_case_id FROM account_move m
         WHERE m.collection_case_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM unnest(%s::int[]) x(id) WHERE x.id = m.id)
        """,
        (measured_moves,),
    )
    cr.execute(f"CREATE INDEX ON {NARROW} (case_id)")
    # what the narrow table needs instead of the partial indexes "in no case": the open
    # invoices, linked or not
    cr.execute(
        f"""
        CREATE INDEX {OPEN_INVOICES_INDEX} ON account_move (company_id, invoice_date_due)
         WHERE move_type = 'out_invoice' AND state = 'posted'
           AND payment_state IN ('not_paid', 'partial')
        """
    )
    cr.execute(f"ANALYZE {NARROW}")
    cr.execute("ANALYZE account_move")


def link_narrow(cr, batches):
    spent = 0.0
    for pairs in batches:
        spent += timed(
            cr,
            f"""
            INSERT INTO {NARROW} (case_id, move_id)
            SELECT unnest(%s::int[]), unnest(%s::int[])
            """,
            ([p[0] for p in pairs], [p[1] for p in pairs]),
        )
    return spent


def narrow_text(text):
    return IN_NO_CASE.sub(
        lambda match: f"NOT EXISTS (SELECT 1 FROM {NARROW} l WHERE l.move_id = {match[1]}.id)",
        text,
    )


def read_times(cr, reads, rewrite=None):
    spent = []
    for _ms, text, params in reads:
        spent.append(timed(cr, rewrite(text) if rewrite else text, params))
    return spent


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-d", "--db", required=True)
    parser.add_argument("--pairs", type=int, default=50000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clock", default="10:00")
    args = parser.parse_args()

    registry = bench.open_registry(args.db, args.clock)

    idle, reads = record_idle_reads(registry)
    print(f"idle run: {idle:.2f} s; {len(reads)} reads of the invoices in no case")
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM account_move WHERE collection_case_id IS NOT NULL")
        (linked,) = cr.fetchone()
        batches = link_batches(cr, args.pairs, args.batch)
        measured = [move for pairs in batches for _case, move in pairs]
        cr.rollback()
    print(f"{linked} invoices linked in {args.db}; {len(measured)} linked again per variant")

    today, narrow, reads_today, reads_narrow = [], [], [], []
    for _round in range(args.rounds):
        with registry.cursor() as cr:
            reads_today.append(read_times(cr, reads))
            today.append(link_today(cr, batches))
            cr.rollback()
        with registry.cursor() as cr:
            make_narrow_table(cr, measured)
            narrow.append(link_narrow(cr, batches))
            reads_narrow.append(read_times(cr, reads, narrow_text))
            cr.rollback()

    per = 1000.0 / len(measured)
    print("\ncold run's link, per invoice (each round):")
    print("  today  (UPDATE account_move): " + ", ".join(f"{s * per:.3f} ms" for s in today))
    print("  narrow (INSERT link table):   " + ", ".join(f"{s * per:.3f} ms" for s in narrow))
    saved = (statistics.median(today) - statistics.median(narrow)) * per
    print(
        f"  saved per invoice: {saved:.3f} ms; over the {linked} links of this database: "
        f"{saved * linked / 1000:.1f} s"
    )
    print("\nidle run's reads of the invoices in no case (each round, ms):")
    for index, (_ms, text, _params) in enumerate(reads):
        now = ", ".join(f"{r[index] * 1000:.1f}" for r in reads_today)
        then = ", ".join(f"{r[index] * 1000:.1f}" for r in reads_narrow)
        print(f"  {text[:110]}...\n    today: {now}   narrow: {then}")
    total_today = statistics.median(sum(r) for r in reads_today)
    total_narrow = statistics.median(sum(r) for r in reads_narrow)
    print(
        f"  in all: today {total_today:.2f} s, narrow {total_narrow:.2f} s "
        f"(the idle run would take about {idle - total_today + total_narrow:.2f} s)"
    )


if __name__ == "__main__":
    sys.exit(main())
