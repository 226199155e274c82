"""Objects for the impact and reports tests, the access matrix and the page registry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from placecraft.core.models import Visibility
from placecraft.frameworks import services as fw_services
from placecraft.frameworks.models import Exercise, Mode, SurveyTeam
from placecraft.frameworks.tests.factories import shipped
from placecraft.impact import services
from placecraft.impact.models import Risk
from placecraft.missions.models import Mission, MissionStatus
from placecraft.sprints.models import Learning, LearningKind
from placecraft.testing import World

STAGES = ["exploring", "experimenting", "embedding", "mission-led"]


def make_mission(world: World, slug: str = "healthy-homes", **data: Any) -> Mission:
    values: dict[str, Any] = {
        "place": world.place,
        "organisation": world.council,
        "title": slug.replace("-", " ").capitalize(),
        "slug": slug,
        "statement": "A statement.",
        "ambition": "An ambition.",
        "horizon_year": 2030,
        "status": MissionStatus.ACTIVE,
        "visibility": Visibility.PARTNERS,
        **data,
    }
    return Mission.objects.create(**values)


def make_risk(world: World, visibility: str = Visibility.PRIVATE, **data: Any) -> Risk:
    values: dict[str, Any] = {
        "title": f"A {visibility} risk",
        "acting": "Acting could go wrong.",
        "acting_likelihood": 2,
        "acting_impact": 3,
        "not_acting": "Doing nothing could go wrong.",
        "not_acting_likelihood": 4,
        "not_acting_impact": 5,
        "review_date": timezone.localdate() + timedelta(days=30),
        "visibility": visibility,
        **data,
    }
    return services.create_risk(
        actor=world.users["council_admin"],
        place=world.place,
        organisation=data.pop("organisation", world.council),
        data=values,
    )


def make_learning(world: World, visibility: str = Visibility.PRIVATE, **data: Any) -> Learning:
    origin = data.pop("origin", "project")
    themes = data.pop("themes", "data sharing")
    values: dict[str, Any] = {
        "title": f"A {visibility} lesson",
        "kind": LearningKind.DID_NOT_WORK,
        "what_we_tried": "Tried a thing.",
        "what_happened": "It did not go to plan.",
        "what_we_learned": "Start earlier.",
        "visibility": visibility,
        **data,
    }
    return services.record_learning_entry(
        actor=world.users["council_admin"],
        place=world.place,
        organisation=data.pop("organisation", world.council),
        data=values,
        origin=origin,
        origin_label="Data project",
        themes=services.themes_from_text(world.place, themes),
    )


def make_workshop(
    world: World, stages: dict[str, tuple[str, str]], label: str, when: date
) -> Exercise:
    shipped("shifting-towards-impact")  # browser tests flush the migration's frameworks
    exercise = services.start_self_assessment(
        actor=world.users["council_admin"],
        place=world.place,
        organisation=world.council,
        mode=Mode.WORKSHOP,
        round_label=label,
        round_date=when,
        visibility=Visibility.PARTNERS,
    )
    fw_services.save_workshop_answers(
        actor=world.users["council_admin"],
        exercise=exercise,
        answers={
            f: {"current_stage": now, "target_stage": aim} for f, (now, aim) in stages.items()
        },
    )
    return exercise


def make_survey(
    world: World,
    teams: dict[str, list[tuple[str, str]]],
    label: str,
    when: date,
    feature: str = "risk",
) -> Exercise:
    """A staff survey; each team's list holds one (now, aim) answer to ``feature`` per
    respondent."""
    shipped("shifting-towards-impact")
    exercise = services.start_self_assessment(
        actor=world.users["council_admin"],
        place=world.place,
        organisation=world.council,
        mode=Mode.SURVEY,
        round_label=label,
        round_date=when,
        visibility=Visibility.PARTNERS,
    )
    for team_label, answers in teams.items():
        team = SurveyTeam.objects.create(exercise=exercise, label=team_label)
        for now, aim in answers:
            fw_services.submit_survey_response(
                exercise=exercise,
                team=team,
                answers={feature: {"current_stage": now, "target_stage": aim}},
            )
    return exercise


def finished_board_pack(world: World, user: str = "council_admin") -> str:
    """A board pack job marked done, with a small stand-in file, as the worker leaves it."""
    from django_tasks_db.models import DBTaskResult

    from placecraft.reports.tasks import build_board_pack

    result = build_board_pack.enqueue(
        user_id=world.users[user].pk,
        place_id=world.place.pk,
        mission_id=None,
        date_from="2025-01-01",
        date_to="2025-12-31",
    )
    name = default_storage.save("board-packs/test.pdf", ContentFile(b"%PDF-1.4\n%test\n"))
    row = DBTaskResult.objects.get(id=result.id)
    row.claim("test")
    row.set_successful({"file": name, "bytes": 15, "title": "Portfolio board pack", "refused": 0})
    return str(result.id)
