"""What the compliance gate costs the nightly run: the cold run of one portfolio with the gate as
shipped (regimes of the debtors' countries, contact points, refusals noted) against the same run
with the gate answering "yes" at once. Each on a fresh copy of the portfolio, in its own process,
at 10:00 UTC of the day (the run's clock), so that both make the same decisions about hours.

    python bench/gate.py --size 20000 [--repeat 2]

The portfolio is bench/run.py's, in databases of its own (``dc_gate_bench_gen_<size>``, generated
once and kept).
"""

import argparse
import json
import resource
import sys
import time
from datetime import date, datetime
from datetime import time as dt_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench


def child(db, gate):

    import odoo

    odoo.tools.config.parse_config(bench.odoo_args(db))
    registry = odoo.modules.registry.Registry(db)
    Case = registry["debt.collection.case"]
    spent = {"gate": 0.0}
    if not gate:
        Case._collection_may_contact = lambda self, channel, when=None, contact_point=None: (
            True,
            "",
        )
    else:
        # time spent in the gate and in the history query it needs, inside this very run: a
        # ratio that the load of a shared machine does not blur as two separate runs do
        for name in (
            "_collection_may_contact",
            "_collection_contact_history",
            "_collection_write_refusals",
        ):
            original = getattr(Case, name)

            def timed(self, *args, _original=original, **kwargs):
                start = time.perf_counter()
                try:
                    return _original(self, *args, **kwargs)
                finally:
                    spent["gate"] += time.perf_counter() - start

            setattr(Case, name, timed)
    # the run's "now" at 10:00 UTC today (freezegun would slow every call to the clock)
    fixed = datetime.combine(date.today(), dt_time(10, 0))
    odoo.fields.Datetime.now = staticmethod(lambda *args: fixed)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        before = bench._counts(env)
        Run = env["debt.collection.run"].with_context(debt_collection_commit=True)
        start = time.perf_counter()
        Run._cron_run()
        env.flush_all()
        cr.commit()
        seconds = round(time.perf_counter() - start, 3)
        after = bench._counts(env)
        cr.execute("SELECT count(*) FROM debt_collection_case WHERE hold_reason IS NOT NULL")
        held = cr.fetchone()[0]
    print(
        json.dumps(
            {
                "gate": gate,
                "seconds": seconds,
                "held": held,
                "gate_seconds": round(spent["gate"], 3),
                "gate_share_percent": round(
                    100 * spent["gate"] / max(seconds - spent["gate"], 1e-9), 1
                ),
                "created": {k: after[k] - before[k] for k in after},
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


def ensure_portfolio(size, seed):
    """bench/run.py's portfolio, in databases of this benchmark's own."""
    base, gen = "dc_gate_bench_base", f"dc_gate_bench_gen_{size}"
    if not bench.db_exists(base):
        bench.sh(
            bench.DC_HOME / "venv/bin/odoo",
            *bench.odoo_args(base),
            "-i",
            bench.OUR_ADDONS,
            "--without-demo=all",
            "--stop-after-init",
        )
    if not bench.db_exists(gen):
        bench.copy_db(base, gen)
        bench.sh(
            bench.VENV_PY,
            bench.REPO / "setup/generate_portfolio.py",
            "-d",
            gen,
            "--invoices",
            size,
            "--seed",
            seed,
            "--orm-invoices",
            min(size, bench.ORM_INVOICES),
            "--addons-path",
            bench.addons_path(),
        )
    else:
        bench.sh(
            bench.DC_HOME / "venv/bin/odoo",
            *bench.odoo_args(gen),
            "-u",
            bench.OUR_ADDONS,
            "--stop-after-init",
        )
    return gen


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only-gate", action="store_true", help="one run, with the gate timed")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--child", choices=("gate", "nogate"))
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.child:
        child(args.db, args.child == "gate")
        return
    gen = ensure_portfolio(args.size, args.seed)
    results = {"gate": [], "nogate": []}
    variants = ("gate",) if args.only_gate else ("nogate", "gate")
    for _round in range(args.repeat):
        for variant in variants:
            db = f"dc_gate_bench_run_{args.size}"
            bench.copy_db(gen, db)
            out = bench.sh(
                bench.VENV_PY,
                __file__,
                "--child",
                variant,
                "--db",
                db,
                capture_output=True,
                text=True,
            )
            line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1]
            results[variant].append(json.loads(line))
            print(variant, line, flush=True)
    best = {k: min(r["seconds"] for r in v) for k, v in results.items() if v}
    summary = {"size": args.size, "best": best}
    if len(best) == 2:
        summary["overhead_percent"] = round(100.0 * (best["gate"] / best["nogate"] - 1), 1)
    summary["gate_share_percent"] = [r["gate_share_percent"] for r in results["gate"]]
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
