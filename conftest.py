"""pytest glue: Odoo test tags become pytest markers, so `setup/test.sh -m dc_security` works."""

import pytest

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
