"""Each addon installs alone on an empty database (the suite's other tests use all three).

A base database with Odoo's own dependencies is built once, copied with ``createdb -T`` for
each addon, and the addon is installed into the copy by a separate Odoo process.
"""

import os
import subprocess
import sys
import uuid

import psycopg2

from odoo.tests import tagged
from odoo.tests.common import BaseCase

ADDONS = ("debt_collection", "debt_collection_portal", "debt_collection_legal")
ODOO_DEPENDENCIES = "account,mail,portal,sms,phone_validation,account_payment"


def odoo(conf, db, *args):
    command = [sys.executable, "-m", "odoo", "-c", conf, "-d", db, *args]
    command += ["--stop-after-init", "--no-http", "--log-level=warn", "--without-demo=all"]
    return subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)


def installed(db, module):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [module])
        row = cr.fetchone()
    conn.close()
    return row and row[0] == "installed"


@tagged("post_install", "-at_install", "dc_install")
class TestInstallSeparately(BaseCase):
    def test_each_addon_installs_alone(self):
        conf = os.environ.get("DC_TEST_CONF")
        if not conf:
            self.skipTest("run through setup/test.sh (DC_TEST_CONF names the Odoo config)")
        base = f"dc_sep_{uuid.uuid4().hex[:8]}"
        created = [base]
        try:
            result = odoo(conf, base, "-i", ODOO_DEPENDENCIES)
            self.assertEqual(result.returncode, 0, result.stderr[-3000:])
            for addon in ADDONS:
                with self.subTest(addon=addon):
                    copy = f"{base}_{addon}"
                    created.append(copy)
                    subprocess.run(["createdb", "-T", base, copy], check=True)
                    result = odoo(conf, copy, "-i", addon)
                    self.assertEqual(result.returncode, 0, result.stderr[-3000:])
                    self.assertNotIn("ERROR", result.stderr, result.stderr[-3000:])
                    self.assertTrue(installed(copy, addon))
                    others = set(ADDONS) - {addon, "debt_collection"}
                    self.assertFalse(any(installed(copy, other) for other in others))
        finally:
            for db in reversed(created):
                subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
