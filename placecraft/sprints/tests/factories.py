"""Objects the sprints tests, access matrix and page registry share."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from placecraft.missions.tests.factories import public_mission
from placecraft.sprints import services
from placecraft.sprints.models import Sprint, TeamMember, WorkItem
from placecraft.testing import World


def make_sprint(world: World, slug: str, *, visibility: str = "public", **extra: Any) -> Sprint:
    today = date.today()
    data = {
        "title": extra.pop("title", slug.replace("-", " ").capitalize()),
        "slug": slug,
        "problem": "Buses do not reach the new estate.",
        "start_date": today - timedelta(days=14),
        "end_date": today + timedelta(days=28),
        "visibility": visibility,
        **extra,
    }
    return services.create_sprint(
        actor=None, place=world.place, organisation=world.council, data=data
    )


def public_sprint(world: World) -> Sprint:
    def build(w: World) -> Sprint:
        sprint = make_sprint(
            w,
            "bus-sprint",
            mission=public_mission(w),
            champion_name="Pat Director",
            practices=["user-research", "prototyping"],
        )
        services.add_member(
            actor=None,
            sprint=sprint,
            data={
                "name": "Ann Planner",
                "organisation": w.council,
                "department": "Transport",
                "hours_per_week": 10,
            },
        )
        services.add_member(
            actor=None,
            sprint=sprint,
            data={"name": "Hal Helper", "organisation": w.partner, "hours_per_week": 4},
        )
        services.add_work_item(actor=None, sprint=sprint, title="Ride every route")
        return sprint

    sprint: Sprint = world.once("public_sprint", build)
    return sprint


def private_sprint(world: World) -> Sprint:
    sprint: Sprint = world.once(
        "private_sprint", lambda w: make_sprint(w, "quiet-sprint", visibility="private")
    )
    return sprint


def published_private_summary(world: World) -> Sprint:
    sprint: Sprint = world.once(
        "summary_sprint",
        lambda w: make_sprint(w, "open-summary", visibility="private", summary_public=True),
    )
    return sprint


def public_args(world: World) -> list[Any]:
    return [world.place.slug, public_sprint(world).slug]


def private_args(world: World) -> list[Any]:
    return [world.place.slug, private_sprint(world).slug]


def summary_args(world: World) -> list[Any]:
    return [world.place.slug, published_private_summary(world).slug]


def member_args(world: World) -> list[Any]:
    sprint = public_sprint(world)
    return [world.place.slug, sprint.slug, TeamMember.objects.filter(sprint=sprint).first().pk]  # type: ignore[union-attr]


def item_args(world: World) -> list[Any]:
    sprint = public_sprint(world)
    return [world.place.slug, sprint.slug, WorkItem.objects.filter(sprint=sprint).first().pk]  # type: ignore[union-attr]
