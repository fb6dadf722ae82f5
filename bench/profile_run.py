"""Profile one collection run: where its time, its SQL statements and its memory go.

    python bench/profile_run.py -d DB [--part 0 --parts 1] [--top 40] [--sort cumulative]

Runs ``_cron_run`` on DB as the cron does (committing each batch) under cProfile, prints the
functions that took the most time, and the time, SQL statements and peak RSS after each stage of
the pipeline (intake, checks, steps, contact check). Run it on a copy of a benchmark database
(``createdb -T dc_bench_gen_100000 dc_prof``): the run changes the database.
"""

import argparse
import cProfile
import pstats
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench


def rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-d", "--db", required=True)
    parser.add_argument("--part", type=int, default=0)
    parser.add_argument("--parts", type=int, default=1)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument(
        "--no-profile",
        action="store_true",
        help="no cProfile (it doubles the run's time): stages and SQL only, at full speed",
    )
    parser.add_argument("--dump", help="also write the profile to this file (pstats)")
    parser.add_argument("--clock", default="10:00", help="the run's clock (UTC, today), HH:MM")
    args = parser.parse_args()

    import odoo

    registry = bench.open_registry(args.db, args.clock)
    Run = registry["debt.collection.run"]
    stages = []
    start = time.perf_counter()

    def stage(name, method):
        def wrapper(self, *a, **kw):
            queries = odoo.sql_db.sql_counter
            begin = time.perf_counter()
            result = method(self, *a, **kw)
            stages.append(
                (name, time.perf_counter() - begin, odoo.sql_db.sql_counter - queries, rss_mb())
            )
            return result

        return wrapper

    Intake = registry["debt.collection.intake"]
    Intake._open_cases = stage("intake", Intake._open_cases)
    Run._run_checks = stage("checks", Run._run_checks)
    Run._advance = stage("steps", Run._advance)
    Run._check_contact_data = stage("contact check", Run._check_contact_data)
    # the slowest SQL statements, to EXPLAIN
    slow = []
    # every statement's time by its first words, to see where PostgreSQL's time goes
    by_kind = {}
    execute = odoo.sql_db.Cursor.execute

    def timed_execute(cursor, query, params=None, log_exceptions=True):
        begin = time.perf_counter()
        try:
            return execute(cursor, query, params, log_exceptions)
        finally:
            spent = time.perf_counter() - begin
            text = query.code if isinstance(query, odoo.tools.SQL) else str(query)
            text = " ".join(text.split())
            kind = by_kind.setdefault(text[:90], [0, 0.0])
            kind[0] += 1
            kind[1] += spent
            if spent > 0.02:
                slow.append((spent, text[:400]))

    odoo.sql_db.Cursor.execute = timed_execute
    profile = cProfile.Profile()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        queries = odoo.sql_db.sql_counter
        if not args.no_profile:
            profile.enable()
        env["debt.collection.run"].with_context(debt_collection_commit=True)._cron_run(
            part=args.part, parts=args.parts
        )
        env.flush_all()
        cr.commit()
        profile.disable()
    total = time.perf_counter() - start
    print(f"run: {total:.2f} s, {odoo.sql_db.sql_counter - queries} SQL, peak {rss_mb()} MB")
    for name, seconds, count, peak in stages:
        print(f"  {name:15} {seconds:8.2f} s {count:8} SQL  peak so far {peak} MB")
    print("slowest SQL statements:")
    for spent, text in sorted(slow, reverse=True)[:15]:
        print(f"  {spent:7.3f} s  {text}")
    print("SQL time by statement (first words):")
    for text, (count, spent) in sorted(by_kind.items(), key=lambda kv: -kv[1][1])[:25]:
        print(f"  {spent:7.2f} s {count:6}x  {text}")
    if not args.no_profile:
        if args.dump:
            profile.dump_stats(args.dump)
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    sys.exit(main())
