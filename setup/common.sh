# Shared settings for the setup scripts; sourced, not run.
# Everything the suite installs lives outside the repository, in one per-user folder,
# so that a fresh clone (or CI) finds the same environment again.
DC_HOME="${DEBT_COLLECTION_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/debt-collection}"
DC_VENV="$DC_HOME/venv"
DC_ODOO="$DC_HOME/odoo"
DC_PY="$DC_VENV/bin/python"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DC_DB_HOST="${PGHOST:-}"
DC_DB_USER="${PGUSER:-$(id -un)}"

say() { printf '\033[1m[debt-collection]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[debt-collection] %s\033[0m\n' "$*" >&2; exit 1; }

# addons path: our three addons live at the repository root, tests/addons holds test-only addons
dc_addons_path() {
    local extra=""
    [ -d "$REPO_ROOT/tests/addons" ] && extra=",$REPO_ROOT/tests/addons"
    printf '%s%s,%s' "$REPO_ROOT" "$extra" "$DC_ODOO/odoo/addons"
}

# Write an Odoo configuration file for database $1 to path $2.
dc_write_config() {
    local db="$1" conf="$2"
    sed -e "s|@ADDONS_PATH@|$(dc_addons_path)|" \
        -e "s|@DATA_DIR@|$DC_HOME/filestore|" \
        -e "s|@DB_USER@|$DC_DB_USER|" \
        -e "s|@DB_HOST@|$DC_DB_HOST|" \
        -e "s|@DB_NAME@|$db|" \
        "$REPO_ROOT/setup/odoo.conf.template" > "$conf"
}

dc_require_install() {
    [ -x "$DC_PY" ] && "$DC_PY" -c 'import odoo, phonenumbers, pytest_odoo' 2>/dev/null \
        || "$REPO_ROOT/setup/install.sh"
}
