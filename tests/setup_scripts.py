"""The repository's own scripts (setup/, migrations) loaded as modules, for the tests."""

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SETUP = REPO / "setup"


def load_script(path, name):
    """The script at ``path`` run afresh as the module ``name`` (the setup scripts import each
    other, so setup/ is on the path)."""
    if str(SETUP) not in sys.path:
        sys.path.insert(0, str(SETUP))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_setup(name):
    """``setup/<name>.py`` as a module."""
    return load_script(SETUP / f"{name}.py", name)
