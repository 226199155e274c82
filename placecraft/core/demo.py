"""The demo place is built by seeders that apps register in ``AppConfig.ready``; ``seed_demo``
runs them in order. Each seeder must be idempotent (running it twice changes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Seeder = Callable[["DemoContext"], None]
_seeders: list[tuple[int, str, Seeder]] = []


@dataclass
class DemoContext:
    """What earlier seeders made, for later ones to build on."""

    place: Any = None
    organisations: dict[str, Any] = field(default_factory=dict)  # by slug
    people: dict[str, Any] = field(default_factory=dict)  # by a short key such as "council_lead"
    extra: dict[str, Any] = field(default_factory=dict)


def register_seeder(order: int, name: str, seeder: Seeder) -> None:
    if all(existing != name for _, existing, _ in _seeders):
        _seeders.append((order, name, seeder))


def seeders() -> list[tuple[int, str, Seeder]]:
    return sorted(_seeders, key=lambda item: item[0])
