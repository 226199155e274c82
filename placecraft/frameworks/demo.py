"""Demo data: Ashby Moor Council's missions mindset survey in two rounds, its own adaptation of
the framework, and a leadership workshop on shifting towards impact with actions.

Survey answers are generated with a fixed random seed, so every run of ``seed_demo`` makes the
same figures. Running the seeder again changes nothing.
"""

from __future__ import annotations

import copy
import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from placecraft.core.demo import DemoContext
from placecraft.core.models import Visibility
from placecraft.frameworks import services
from placecraft.frameworks.models import (
    ActionStatus,
    Exercise,
    ExerciseStatus,
    FrameworkVersion,
    Mode,
    SurveyTeam,
)

SEED = 20250414
COUNCIL = "ashby-moor-council"
ADAPTATION_NOTE = (
    "Ashby Moor's own wording: 'residents' is now 'people in Ashby Moor', the question on "
    "motivations is dropped, and a question on working with partners is added."
)

# team: (responses in round 1, responses in round 2, average by area in round 1).
# Areas: purpose-led, relational, curious problem-solving, navigating risk.
TEAMS: dict[str, tuple[int, int, tuple[float, float, float, float]]] = {
    "Adults and health": (14, 16, (3.9, 3.7, 3.2, 2.6)),
    "Children and families": (11, 12, (4.1, 3.5, 3.0, 2.4)),
    "Place and environment": (9, 10, (3.4, 3.2, 3.6, 3.0)),
    "Resources": (7, 8, (3.0, 3.3, 2.8, 2.9)),
    # Too few to report: shows how small groups are protected.
    "Chief executive's office": (3, 4, (4.2, 4.0, 3.8, 3.4)),
}
# How far each area moved between the rounds, after a year of sprints and risk conversations.
CHANGE = (0.15, 0.25, 0.45, 0.55)
COMMENTS = {
    "purpose-led-reflection": [
        "We would have asked people who use the service before deciding the budget.",
        "Less focus on this quarter's indicators and more on what changes for families.",
        "We would have spent longer on prevention rather than the waiting list.",
    ],
    "relational-reflection": [
        "Our relationship with the housing association: a monthly catch-up would help.",
        "The voluntary sector forum. I could go to the next meeting.",
        "Colleagues in public health, we work on the same problems separately.",
    ],
    "curious-problem-solving-reflection": [
        "Hospital discharge delays. The care providers see it very differently.",
        "Fly-tipping on the estates. Residents know where and when it happens.",
        "Late payments to small suppliers. Procurement and finance could look at it together.",
    ],
    "navigating-risk-reflection": [
        "A community-led pilot was stopped because nobody owned the risk.",
        "We waited a year for a policy decision while the problem got worse.",
        "A data-sharing agreement took so long the partner gave up.",
    ],
}


def _rating(rng: random.Random, centre: float) -> int:
    return max(1, min(5, round(rng.gauss(centre, 0.85))))


