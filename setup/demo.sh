#!/usr/bin/env bash
# Install everything, build the demo database (Spanish and Italian companies, consultants,
# debtors and invoices across aging buckets, one collection run) and serve it on
# http://localhost:8069 (admin / admin; consultants lucia, javier, giulia, marco; manager).
# The server listens on 127.0.0.1 only; DC_HTTP_INTERFACE=0.0.0.0 opens it to the network,
# DC_HTTP_PORT=8070 serves it on another port.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$REPO_ROOT/setup/install.sh"

DB="${DC_DEMO_DB:-debt_collection_demo}"
CONF="${DC_DEMO_CONF:-$DC_HOME/demo.conf}"
dc_write_config "$DB" "$CONF"
ADDONS="$(dc_addons)"
# with the job queue bridge, the server runs queue_job's job runner: a company whose
# "Parts of the nightly run" is set runs its night as jobs (README, several servers)
if [[ ",$ADDONS," == *,debt_collection_queue,* ]]; then
    cat >> "$CONF" <<'INI'
server_wide_modules = base,web,queue_job

[queue_job]
channels = root:2,root.collection:2
INI
fi
# the demo companies keep Spanish and Italian books (installed first: no install mid-generation)
LOCALISATIONS="l10n_es,l10n_it,account_peppol"
# a payment provider that takes no money: the debtor pays online on their page in the demo
PROVIDERS="payment_demo"

# partner_autocomplete is auto-installed with iap_mail (which sms, a dependency of ours, needs)
# and asks Odoo's IAP service about every new company and, hourly, every partner: a remote call
# the demo never needs, which fails with long stack traces without that service. Once
# uninstalled it stays so (auto-install acts only when its dependency is being installed).
uninstall_remote_services() {
    local state
    state=$(psql -d "$DB" -tAc "SELECT state FROM ir_module_module WHERE name = 'partner_autocomplete'")
    [ "$state" = installed ] || return 0
    say "Uninstalling partner_autocomplete (it calls a remote service the demo never needs)"
    "$DC_VENV/bin/odoo" shell -c "$CONF" -d "$DB" --no-http --log-level=warn >/dev/null <<'PY'
env["ir.module.module"].search([("name", "=", "partner_autocomplete")]).button_immediate_uninstall()
PY
}

if ! psql -d "$DB" -tAc 'select 1' >/dev/null 2>&1 || [ "${DC_DEMO_RESET:-0}" = 1 ]; then
    say "Building demo database $DB (a few minutes)"
    dropdb --if-exists --force "$DB"
    "$DC_VENV/bin/odoo" -c "$CONF" -d "$DB" -i "$ADDONS,$LOCALISATIONS,$PROVIDERS" --without-demo=all \
        --load-language=es_ES,it_IT \
        --stop-after-init --log-level=warn --no-http
    uninstall_remote_services
    say "Adding the demo companies, consultants, debtors and invoices; running collection once"
    "$DC_PY" "$REPO_ROOT/setup/generate_portfolio.py" -c "$CONF" -d "$DB" --demo --run-collection --history-days 24
else
    say "Updating demo database $DB"
    "$DC_VENV/bin/odoo" -c "$CONF" -d "$DB" -i "$PROVIDERS" -u "$ADDONS" --stop-after-init --log-level=warn --no-http
    uninstall_remote_services
fi
[ "${DC_DEMO_NO_SERVE:-0}" = 1 ] && exit 0
say "Serving http://${DC_HTTP_INTERFACE:-localhost}:${DC_HTTP_PORT:-8069}  (login admin / admin)"
exec "$DC_VENV/bin/odoo" -c "$CONF" -d "$DB"
