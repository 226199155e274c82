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


NARROW = {"width": 320, "height": 640}

# The page's own horizontal overflow, and the innermost elements that stick out past the
# window's right edge (outside any element that scrolls them itself), to say what to fix.
_OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width + 1) return [];
  // An absolutely placed element escapes a scroller that is not its containing block.
  const scrolls = el => {
    if (['absolute', 'fixed'].includes(getComputedStyle(el).position)) return false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll' || x === 'hidden') return true;
    }
    return false;
  };
  const sticksOut = el => el.getBoundingClientRect().right > width + 1;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('');
  const found = [...document.body.querySelectorAll('*')]
    .filter(el => sticksOut(el) && !scrolls(el) && ![...el.children].some(sticksOut))
    .slice(0, 5)
    .map(el => name(el) + ' (' + Math.round(el.getBoundingClientRect().right) + 'px)');
  return ['page is ' + scrollWidth + 'px wide in a ' + width + 'px window: ' + found.join('; ')];
}"""


def reflow_problems(page: Any) -> list[str]:
    """WCAG 2.2 1.4.10 Reflow: at 320 CSS px nothing makes the page scroll sideways."""
    result: list[str] = page.evaluate(_OVERFLOW_JS)
    return result
