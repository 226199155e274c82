"""A person's right to their data: every app that holds personal data registers an exporter
(what it holds about the person, as JSON-ready data) and an eraser (removes or anonymises it while
keeping counts whole: ballots stay counted, anonymous answers stay anonymous)."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext

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


def pseudonym(user_id: int) -> str:
    """What an erased person is called from then on, wherever their name was: the same for every
    record of theirs, different for everyone else, and not reversible to the id without the
    site's secret key."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"erased-person:{user_id}".encode(), hashlib.sha256
    ).hexdigest()
    return gettext("Former user %(code)s") % {"code": digest[:8]}


def traces(user: User) -> list[str]:
    """The strings that identify ``user`` in free text: their full name, the name as written in
    an address (``jo-bloggs``) and their email address. Read them before the account holder
    erases them (it runs last)."""
    name = (user.name or "").strip()
    found = [name, slugify(name) if " " in name else "", (user.email or "").strip()]
    return list(dict.fromkeys(value for value in found if value))


def _pattern(user: User) -> re.Pattern[str] | None:
    found = traces(user)
    if not found:
        return None
    alternatives = "|".join(re.escape(trace) for trace in found)
    # Whole words only, so a name inside a longer word is left alone.
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def scrub(value: Any, user: User) -> Any:
    """``value`` (text, or JSON-ready lists and dicts of it) with every trace of ``user``
    replaced by their pseudonym."""
    pattern = _pattern(user)
    if pattern is None:
        return value
    former = pseudonym(user.pk)

    def clean(item: Any) -> Any:
        if isinstance(item, str):
            return pattern.sub(former, item)
        if isinstance(item, list):
            return [clean(element) for element in item]
        if isinstance(item, dict):
            return {key: clean(element) for key, element in item.items()}
        return item

    return clean(value)
