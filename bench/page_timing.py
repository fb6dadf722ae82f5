"""What the page benchmarks share: Odoo opened on a database in this process, and the time
of a page served to a test client."""

import os
import statistics
import sys
import time
from pathlib import Path

WARM_UP = 5


def open_registry(database, addons_path=None, config=None):
    """Odoo's registry of ``database``, configured as the suite's installer does."""
    import odoo

    home = Path(
        os.environ.get("DEBT_COLLECTION_HOME")
        or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local/share")
        / "debt-collection"
    )
    repo = Path(__file__).resolve().parent.parent
    odoo_args = [
        f"--database={database}",
        f"--db-filter=^{database}$",
        f"--data-dir={home / 'filestore'}",
        "--log-level=warn",
        f"--addons-path={addons_path or f'{repo},{home}/odoo/odoo/addons'}",
    ]
    if config:
        odoo_args.insert(0, f"--config={config}")
    odoo.tools.config.parse_config(odoo_args)
    return odoo.modules.registry.Registry(database)


def measure(client, url, requests):
    """Median and 90th percentile of the wall time, and median of this process's CPU time
    (Odoo's Python side, whatever else the machine runs; PostgreSQL's work is not in it)."""
    times, cpu = [], []
    for index in range(WARM_UP + requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        if index >= WARM_UP:
            times.append(elapsed * 1000)
            cpu.append(elapsed_cpu * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], statistics.median(cpu)
