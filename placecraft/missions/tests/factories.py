"""Objects the missions tests, access matrix and page registry share."""

from __future__ import annotations

from typing import Any

from placecraft.missions import services
from placecraft.missions.models import BoardMember, CoOwnerInvitation, Mission, ProgressUpdate
from placecraft.testing import World


def make_mission(
    world: World, slug: str, *, visibility: str = "public", owner: Any = None, **extra: Any
) -> Mission:
    data = {
        "title": extra.pop("title", slug.replace("-", " ").capitalize()),
        "statement": "Everyone in Testshire can get about without a car.",
        "ambition": "By 2035, nine in ten journeys are made on foot, by bike or by bus.",
        "horizon_year": 2035,
        "visibility": visibility,
        "organisation": owner or world.council,
        "slug": slug,
        **extra,
    }
    return services.create_mission(actor=None, place=world.place, data=data)


def public_mission(world: World) -> Mission:
    def build(w: World) -> Mission:
        mission = make_mission(w, "moving-freely", status="active")
        BoardMember.objects.create(
            mission=mission, name="Pat Chair", role="chair", organisation=w.council
        )
        BoardMember.objects.create(
            mission=mission, name="Sam Hidden", role="member", is_public=False
        )
        ProgressUpdate.objects.create(
            mission=mission, period_label="Spring", status="on-track", narrative="Going well."
        )
        return mission

    mission: Mission = world.once("public_mission", build)
    return mission


def private_mission(world: World) -> Mission:
    mission: Mission = world.once(
        "private_mission", lambda w: make_mission(w, "quiet-plan", visibility="private")
    )
    return mission


def public_args(world: World) -> list[Any]:
    return [world.place.slug, public_mission(world).slug]


def private_args(world: World) -> list[Any]:
    return [world.place.slug, private_mission(world).slug]


def board_member_args(world: World) -> list[Any]:
    mission = public_mission(world)
    return [world.place.slug, mission.slug, mission.board_members.first().pk]  # type: ignore[union-attr]


def invitation_args(world: World) -> list[Any]:
    """The private mission's invitation to the partner to co-own it, waiting for dana."""

    def build(w: World) -> CoOwnerInvitation:
        return CoOwnerInvitation.objects.create(
            mission=private_mission(w), organisation=w.partner, invited_by=w.users["council_admin"]
        )

    invitation: CoOwnerInvitation = world.once("co_owner_invitation", build)
    return [world.place.slug, invitation.mission.slug, invitation.pk]
