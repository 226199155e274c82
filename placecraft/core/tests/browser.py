"""Headless Chromium (Debian's package) driven by Playwright, and axe-core from npm."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def skip_or_fail(reason: str) -> None:
    """Outside CI a missing browser skips the browser tests; under CI it is a failure."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(f"{reason}; install it with `make browsers` (Debian's chromium) to run these tests")


def axe_violations(page: Any) -> list[str]:
    """axe-core is injected by the context's init script (see conftest), which the page's
    Content-Security-Policy does not block, so pages are tested with their real policy."""
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    problems = []
    for violation in result["violations"]:
        targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
        problems.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}"
        )
    return problems
