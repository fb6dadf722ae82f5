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

# The server's master password (Odoo's database manager): random, made once per user by the
# installer and kept in the per-user folder, never in the repository. The configuration files
# carry only its hash.
DC_MASTER_PASSWORD_FILE="$DC_HOME/master-password"
dc_ensure_master_password() {
    [ -s "$DC_MASTER_PASSWORD_FILE" ] && [ -s "$DC_MASTER_PASSWORD_FILE.hash" ] && return 0
    mkdir -p "$DC_HOME"
    (
        umask 077
        [ -s "$DC_MASTER_PASSWORD_FILE" ] \
            || "$DC_PY" -c 'import secrets; print(secrets.token_urlsafe(24))' > "$DC_MASTER_PASSWORD_FILE"
        "$DC_PY" -c 'import sys; from passlib.context import CryptContext
print(CryptContext(["pbkdf2_sha512"], pbkdf2_sha512__rounds=600_000).hash(sys.stdin.read().strip()))' \
            < "$DC_MASTER_PASSWORD_FILE" > "$DC_MASTER_PASSWORD_FILE.hash"
    )
    say "Master password (database manager) written to $DC_MASTER_PASSWORD_FILE"
}

# Write an Odoo configuration file for database $1 to path $2. The server listens on
# DC_HTTP_INTERFACE (127.0.0.1 unless set: the demo is not for the network).
dc_write_config() {
    local db="$1" conf="$2"
    dc_ensure_master_password
    (
        umask 077
        sed -e "s|@ADDONS_PATH@|$(dc_addons_path)|" \
            -e "s|@DATA_DIR@|$DC_HOME/filestore|" \
            -e "s|@DB_USER@|$DC_DB_USER|" \
            -e "s|@DB_HOST@|$DC_DB_HOST|" \
            -e "s|@DB_NAME@|$db|" \
            -e "s|@ADMIN_PASSWD@|$(cat "$DC_MASTER_PASSWORD_FILE.hash")|" \
            -e "s|@HTTP_INTERFACE@|${DC_HTTP_INTERFACE:-127.0.0.1}|" \
            -e "s|@HTTP_PORT@|${DC_HTTP_PORT:-8069}|" \
            "$REPO_ROOT/setup/odoo.conf.template" > "$conf"
    )
}

# The suite's addons; with OCA's queue_job installed (requirements.txt), the bridge that spreads the
# run, the letters and imports over job workers too (DC_NO_QUEUE=1 leaves it out).
dc_addons() {
    local addons="debt_collection,debt_collection_portal,debt_collection_legal"
    if [ "${DC_NO_QUEUE:-0}" != 1 ] && "$DC_PY" -c 'import odoo.addons.queue_job' 2>/dev/null; then
        addons="$addons,debt_collection_queue"
    fi
    printf '%s' "$addons"
}

dc_require_install() {
    [ -x "$DC_PY" ] && "$DC_PY" -c 'import odoo, phonenumbers, pytest_odoo' 2>/dev/null \
        || "$REPO_ROOT/setup/install.sh"
}
