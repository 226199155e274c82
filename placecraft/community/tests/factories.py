"""Community objects shared by the tests, the access matrix and the page registry."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from placecraft.community import services
from placecraft.community.models import (
    Application,
    Comment,
    Feedback,
    Forum,
    Idea,
    Process,
    Programme,
    Question,
    Recommendation,
    Session,
)
from placecraft.missions.tests.factories import private_mission, public_mission
from placecraft.testing import World


def make_process(
    world: World, *, visibility: str = "public", title: str = "Greener streets"
) -> Process:
    process = services.save_process(
        actor=None,
        place=world.place,
        organisation=world.council,
        data={
            "title": title,
            "description": "Tell us how to make streets **greener**.",
            "who_can_take_part": "Anyone who lives, works or studies in Testshire.",
            "visibility": visibility,
            "components": ["ideas", "forums"],
        },
        missions=[public_mission(world)],
    )
    return process


def public_process(world: World) -> Process:
    process: Process = world.once("public_process", make_process)
    return process


def private_process(world: World) -> Process:
    process: Process = world.once(
        "private_process", lambda w: make_process(w, visibility="private", title="Quiet plans")
    )
    return process


def erin_idea(world: World) -> Idea:
    def build(w: World) -> Idea:
        idea = services.submit_idea(
            author=w.users["resident"],
            process=public_process(w),
            data={
                "title": "Trees on Mill Lane",
                "description": "Plant *ten* trees.",
                "area": "Northgate",
                "mission": public_mission(w),
            },
        )
        services.add_comment(author=w.users["partner_member"], idea=idea, body="Yes please")
        return idea

    idea: Idea = world.once("erin_idea", build)
    return idea


def private_idea(world: World) -> Idea:
    def build(w: World) -> Idea:
        return services.submit_idea(
            author=w.users["council_member"],
            process=private_process(w),
            data={"title": "Internal idea", "description": "Secret."},
        )

    idea: Idea = world.once("private_idea", build)
    return idea


def forum(world: World) -> Forum:
    def build(w: World) -> Forum:
        f = services.save_forum(
            actor=None,
            place=w.place,
            organisation=w.council,
            data={
                "title": "Streets forum",
                "description": "Open forum.",
                "kind": "accountability",
                "questions_open": True,
                "process": public_process(w),
            },
            missions=[public_mission(w)],
        )
        session = services.save_session(
            actor=None,
            forum=f,
            data={
                "title": "First session",
                "starts_at": timezone.now() + timedelta(days=7),
                "agenda": "1. Welcome",
            },
        )
        services.add_evidence(
            actor=None,
            session=session,
            data={"title": "Tree cover", "url": "https://example.org/trees"},
        )
        services.add_recommendation(
            actor=None,
            forum=f,
            data={
                "title": "Plant more trees",
                "text": "Plant 1,000 trees.",
                "mission": public_mission(w),
            },
        )
        services.ask_question(author=w.users["resident"], forum=f, text="When will it start?")
        return f

    f: Forum = world.once("forum", build)
    return f


def programme(world: World) -> Programme:
    def build(w: World) -> Programme:
        p = services.save_programme(
            actor=None,
            place=w.place,
            organisation=w.council,
            data={
                "title": "Green grants",
                "description": "Small grants.",
                "budget": Decimal("10000"),
                "max_award": Decimal("2000"),
                "closes_on": timezone.localdate() + timedelta(days=30),
            },
            missions=[public_mission(w)],
            criteria=[("Reach", 5, 2), ("Value for money", 5, 1)],
        )
        return p

    p: Programme = world.once("programme", build)
    return p


def erin_application(world: World) -> Application:
    def build(w: World) -> Application:
        a = services.apply_for_grant(
            applicant=w.users["resident"],
            programme=programme(w),
            data={
                "group_name": "Mill Lane Growers",
                "contact_email": "erin@example.org",
                "title": "Street planters",
                "summary": "Planters on Mill Lane.",
                "charity_number": "1234567",
            },
            lines=[("Planters", Decimal("600")), ("Soil", Decimal("150"))],
        )
        services.award_grant(actor=w.users["council_admin"], application=a, amount=Decimal("750"))
        return a

    a: Application = world.once("erin_application", build)
    return a


def feedback(world: World) -> Feedback:
    def build(w: World) -> Feedback:
        update = public_mission(w).updates.first()
        return services.leave_feedback(author=w.users["resident"], update=update, body="Nice.")

    item: Feedback = world.once("feedback", build)
    return item


def process_args(world: World) -> list[Any]:
    return [world.place.slug, public_process(world).slug]


def private_process_args(world: World) -> list[Any]:
    return [world.place.slug, private_process(world).slug]


def idea_args(world: World) -> list[Any]:
    return [world.place.slug, erin_idea(world).pk]


def private_idea_args(world: World) -> list[Any]:
    return [world.place.slug, private_idea(world).pk]


def comment_args(world: World) -> list[Any]:
    idea = erin_idea(world)
    return [world.place.slug, idea.pk, Comment.objects.filter(idea=idea).first().pk]  # type: ignore[union-attr]


def forum_args(world: World) -> list[Any]:
    return [world.place.slug, forum(world).pk]


def session_args(world: World) -> list[Any]:
    f = forum(world)
    return [world.place.slug, f.pk, Session.objects.filter(forum=f).first().pk]  # type: ignore[union-attr]


def recommendation_args(world: World) -> list[Any]:
    f = forum(world)
    return [world.place.slug, f.pk, Recommendation.objects.filter(forum=f).first().pk]  # type: ignore[union-attr]


def question_args(world: World) -> list[Any]:
    f = forum(world)
    return [world.place.slug, f.pk, Question.objects.filter(forum=f).first().pk]  # type: ignore[union-attr]


def programme_args(world: World) -> list[Any]:
    return [world.place.slug, programme(world).pk]


def application_args(world: World) -> list[Any]:
    a = erin_application(world)
    return [world.place.slug, a.programme_id, a.pk]


def update_args(world: World) -> list[Any]:
    return [world.place.slug, public_mission(world).updates.first().pk]  # type: ignore[union-attr]


def feedback_args(world: World) -> list[Any]:
    return [world.place.slug, feedback(world).pk]


def mission_args(world: World) -> list[Any]:
    return [world.place.slug, public_mission(world).slug]


def private_mission_args(world: World) -> list[Any]:
    return [world.place.slug, private_mission(world).slug]


__all__ = ["Programme"]
