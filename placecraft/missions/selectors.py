"""Reads for the mission page that would otherwise take a query per kind of thing: who runs the
mission (co-owners and leads) and what it is aligned with (missions either way and reference
outcomes), each in one query however many there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Coalesce, NullIf

from placecraft.accounts.models import User
from placecraft.missions.models import Mission, ReferenceOutcome
from placecraft.places.models import Organisation


@dataclass
class People:
    co_owners: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def people(mission: Mission, *, with_leads: bool) -> People:
    """The names of the co-owning organisations and (for people working in the place) of the
    mission's leads, in one query: a UNION of the two, sorted here as each model sorts."""
    organisations = (
        Organisation.objects.filter(co_owned_missions=mission)
        .annotate(row_kind=_text("co-owner"), label=F("name"), sort=F("name"))
        .values_list("row_kind", "label", "sort")
        .order_by()
    )
    rows = organisations
    if with_leads:
        leads = (
            User.objects.filter(led_missions=mission)
            .annotate(
                row_kind=_text("lead"),
                label=Coalesce(NullIf("name", _text("")), "email", output_field=CharField()),
                sort=F("email"),
            )
            .values_list("row_kind", "label", "sort")
            .order_by()
        )
        rows = organisations.union(leads, all=True)
    found = People()
    for kind, label, _ in sorted(rows, key=lambda row: (row[0], row[2])):
        (found.co_owners if kind == "co-owner" else found.leads).append(label)
    return found


@dataclass
class Alignment:
    contributes_to: list[dict[str, Any]] = field(default_factory=list)
    contributions: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)


def alignment(mission: Mission, visible: Q) -> Alignment:
    """The missions this one contributes to, those contributing to it (only those the person
    may see, ``visible``) and its reference outcomes, in one query."""

    def columns(kind: str, **values: Any) -> dict[str, Any]:
        # Every column an annotation, in the same order, so the UNION's columns line up.
        return {
            "row_kind": _text(kind),
            "label": values.get("label", F("title")),
            "key": values.get("key", F("slug")),
            "set_key": values.get("set_key", _text("")),
            "set_label": values.get("set_label", _text("")),
            "position": values.get("position", Value(0)),
        }

    names = ("row_kind", "label", "key", "set_key", "set_label", "position")
    contributes_to = (
        Mission.objects.filter(visible, alignments_in__from_mission=mission)
        .annotate(**columns("contributes-to"))
        .values_list(*names)
        .order_by()
    )
    contributions = (
        Mission.objects.filter(visible, alignments_out__to_mission=mission)
        .annotate(**columns("contribution"))
        .values_list(*names)
        .order_by()
    )
    outcomes = (
        ReferenceOutcome.objects.filter(missions=mission)
        .annotate(
            **columns(
                "outcome", set_key=F("set_slug"), set_label=F("set_title"), position=F("order")
            )
        )
        .values_list(*names)
        .order_by()
    )
    found = Alignment()
    lists = {
        "contributes-to": found.contributes_to,
        "contribution": found.contributions,
        "outcome": found.outcomes,
    }
    rows = contributes_to.union(contributions, outcomes, all=True)
    for kind, label, key, _set_key, set_label, _position in sorted(
        rows, key=lambda r: (r[3], r[5], r[1])
    ):
        lists[kind].append({"title": label, "slug": key, "set_title": set_label})
    return found
