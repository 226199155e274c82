"""A person's right to their data: every app that holds personal data registers an exporter
(what it holds about the person, as JSON-ready data) and an eraser (removes or anonymises it while
keeping counts whole: ballots stay counted, anonymous answers stay anonymous)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from placecraft.accounts.models import User


@dataclass(frozen=True)
class Holder:
    name: str  # the key in the export, such as "account" or "registrations"
    export: Callable[[User], Any]
    erase: Callable[[User], None]
    order: int = 50  # erasers run in order; the account itself is erased last


_holders: list[Holder] = []


def register(holder: Holder) -> None:
    if all(existing.name != holder.name for existing in _holders):
        _holders.append(holder)


def holders() -> list[Holder]:
    return sorted(_holders, key=lambda holder: holder.order)
