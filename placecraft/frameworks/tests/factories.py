"""Objects for the frameworks tests, the access matrix and the page registry."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from placecraft.core.models import Visibility
from placecraft.frameworks import services
from placecraft.frameworks.models import (
    Action,
    Exercise,
    Framework,
    FrameworkVersion,
    Mode,
    ResponseAccess,
    SurveyTeam,
)
from placecraft.testing import World


def ensure_frameworks() -> None:
    """The data migration stores the frameworks, but transactional tests flush the database."""
    if Framework.objects.count() < 7:
        services.load_frameworks()


def shipped(slug: str) -> FrameworkVersion:
    ensure_frameworks()
    return FrameworkVersion.objects.filter(framework__slug=slug, organisation=None).latest("number")


def make_exercise(world: World, slug: str, mode: str, **data: Any) -> Exercise:
    version = data.pop("version", None) or shipped(slug)
    organisation = data.pop("organisation", world.council)
    values = {
        "title": f"{version.title} {mode}",
        "mode": mode,
        "subject_type": "organisation",
        "subject_id": organisation.pk,
        "visibility": Visibility.PRIVATE,
        **data,
    }
    return services.create_exercise(
        actor=world.users["council_admin"],
        place=organisation.place,
        organisation=organisation,
        version=version,
        data=values,
    )


def mindset_answers(
    version: FrameworkVersion, rng: random.Random, centre: float = 3.5
) -> dict[str, dict[str, Any]]:
    answers: dict[str, dict[str, Any]] = {}
    for prompt in version.content.prompts:
        if prompt.kind == "rating":
            answers[prompt.slug] = {"rating": max(1, min(5, round(rng.gauss(centre, 0.9))))}
        elif prompt.kind == "reflection" and rng.random() < 0.3:
            answers[prompt.slug] = {"text": rng.choice(["More time to talk.", "Clearer goals."])}
    return answers


def make_survey(
    world: World, teams: dict[str, int], *, no_team: int = 0, seed: int = 1, **data: Any
) -> Exercise:
    """A mindset survey with ``teams`` {label: number of responses}, answered through open
    links unless ``response_access`` says otherwise."""
    data.setdefault("response_access", ResponseAccess.LINK)
    exercise = make_exercise(world, "missions-mindset", Mode.SURVEY, **data)
    rng = random.Random(seed)
    for label, count in teams.items():
        team = SurveyTeam.objects.create(exercise=exercise, label=label)
        for _ in range(count):
            services.submit_survey_response(
                exercise=exercise, team=team, answers=mindset_answers(exercise.version, rng)
            )
    for _ in range(no_team):
        services.submit_survey_response(
            exercise=exercise, team=None, answers=mindset_answers(exercise.version, rng)
        )
    return exercise


def matrix_workshop(world: World) -> Exercise:
    """A workshop that partners can see (so they get 403, not 404, when they try to change it)."""

    def make(w: World) -> Exercise:
        exercise = make_exercise(
            w,
            "shifting-towards-impact",
            Mode.WORKSHOP,
            visibility=Visibility.PARTNERS,
            participants="Bob Boss\nCharlie Council",
        )
        services.save_workshop_answers(
            actor=w.users["council_admin"],
            exercise=exercise,
            answers={
                "organisational-design": {
                    "current_stage": "exploring",
                    "target_stage": "embedding",
                },
                "organisational-design-evidence": {"text": "Teams are still siloed."},
            },
        )
        services.create_action(
            actor=w.users["council_admin"],
            exercise=exercise,
            data={
                "title": "Set up a cross-service sprint team",
                "owner": w.users["council_member"],
                "due_date": date.today() - timedelta(days=3),
            },
        )
        return exercise

    result: Exercise = world.once("fw_workshop", make)
    return result


def matrix_survey(world: World) -> Exercise:
    """A private survey with a team of five (results shown) and a team of two (not shown)."""
    result: Exercise = world.once(
        "fw_survey", lambda w: make_survey(w, {"Adults": 5, "Finance": 2}, round_label="Spring")
    )
    return result


def matrix_code_survey(world: World) -> Exercise:
    """A survey answered with single-use codes, with a team and one unused code."""

    def make(w: World) -> Exercise:
        exercise = make_survey(w, {"Adults": 0}, response_access=ResponseAccess.CODES, seed=5)
        services.make_codes(
            actor=w.users["council_admin"], exercise=exercise, team=exercise.teams.get(), number=1
        )
        return exercise

    result: Exercise = world.once("fw_code_survey", make)
    return result


def matrix_adaptation(world: World) -> FrameworkVersion:
    def make(w: World) -> FrameworkVersion:
        base = shipped("missions-mindset")
        definition = dict(base.definition)
        sections = [dict(s) for s in definition["sections"]]
        sections[0] = {**sections[0], "prompts": sections[0]["prompts"][1:]}
        definition["sections"] = sections
        return services.adapt_framework(
            actor=w.users["council_admin"],
            organisation=w.council,
            base=base,
            definition=definition,
            note="Dropped the first prompt.",
        )

    result: FrameworkVersion = world.once("fw_adaptation", make)
    return result


def matrix_action(world: World) -> Action:
    return matrix_workshop(world).actions.get()
