#!/usr/bin/env bash
# Install everything the suite needs on a fresh Debian/Ubuntu machine:
# system packages, PostgreSQL (when none answers), a Python environment with Odoo 18.0
# from ODOO_SOURCE (folder, tarball or URL) and the suite's Python requirements.
# Re-running it when all is in place is fast and changes nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ODOO_DEFAULT_URL="https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
APT_PACKAGES=(
    build-essential python3-dev python3-venv libpq-dev libldap2-dev libsasl2-dev
    libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev postgresql-client
    wkhtmltopdf chromium fonts-dejavu-core poppler-utils curl gettext openssl
)

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_system_packages() {
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "Missing system packages (${missing[*]}) and no apt-get: install them by hand."
    say "Installing system packages: ${missing[*]}"
    sudo_ apt-get update -qq
    DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
}

pg_answers() { pg_isready -q ${DC_DB_HOST:+-h "$DC_DB_HOST"} 2>/dev/null; }

ensure_postgresql() {
    if ! pg_answers; then
        say "No PostgreSQL answers: installing and starting Debian's postgresql"
        dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "ok installed" \
            || { sudo_ apt-get update -qq; DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq postgresql >/dev/null; }
        local version
        version=$(ls /etc/postgresql | sort -V | tail -n 1)
        sudo_ pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
            || sudo_ pg_ctlcluster "$version" main start
        for _ in $(seq 30); do pg_answers && break; sleep 1; done
        pg_answers || die "PostgreSQL did not start."
    fi
    # Odoo refuses to run as 'postgres': use a superuser role named after the OS user.
    if ! psql -d postgres -U "$DC_DB_USER" ${DC_DB_HOST:+-h "$DC_DB_HOST"} -tAc 'select 1' >/dev/null 2>&1; then
        say "Creating PostgreSQL role $DC_DB_USER"
        if [ "$(id -u)" = 0 ]; then
            su postgres -c "createuser --superuser '$DC_DB_USER'" 2>/dev/null \
                || psql -U postgres -d postgres ${DC_DB_HOST:+-h "$DC_DB_HOST"} -c "CREATE ROLE \"$DC_DB_USER\" SUPERUSER LOGIN"
        else
            sudo -u postgres createuser --superuser "$DC_DB_USER"
        fi
    fi
}

# Bring the Odoo source to $DC_ODOO (a copy we own, so an editable install stays valid).
fetch_odoo_source() {
    if [ -f "$DC_ODOO/odoo/release.py" ]; then
        # already here: keep it unless a different source is asked for
        [ -z "${ODOO_SOURCE:-}" ] && return 0
        [ "$(cat "$DC_HOME/.odoo-source-ok" 2>/dev/null)" = "$ODOO_SOURCE" ] && return 0
    fi
    local src="${ODOO_SOURCE:-$ODOO_DEFAULT_URL}" tmp
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' RETURN
    if [ -d "$src" ]; then
        say "Copying Odoo source from $src"
        [ -f "$src/odoo/release.py" ] || die "$src is not an Odoo source tree (no odoo/release.py)."
        mkdir -p "$tmp/odoo-src"
        # only what a pip install needs; git metadata and packaging folders are left behind
        (cd "$src" && tar -cf - --exclude=.git setup.py setup.cfg requirements.txt MANIFEST.in odoo setup \
            $(ls -d odoo-bin LICENSE COPYRIGHT README.md 2>/dev/null)) | tar -xf - -C "$tmp/odoo-src"
    else
        local tarball="$src"
        if [[ "$src" =~ ^https?:// ]]; then
            say "Downloading Odoo 18.0 source from $src"
            tarball="$tmp/odoo.tar.gz"
            curl -fL --connect-timeout 10 --retry 2 -o "$tarball" "$src" || die \
"Could not download the Odoo source from $src.
Give an Odoo 18.0 source tree with ODOO_SOURCE: a folder, a tarball or a URL, e.g.
    ODOO_SOURCE=/path/to/odoo-18.0 make install"
        fi
        [ -f "$tarball" ] || die "ODOO_SOURCE=$src is neither a folder, a tarball nor a URL."
        say "Unpacking $tarball"
        mkdir -p "$tmp/unpack"
        tar -xf "$tarball" -C "$tmp/unpack"
        local release
        release=$(find "$tmp/unpack" -maxdepth 3 -path '*/odoo/release.py' | head -n 1)
        [ -n "$release" ] || die "$src holds no Odoo source tree (no odoo/release.py)."
        mv "$(dirname "$(dirname "$release")")" "$tmp/odoo-src"
    fi
    grep -q "version_info = (18, 0" "$tmp/odoo-src/odoo/release.py" \
        || die "The Odoo source given is not Odoo 18.0."
    rm -rf "$DC_ODOO"
    mkdir -p "$DC_HOME"
    mv "$tmp/odoo-src" "$DC_ODOO"
    rm -f "$DC_HOME/.python-ok"
    printf '%s' "${ODOO_SOURCE:-$ODOO_DEFAULT_URL}" > "$DC_HOME/.odoo-source-ok"
}

install_python() {
    local stamp
    stamp=$(cat "$DC_ODOO/requirements.txt" "$REPO_ROOT/requirements.txt" | sha256sum | cut -c1-16)
    if [ -x "$DC_PY" ] && [ "$(cat "$DC_HOME/.python-ok" 2>/dev/null)" = "$stamp" ] \
        && "$DC_PY" -c 'import odoo, phonenumbers, pytest_odoo' 2>/dev/null; then
        return 0
    fi
    local python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
    "$python" -c 'import sys; assert (3, 10) <= sys.version_info[:2] < (3, 13)' \
        || die "Odoo 18.0 needs Python 3.10 to 3.12; set PYTHON=/path/to/python3.11."
    [ -x "$DC_PY" ] || { say "Creating Python environment in $DC_VENV"; "$python" -m venv "$DC_VENV"; }
    local pip=("$DC_PY" -m pip install -q --disable-pip-version-check)
    say "Installing Odoo's Python requirements (a few minutes the first time)"
    # cbor2 5.4.2 (pinned by Odoo for Python < 3.12) only builds with old setuptools, no isolation
    "${pip[@]}" "setuptools<70" "setuptools_scm<8" wheel
    "${pip[@]}" --no-build-isolation "cbor2==5.4.2"
    "${pip[@]}" -r "$DC_ODOO/requirements.txt"
    # compat mode: a plain editable install would be shadowed by addon wheels (OCA packages)
    # that install into odoo/addons
    say "Installing Odoo (editable) from $DC_ODOO"
    "${pip[@]}" --no-build-isolation --no-deps --use-pep517 -e "$DC_ODOO" --config-settings editable_mode=compat
    "${pip[@]}" -r "$REPO_ROOT/requirements.txt"
    printf '%s' "$stamp" > "$DC_HOME/.python-ok"
}

install_system_packages
ensure_postgresql
fetch_odoo_source
install_python
dc_ensure_master_password
say "Ready: Odoo $("$DC_PY" -c 'import odoo.release as r; print(r.version)') in $DC_VENV"
