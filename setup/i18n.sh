#!/usr/bin/env bash
# Keep translations current: export each addon's .pot from a database with the three addons
# installed, then merge it into the shipped es.po and it.po (new strings appear untranslated).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dc_require_install

DB="${DC_I18N_DB:-debt_collection_i18n}"
ADDONS=(debt_collection debt_collection_portal debt_collection_legal debt_collection_queue)
CONF="$(mktemp --suffix=.conf)"
trap 'rm -f "$CONF"' EXIT
dc_write_config "$DB" "$CONF"
dropdb --if-exists --force "$DB"
"$DC_VENV/bin/odoo" -c "$CONF" -d "$DB" -i "$(IFS=,; echo "${ADDONS[*]}")" --without-demo=all \
    --stop-after-init --log-level=warn --no-http
for addon in "${ADDONS[@]}"; do
    mkdir -p "$REPO_ROOT/$addon/i18n"
    pot="$REPO_ROOT/$addon/i18n/$addon.pot"
    "$DC_VENV/bin/odoo" -c "$CONF" -d "$DB" --i18n-export="$pot" --modules="$addon" \
        --stop-after-init --log-level=warn --no-http
    for lang in es it; do
        po="$REPO_ROOT/$addon/i18n/$lang.po"
        if [ -f "$po" ]; then
            msgmerge --quiet --no-fuzzy-matching --no-wrap --update --backup=none "$po" "$pot"
        else
            msginit --no-translator --no-wrap --locale="$lang" --input="$pot" --output-file="$po"
        fi
        sed -i "s/^\"Language: .*/\"Language: $lang\\\\n\"/" "$po"
    done
    say "$addon: $(msgfmt --statistics -o /dev/null "$REPO_ROOT/$addon/i18n/es.po" 2>&1) (es)"
done
dropdb --if-exists --force "$DB"
