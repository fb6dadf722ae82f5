#!/usr/bin/env bash
# Run the whole test suite: build a fresh test database with the three addons (no demo data),
# then run pytest-odoo (with HTTP, for portal tests and tours) over every addon's tests/ and tests/.
# Extra arguments go to pytest (e.g. setup/test.sh -k promise, or -m dc_security).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dc_require_install

DB="${DC_TEST_DB:-debt_collection_test}"
ADDONS="$(dc_addons)"
# the demo payment provider: the debtor's page pays through it in the portal tests and tours
TEST_ADDONS="$ADDONS,payment_demo"
CONF="$(mktemp --suffix=.conf)"
trap 'rm -f "$CONF"' EXIT
dc_write_config "$DB" "$CONF"
# a port of its own, so a demo server running on 8069 does not answer the tests' requests
sed -i "s/^http_port = .*/http_port = ${DC_TEST_HTTP_PORT:-8169}/" "$CONF"
export DC_TEST_CONF="$CONF" DC_TEST_DB="$DB"
# Tours and the click-everywhere bot run in headless Chromium, which Odoo looks up in PATH
# (google-chrome, chromium, chromium-browser). Odoo skips them when it finds none or cannot start
# it; the suite fails instead: here, and conftest.py turns such a skip into a failure.
for bin in google-chrome chromium chromium-browser google-chrome-stable; do
    command -v "$bin" >/dev/null && HAS_CHROME=1 && break
done
[ -n "${HAS_CHROME:-}" ] || die "Chromium not found: setup/install.sh installs it (browser tests)"
export DC_TEST_REQUIRE_BROWSER="${DC_TEST_REQUIRE_BROWSER:-1}"

if [ "${DC_TEST_REUSE_DB:-0}" != 1 ] || ! psql -d "$DB" -tAc 'select 1' >/dev/null 2>&1; then
    say "Building test database $DB"
    dropdb --if-exists --force "$DB"
    "$DC_VENV/bin/odoo" -c "$CONF" -d "$DB" -i "$TEST_ADDONS" --without-demo=all \
        --stop-after-init --log-level=warn --no-http
else
    say "Updating test database $DB"
    # install what the database lacks (an addon new since it was built), update the rest: an
    # installed addon given to -i would load its noupdate data again
    MISSING=$(psql -d "$DB" -tAc "SELECT string_agg(name, ',') FROM unnest(string_to_array('$TEST_ADDONS', ',')) name
        WHERE name NOT IN (SELECT name FROM ir_module_module WHERE state = 'installed')")
    "$DC_VENV/bin/odoo" -c "$CONF" -d "$DB" ${MISSING:+-i "$MISSING"} -u "$ADDONS" --stop-after-init --log-level=warn --no-http
fi

# the job workers' fault tests (debt_collection_queue) work on copies of this database, made
# while nothing is connected to it
if [[ ",$ADDONS," == *",debt_collection_queue,"* ]]; then
    export DC_TEST_WORKERS_DB="${DB}_workers"
    dropdb --if-exists --force "$DC_TEST_WORKERS_DB"
    createdb -T "$DB" "$DC_TEST_WORKERS_DB"
fi

# letters are rendered by wkhtmltopdf, which fetches their styles from the tests' own server
psql -d "$DB" -qc "INSERT INTO ir_config_parameter (key, value)
    VALUES ('report.url', 'http://127.0.0.1:${DC_TEST_HTTP_PORT:-8169}')
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"

cd "$REPO_ROOT"
TARGETS=()
# explicit test paths among the arguments replace the default targets (every addon's tests/)
for arg in "$@"; do [[ "$arg" != -* && -e "$arg" ]] && HAS_PATHS=1; done
if [ -z "${HAS_PATHS:-}" ]; then
    for d in debt_collection*/tests tests; do
        # an addon left out of the database (the queue_job bridge with DC_NO_QUEUE=1) is not tested
        addon="${d%/tests}"
        [[ "$addon" == tests || ",$ADDONS," == *",$addon,"* ]] || continue
        [ -d "$d" ] && TARGETS+=("$d")
    done
fi
say "Running tests: ${TARGETS[*]:-$*}"
"$DC_VENV/bin/python" -m pytest --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
    --odoo-log-level=warn -p no:cacheprovider ${TARGETS[@]+"${TARGETS[@]}"} "$@"
