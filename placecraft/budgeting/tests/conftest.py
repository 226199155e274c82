from __future__ import annotations

from pathlib import Path

import pytest

from placecraft.budgeting.tests.realdata import require_data


@pytest.fixture
def pabulib_data() -> Path:
    return require_data()
