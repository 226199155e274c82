"""What an exercise can look at: the kinds in ``schema.SUBJECTS``.

Each kind has a provider that lists the choices a person may pick in a place and names chosen
ids. Organisations, partners and the place are provided here; the missions and sprints apps
register their own providers (``register_subject``) in their ``AppConfig.ready``. Until a kind has
a provider, an exercise can still be about it without pointing at one record ("not linked yet").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from placecraft.places import access
from placecraft.places.models import Organisation, Place

SUBJECT_LABELS = {
    "organisation": "organisation",
    "mission": "mission",
    "sprint": "sprint",
    "partner": "partner",
    "place": "place",
}


@dataclass(frozen=True)
class SubjectProvider:
    # (place, user) → [(id, name)] the person may choose from.
    choices: Callable[[Place, Any], list[tuple[int, str]]]
    # (place, ids) → {id: name} for ids already chosen.
    names: Callable[[Place, Iterable[int]], dict[int, str]]


_providers: dict[str, SubjectProvider] = {}


def register_subject(kind: str, provider: SubjectProvider) -> None:
    _providers[kind] = provider


def provider(kind: str) -> SubjectProvider | None:
    return _providers.get(kind)


def _own_organisations(place: Place, user: Any) -> list[tuple[int, str]]:
    return list(access.writable_organisations(user, place).values_list("pk", "name"))


def _partners(place: Place, user: Any) -> list[tuple[int, str]]:
    return list(Organisation.objects.filter(place=place).values_list("pk", "name"))


def _organisation_names(place: Place, ids: Iterable[int]) -> dict[int, str]:
    return dict(
        Organisation.objects.filter(place=place, pk__in=list(ids)).values_list("pk", "name")
    )


register_subject("organisation", SubjectProvider(_own_organisations, _organisation_names))
register_subject("partner", SubjectProvider(_partners, _organisation_names))
register_subject(
    "place",
    SubjectProvider(
        lambda place, user: [(place.pk, place.name)],
        lambda place, ids: {place.pk: place.name} if place.pk in set(ids) else {},
    ),
)


def choices(place: Place, user: Any, kinds: Iterable[str]) -> list[tuple[str, str]]:
    """Form choices as ("kind:id", label), with "kind:" for a kind nobody can link yet."""
    out: list[tuple[str, str]] = []
    for kind in kinds:
        found = provider(kind)
        options = found.choices(place, user) if found else []
        label = SUBJECT_LABELS.get(kind, kind)
        out.extend((f"{kind}:{pk}", f"{name} ({label})") for pk, name in options)
        if not options:
            out.append((f"{kind}:", f"A {label} not recorded in Placecraft yet"))
    return out


def parse(value: str) -> tuple[str, int | None]:
    kind, _, pk = value.partition(":")
    return kind, int(pk) if pk else None


def describe(place: Place, kind: str, pk: int | None) -> str:
    label = SUBJECT_LABELS.get(kind, kind)
    found = provider(kind)
    if pk is None or found is None:
        return f"A {label} not recorded in Placecraft yet"
    return found.names(place, [pk]).get(pk, f"A {label} that has been removed")