def _answers(
    version: FrameworkVersion, centres: dict[str, float], rng: random.Random
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for section in version.content.sections:
        for prompt in section.prompts:
            if prompt.kind == "rating":
                # Each person has their own leaning; each statement a little noise.
                answers[prompt.slug] = {"rating": _rating(rng, centres[section.slug])}
            elif prompt.kind == "reflection" and prompt.slug in COMMENTS and rng.random() < 0.3:
                answers[prompt.slug] = {"text": rng.choice(COMMENTS[prompt.slug])}
    return answers


def _adaptation(ctx: DemoContext, base: FrameworkVersion) -> FrameworkVersion:
    council = ctx.organisations[COUNCIL]
    existing = FrameworkVersion.objects.filter(
        framework=base.framework, organisation=council, note=ADAPTATION_NOTE
    ).first()
    if existing:
        return existing
    definition = copy.deepcopy(base.definition)
    for section in definition["sections"]:
        for prompt in section["prompts"]:
            prompt["text"] = prompt["text"].replace("residents", "people in Ashby Moor")
        if section["slug"] == "relational":
            section["prompts"] = [
                p for p in section["prompts"] if p["slug"] != "understand-motivations"
            ]
            section["prompts"].insert(
                3,
                {
                    "slug": "partners-in-the-room",
                    "kind": "rating",
                    "text": "When we plan a piece of work, partners from outside the council are "
                    "involved from the start, not consulted at the end.",
                    "help": None,
                    "scale": "agreement",
                    "if_not_met": None,
                    "levels": [],
                },
            )
    return services.adapt_framework(
        actor=ctx.people["council_admin"],
        organisation=council,
        base=base,
        definition=definition,
        note=ADAPTATION_NOTE,
    )


def _survey_round(
    ctx: DemoContext, version: FrameworkVersion, title: str, label: str, when: date, round_no: int
) -> Exercise:
    council = ctx.organisations[COUNCIL]
    exercise = Exercise.objects.filter(organisation=council, title=title).first()
    if exercise is not None:
        return exercise
    exercise = services.create_exercise(
        actor=ctx.people["council_admin"],
        place=ctx.place,
        organisation=council,
        version=version,
        data={
            "title": title,
            "mode": Mode.SURVEY,
            "subject_type": "organisation",
            "subject_id": council.pk,
            "round_label": label,
            "round_date": when,
            "visibility": Visibility.PARTNERS,
            "facilitator": ctx.people["council_lead"],
        },
    )
    rng = random.Random(SEED + round_no)  # noqa: S311 - made-up demo answers, not secrets
    areas = [s.slug for s in version.content.sections]
    for team_label, (first, second, means) in TEAMS.items():
        team = SurveyTeam.objects.create(exercise=exercise, label=team_label)
        for _ in range(first if round_no == 1 else second):
            leaning = rng.gauss(0, 0.35)
            centres = {
                area: means[i] + leaning + (CHANGE[i] if round_no == 2 else 0)
                for i, area in enumerate(areas)
            }
            services.submit_survey_response(
                exercise=exercise, team=team, answers=_answers(version, centres, rng)
            )
    services.update_exercise(
        actor=ctx.people["council_admin"], exercise=exercise, data={"status": ExerciseStatus.CLOSED}
    )
    return exercise


# feature: (now, aim, evidence)
WORKSHOP = {
    "organisational-design": (
        "experimenting",
        "embedding",
        "Two sprint teams ran this year; both disbanded at the end.",
    ),
    "governance-and-decision-making": (
        "exploring",
        "experimenting",
        "Mission decisions still go through every service board.",
    ),
    "funding-and-finance": (
        "exploring",
        "experimenting",
        "No budget line yet that spans services for a mission.",
    ),
    "people-and-capabilities": (
        "experimenting",
        "embedding",
        "Forty staff trained in sprint methods; no role profiles changed.",
    ),
    "culture": (
        "experimenting",
        "embedding",
        "The mindset survey shows confidence with risk rising, from a low base.",
    ),
    "data-and-learning": (
        "exploring",
        "experimenting",
        "Indicators exist for one mission; learning is not written down.",
    ),
    "risk": (
        "exploring",
        "experimenting",
        "The risk register lists risks of acting but never of not acting.",
    ),
    "partnerships": (
        "experimenting",
        "embedding",
        "The health and care partnership shares a mission board.",
    ),
    "communities": (
        "exploring",
        "experimenting",
        "One citizens' panel so far; residents are not on mission boards.",
    ),
}


def _workshop(ctx: DemoContext) -> None:
    council = ctx.organisations[COUNCIL]
    title = "Leadership team self-assessment, March 2025"
    if Exercise.objects.filter(organisation=council, title=title).exists():
        return
    version = FrameworkVersion.objects.filter(
        framework__slug="shifting-towards-impact", organisation=None
    ).latest("number")
    admin, lead = ctx.people["council_admin"], ctx.people["council_lead"]
    exercise = services.create_exercise(
        actor=admin,
        place=ctx.place,
        organisation=council,
        version=version,
        data={
            "title": title,
            "mode": Mode.WORKSHOP,
            "subject_type": "organisation",
            "subject_id": council.pk,
            "round_label": "2025",
            "round_date": date(2025, 3, 12),
            "visibility": Visibility.PARTNERS,
            "facilitator": lead,
            "participants": "Bina Shah\nCarl Hughes\nDee Morgan\nDirector of adult services\n"
            "Director of place\nChief finance officer",
        },
    )
    answers: dict[str, Any] = {}
    for feature, (now, aim, evidence) in WORKSHOP.items():
        answers[feature] = {"current_stage": now, "target_stage": aim}
        answers[f"{feature}-evidence"] = {"text": evidence}
    services.save_workshop_answers(actor=lead, exercise=exercise, answers=answers)
    today = timezone.localdate()
    for title_, owner, due, status in (
        (
            "Add the risk of not acting to every mission decision paper",
            "council_lead",
            today - timedelta(days=12),
            ActionStatus.IN_PROGRESS,
        ),
        (
            "Agree a pooled budget line for the healthy ageing mission",
            "council_admin",
            today + timedelta(days=40),
            ActionStatus.NOT_STARTED,
        ),
        (
            "Keep the next sprint team together as a standing mission team",
            "council_contributor",
            today + timedelta(days=5),
            ActionStatus.NOT_STARTED,
        ),
        (
            "Publish what we learned from the first two sprints",
            "council_contributor",
            today - timedelta(days=30),
            ActionStatus.DONE,
        ),
    ):
        services.create_action(
            actor=lead,
            exercise=exercise,
            data={"title": title_, "owner": ctx.people[owner], "due_date": due, "status": status},
        )


def seed_frameworks(ctx: DemoContext) -> None:
    services.load_frameworks()
    base = FrameworkVersion.objects.filter(
        framework__slug="missions-mindset", organisation=None
    ).latest("number")
    _survey_round(
        ctx, base, "Missions mindset survey, spring 2024", "Spring 2024", date(2024, 4, 15), 1
    )
    adapted = _adaptation(ctx, base)
    second = _survey_round(
        ctx, adapted, "Missions mindset survey, spring 2025", "Spring 2025", date(2025, 4, 14), 2
    )
    if not second.actions.exists():
        services.create_action(
            actor=ctx.people["council_admin"],
            exercise=second,
            data={
                "title": "Run risk conversations with every directorate management team",
                "owner": ctx.people["council_lead"],
                "due_date": timezone.localdate() + timedelta(days=21),
            },
        )
    _workshop(ctx)
