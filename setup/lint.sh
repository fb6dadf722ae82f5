#!/usr/bin/env bash
# Linters CI runs: ruff (lint + format check) and pylint-odoo's mandatory checks.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dc_require_install
LINT_VENV="$DC_HOME/lint-venv"
if ! "$LINT_VENV/bin/python" -c 'import pylint_odoo' 2>/dev/null || ! [ -x "$LINT_VENV/bin/ruff" ]; then
    say "Installing linters in $LINT_VENV"
    python3 -m venv "$LINT_VENV"
    "$LINT_VENV/bin/pip" install -q --disable-pip-version-check -r "$REPO_ROOT/setup/requirements-lint.txt"
fi
cd "$REPO_ROOT"
"$LINT_VENV/bin/ruff" check .
"$LINT_VENV/bin/ruff" format --check .
"$LINT_VENV/bin/pylint" --rcfile=.pylintrc-mandatory debt_collection debt_collection_portal debt_collection_legal \
    debt_collection_queue
say "Lint clean"
