#!/usr/bin/env bash
# Install everything, build the demo database (Spanish and Italian companies, debtors and
# invoices across aging buckets) and serve it on http://localhost:8069 (admin / admin).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$REPO_ROOT/setup/install.sh"

DB="${DC_DEMO_DB:-debt_collection_demo}"
CONF="$DC_HOME/demo.conf"
dc_write_config "$DB" "$CONF"
ADDONS="debt_collection,debt_collection_portal,debt_collection_legal"

if ! psql -d "$DB" -tAc 'select 1' >/dev/null 2>&1 || [ "${DC_DEMO_RESET:-0}" = 1 ]; then
    say "Building demo database $DB (a few minutes)"
    dropdb --if-exists --force "$DB"
    "$DC_VENV/bin/odoo" -c "$CONF" -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn --no-http
else
    say "Updating demo database $DB"
    "$DC_VENV/bin/odoo" -c "$CONF" -d "$DB" -u "$ADDONS" --stop-after-init --log-level=warn --no-http
fi
[ "${DC_DEMO_NO_SERVE:-0}" = 1 ] && exit 0
say "Serving http://localhost:8069  (login admin / admin)"
exec "$DC_VENV/bin/odoo" -c "$CONF" -d "$DB"
