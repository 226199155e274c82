"""The real pabulib elections in the shared data folder, for the tests that need them.

When the folder is missing these tests must not pass silently: under CI (``CI=true``) they fail,
elsewhere they are skipped with the reason and the path they looked in.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "pabulib"

# Tests marked with this get the ``pabulib_data`` fixture (conftest.py), which calls require_data.
needs_data = pytest.mark.usefixtures("pabulib_data")


def require_data(folder: Path | None = None) -> Path:
    """The folder of real elections, or a failure under CI and a skip elsewhere, saying why."""
    folder = DATA if folder is None else folder
    if folder.is_dir():
        return folder
    reason = (
        f"the real pabulib elections are missing: no folder {folder} "
        "(see shared/data/README.md); these tests compare counts with official outcomes"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}. CI must provide them.", pytrace=False)
    pytest.skip(reason)
