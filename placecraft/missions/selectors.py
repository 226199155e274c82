"""Reads for the mission pages: the rows of the mission list, ready to print, and, for the
mission page, what would otherwise take a query per kind of thing: who runs the mission
(co-owners and leads) and what it is aligned with (missions either way and reference
outcomes), all in one query however many there are."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from placecraft.accounts.models import User
from placecraft.core import listing
from placecraft.missions.models import Mission, ReferenceOutcome
from placecraft.places.models import Organisation, Place


@dataclass(frozen=True)
class ListRow:
    url: str
    title: str
    owner: str
    horizon_year: int
    status: str
    tag: str
    last_update: str  # "" when there has been none
    stale: bool


def list_rows(place: Place, missions: Iterable[Mission]) -> list[ListRow]:
    """The mission list's rows with their link, tag and date worked out here: a page of fifty
    missions through an include, a ``url`` tag and a ``date`` filter each was most of the
    list's time. (The dates are as the ``date`` filter writes them, in local time.)"""
    today = timezone.localdate()
    address = listing.address_for("mission_detail", place.slug)
    rows = []
    for mission in missions:
        rows.append(
            ListRow(
                url=address(mission.slug),
                title=mission.title,
                owner=mission.organisation.name,
                horizon_year=mission.horizon_year,
                status=mission.get_status_display(),
                tag=mission.status_tag,
                last_update=listing.short_date(mission.last_update_at),
                stale=mission.is_stale(today),
            )
        )
    return rows


@dataclass
class Relations:
    co_owners: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    contributes_to: list[dict[str, Any]] = field(default_factory=list)
    contributions: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


# Every part of the UNION has these columns, in this order, so that they line up.
_COLUMNS = ("row_kind", "label", "key", "set_key", "set_label", "position")


def _columns(kind: str, **values: Any) -> dict[str, Any]:
    return {
        "row_kind": _text(kind),
        "label": values.get("label", F("title")),
        "key": values.get("key", F("slug")),
        "set_key": values.get("set_key", _text("")),
        "set_label": values.get("set_label", _text("")),
        "position": values.get("position", Value(0)),
    }


def relations(mission: Mission, visible: Q, *, with_leads: bool) -> Relations:
    """In one query (a UNION): the names of the co-owning organisations and, for people
    working in the place (``with_leads``), of the mission's leads; the missions this one
    contributes to and those contributing to it (only those the person may see, ``visible``);
    and its reference outcomes. Each list is sorted here as its model sorts."""
    parts = [
        Organisation.objects.filter(co_owned_missions=mission).annotate(
            **_columns("co-owner", label=F("name"), key=F("name"))
        ),
        Mission.objects.filter(visible, alignments_in__from_mission=mission).annotate(
            **_columns("contributes-to")
        ),
        Mission.objects.filter(visible, alignments_out__to_mission=mission).annotate(
            **_columns("contribution")
        ),
        ReferenceOutcome.objects.filter(missions=mission).annotate(
            **_columns(
                "outcome", set_key=F("set_slug"), set_label=F("set_title"), position=F("order")
            )
        ),
    ]
    if with_leads:
        name_or_email = Coalesce(NullIf("name", _text("")), "email", output_field=CharField())
        parts.append(
            User.objects.filter(led_missions=mission).annotate(
                **_columns("lead", label=name_or_email, key=F("email"))
            )
        )
    first, *others = (part.values_list(*_COLUMNS).order_by() for part in parts)
    rows = first.union(*others, all=True)
    found = Relations()
    people = {"co-owner": found.co_owners, "lead": found.leads}
    missions = {"contributes-to": found.contributes_to, "contribution": found.contributions}
    # Co-owners by name, leads by email, missions by title, outcomes by set and then order.
    for kind, label, key, _set_key, set_label, _position in sorted(
        rows, key=lambda r: (r[3], r[5], r[2] if r[0] in people else r[1])
    ):
        if kind in people:
            people[kind].append(label)
        elif kind in missions:
            missions[kind].append({"title": label, "slug": key})
        else:
            found.outcomes.append({"title": label, "slug": key, "set_title": set_label})
    return found
