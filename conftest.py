"""pytest glue: Odoo test tags become pytest markers, so `setup/test.sh -m dc_security` works."""

import ast
import os
import threading

import pytest

# CPython before 3.11.8 / 3.12.2 (gh-106905): two threads building AST objects at once fail
# with "SystemError: AST constructor recursion depth mismatch". The tests' HTTP server answers
# a browser's parallel requests in threads that parse manifests and QWeb expressions with
# ast.parse, so a tour could fail at random. The tests serialise ast.parse; Odoo is unchanged.
if not hasattr(ast.parse, "__wrapped__"):
    _ast_lock = threading.RLock()
    _ast_parse = ast.parse

    def _parse_serialised(*args, **kwargs):
        with _ast_lock:
            return _ast_parse(*args, **kwargs)

    _parse_serialised.__wrapped__ = _ast_parse
    ast.parse = _parse_serialised

SUITE_TAGS = ("dc_security", "dc_reliability", "dc_compliance")


def pytest_configure(config):
    for tag in SUITE_TAGS:
        config.addinivalue_line("markers", f"{tag}: tests of RELIABILITY.md requirements")


def pytest_collection_modifyitems(items):
    for item in items:
        tags = getattr(getattr(item, "cls", None), "test_tags", None) or ()
        for tag in tags:
            if tag in SUITE_TAGS:
                item.add_marker(getattr(pytest.mark, tag))


# Odoo skips a browser test (tour, clickbot) when it cannot start or reach Chromium. setup/test.sh
# sets DC_TEST_REQUIRE_BROWSER=1 so that CI fails instead of passing without a browser.
BROWSER_SKIPS = (
    "websocket-client module is not installed",
    "chrome devtools port",
    "Chrome executable not found",
    "Error during Chrome",
    "Cannot connect to chrome dev tools",
)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or os.environ.get("DC_TEST_REQUIRE_BROWSER") != "1":
        return
    reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr)
    if any(text.lower() in reason.lower() for text in BROWSER_SKIPS):
        report.outcome = "failed"
        report.longrepr = (
            f"browser test skipped, failed instead (DC_TEST_REQUIRE_BROWSER=1): {reason}"
        )
