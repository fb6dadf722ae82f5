"""Real job workers for the fault tests: an Odoo server in prefork mode with queue_job's runner
on a database of its own, and the means to kill the worker that is running a job."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing, contextmanager, suppress
from pathlib import Path

import psycopg2

import odoo
from odoo.modules.registry import Registry
from odoo.tools import SQL, config


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# the advisory lock queue_job's runner holds on each database it dispatches the jobs of
RUNNER_LOCK = 2293787760715711918


def connect(db):
    """A connection of the test's own, outside Odoo (autocommit unless a lock is taken)."""
    params = {"dbname": db}
    for key, option in (("host", "db_host"), ("port", "db_port"), ("user", "db_user")):
        if config.get(option):
            params[key] = config[option]
    return psycopg2.connect(**params)


@contextmanager
def autocommit(db):
    """A connection of the test's own to ``db``, each statement committed at once."""
    with closing(connect(db)) as conn:
        conn.autocommit = True
        yield conn


def rows(conn, query):
    """Run ``query`` (an ``odoo.tools.SQL``) on ``conn``; the rows it returns, if any."""
    with conn.cursor() as cr:
        cr.execute(query.code, query.params)
        return cr.fetchall() if cr.description else []


def release(db):
    """Close every connection this process keeps to ``db`` (a template can then be copied)."""
    Registry.delete(db)
    odoo.sql_db.close_db(db)


def copy_database(source, target):
    release(source)
    drop_database(target)
    subprocess.run(["createdb", "-T", source, target], check=True)


def drop_database(db):
    release(db)
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=True)


@contextmanager
def environment(db):
    """An environment on ``db`` as the superuser, committed at the end."""
    # loading another database's registry in a test process: no tests are looked for in it
    test_enable, config["test_enable"] = config["test_enable"], False
    try:
        registry = Registry(db)
    finally:
        config["test_enable"] = test_enable
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


class JobServer:
    """An Odoo server in prefork mode with queue_job's runner, as a real one: the runner
    dispatches each job over HTTP to a worker process, at most ``jobs`` at once (the capacity of
    ``root`` and ``root.collection``); one more worker answers other requests (wkhtmltopdf
    fetching a letter's styles); a killed worker is replaced by the server."""

    def __init__(self, db, jobs=2, odoo_args=None):
        self.db = db
        self.jobs = jobs
        self.port = free_port()
        # the tests' configuration, or the benchmark's options
        self.odoo_args = odoo_args or ["-c", os.environ["DC_TEST_CONF"]]
        self.process = None

    def __enter__(self):
        odoo_bin = Path(sys.executable).parent / "odoo"
        command = [
            str(odoo_bin),
            *self.odoo_args,
            "-d",
            self.db,
            f"--db-filter=^{self.db}$",
            f"--workers={self.jobs + 1}",
            "--max-cron-threads=0",
            f"--http-port={self.port}",
            f"--gevent-port={free_port()}",
            # over TCP: the port of a connection tells which process holds it (the workers
            # share the connection settings, and so the name, the server gave before forking)
            "--db_host=127.0.0.1",
            "--load=base,web,queue_job",
            "--log-level=warn",
        ]
        environ = dict(
            os.environ, ODOO_QUEUE_JOB_CHANNELS=f"root:{self.jobs},root.collection:{self.jobs}"
        )
        # its own process group: stopping it stops its workers and its runner too
        self.process = subprocess.Popen(command, env=environ, start_new_session=True)
        self._wait_ready()
        return self

    def __exit__(self, *exc):
        if not self.process:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(30)
        # what outlived the server (its job runner may be sleeping between attempts)
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def worker_pids(self):
        """The server's worker processes (its children: HTTP workers, the job runner)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def _wait_ready(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the job server stopped ({self.process.returncode})")
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/web/health", timeout=5
                ) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("the job server did not answer")
        # queue_job's runner starts a few seconds after the workers (START_DELAY): ready once
        # it holds its lock on the database (then it listens for jobs)
        query = SQL(
            """
            SELECT 1 FROM pg_locks
             WHERE locktype = 'advisory' AND granted
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND classid::bigint = %s AND objid::bigint = %s
            """,
            RUNNER_LOCK >> 32,
            RUNNER_LOCK & 0xFFFFFFFF,
        )
        with autocommit(self.db) as conn:
            while time.monotonic() < deadline:
                if rows(conn, query):
                    return
                time.sleep(0.2)
        raise RuntimeError("the job server's job runner did not start")


@contextmanager
def table_locked(db, table):
    """Hold a lock on ``table`` that lets workers read it but not write it: a job stops at its
    first write there, its work so far uncommitted, until the lock is released."""
    conn = connect(db)
    try:
        rows(conn, SQL("LOCK TABLE %s IN SHARE MODE", SQL.identifier(table)))
        yield conn
    finally:
        conn.rollback()
        conn.close()


def _process_of(client_port, pids):
    """Which of ``pids`` holds the TCP connection from ``client_port`` (None if none)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            columns = line.split()
            if int(columns[1].rsplit(":", 1)[1], 16) == client_port:
                inodes.add(f"socket:[{columns[9]}]")
    for pid in pids:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        if inodes & set(links):
            return pid
    return None


def workers_waiting_on(server, table, count=1, timeout=120):
    """Wait until ``count`` workers of the job server wait to write ``table``; their pids."""
    deadline = time.monotonic() + timeout
    query = SQL(
        """
        SELECT a.client_port
          FROM pg_locks l
          JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE NOT l.granted AND l.relation = %s::regclass
           AND a.datname = current_database() AND a.client_port > 0
        """,
        table,
    )
    with autocommit(server.db) as conn:
        while time.monotonic() < deadline:
            pids = {_process_of(port, server.worker_pids()) for (port,) in rows(conn, query)}
            pids.discard(None)
            if len(pids) >= count:
                return sorted(pids)
            time.sleep(0.2)
    raise AssertionError(f"fewer than {count} jobs came to write {table}")


def kill_worker_waiting_on(server, table, timeout=120):
    """Wait until a worker of the job server waits to write ``table``, then SIGKILL that worker
    process; returns the pid killed."""
    pid = workers_waiting_on(server, table, timeout=timeout)[0]
    os.kill(pid, signal.SIGKILL)
    return pid


def wait_for_jobs(db, timeout=300):
    """Wait until no job of ``db`` is waiting or running; returns the count of jobs by state.

    A job whose worker was killed stays *started* until the runner finds it dead (its lock
    free for 10 seconds): the runner looks when it is woken, so it is woken every few seconds.
    """
    deadline = time.monotonic() + timeout
    with autocommit(db) as conn:
        while True:
            states = dict(rows(conn, SQL("SELECT state, count(*) FROM queue_job GROUP BY state")))
            if not set(states) & {"pending", "enqueued", "started", "wait_dependencies"}:
                failed = rows(
                    conn, SQL("SELECT name, exc_info FROM queue_job WHERE state = 'failed'")
                )
                for name, info in failed:
                    states.setdefault("why", []).append(f"{name}: {info}")
                return states
            if time.monotonic() > deadline:
                raise AssertionError(f"jobs still running: {states}")
            rows(conn, SQL("NOTIFY queue_job, 'wake-up'"))
            time.sleep(2)
