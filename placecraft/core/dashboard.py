"""Panels on a signed-in member's dashboard. Each app registers a provider in its
``AppConfig.ready``; a provider returns a panel, or None when it has nothing to show."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


Provider = Callable[[HttpRequest, Sequence[Any]], Panel | None]
_providers: list[Provider] = []


def register_panel(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def dashboard_panels(request: HttpRequest, memberships: Sequence[Any]) -> list[Panel]:
    panels = [panel for provider in _providers if (panel := provider(request, memberships))]
    return sorted(panels, key=lambda panel: panel.order)
