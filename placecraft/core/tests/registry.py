"""Collects every app's access-matrix rows and page-registry entries, and walks the URL
configuration so that a new URL cannot be added without them."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

import placecraft
from placecraft.testing import Access, Page

# Third-party views with their own tests; the pages people see are still in the axe registry.
THIRD_PARTY_MODULES = ("allauth.", "django.")


def _app_modules(name: str) -> list[Any]:
    modules = []
    for info in pkgutil.iter_modules(placecraft.__path__):
        try:
            modules.append(importlib.import_module(f"placecraft.{info.name}.tests.{name}"))
        except ModuleNotFoundError as error:
            if error.name not in (
                f"placecraft.{info.name}.tests",
                f"placecraft.{info.name}.tests.{name}",
            ):
                raise
    return modules


def access_rows() -> list[Access]:
    return [row for module in _app_modules("access_matrix") for row in module.ACCESS]


def pages() -> list[Page]:
    return [page for module in _app_modules("pages") for page in module.PAGES]


def not_pages() -> dict[str, str]:
    found: dict[str, str] = {}
    for module in _app_modules("pages"):
        found.update(getattr(module, "NOT_PAGES", {}))
    return found


def our_url_names() -> set[str]:
    """Names of every URL whose view is Placecraft's own."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                module = getattr(pattern.callback, "__module__", "") or ""
                if module.startswith(THIRD_PARTY_MODULES) or namespace == "admin":
                    continue
                if pattern.name is None:
                    raise AssertionError(f"URL {pattern.pattern} has no name")
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names
