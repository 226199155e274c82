"""Demo data for impact in uncertainty: Ashby Moor Council's self-assessment in two rounds, as a
leadership workshop and a staff survey each time (the 2025 workshop comes from the frameworks
seeder), risks weighed both ways, learning from several sources, and a board pack.

Survey answers come from a fixed random seed, so every run makes the same figures; running the
seeder again changes nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from placecraft.core.demo import DemoContext
from placecraft.core.models import Visibility
from placecraft.frameworks import services as fw_services
from placecraft.frameworks.models import Exercise, ExerciseStatus, Mode, SurveyTeam
from placecraft.impact import services
from placecraft.impact.library import load_starter_library
from placecraft.impact.models import Appetite, Origin, Resource, ResourceToolset, Risk
from placecraft.missions.models import Mission
from placecraft.sprints.models import Learning, LearningKind, Sprint

COUNCIL = "ashby-moor-council"
MISSION = "every-child-ready-for-school"
SEED = 20250901
STAGES = ["exploring", "experimenting", "embedding", "mission-led"]

# 2024 leadership workshop: (now, aim) per feature, one step behind 2025 on most features.
WORKSHOP_2024 = {
    "organisational-design": ("exploring", "experimenting"),
    "governance-and-decision-making": ("exploring", "experimenting"),
    "funding-and-finance": ("exploring", "exploring"),
    "people-and-capabilities": ("exploring", "experimenting"),
    "culture": ("exploring", "experimenting"),
    "data-and-learning": ("exploring", "experimenting"),
    "risk": ("exploring", "experimenting"),
    "partnerships": ("experimenting", "embedding"),
    "communities": ("exploring", "experimenting"),
}
# Staff surveys: the average stage index (0 = exploring) staff choose per feature, by year.
# Staff see the organisation a little behind where its leaders do, most of all on risk and
# governance.
STAFF = {
    "2024": {
        "organisational-design": 0.2,
        "governance-and-decision-making": 0.0,
        "funding-and-finance": 0.0,
        "people-and-capabilities": 0.3,
        "culture": 0.4,
        "data-and-learning": 0.2,
        "risk": 0.0,
        "partnerships": 0.8,
        "communities": 0.1,
    },
    "2025": {
        "organisational-design": 0.9,
        "governance-and-decision-making": 0.2,
        "funding-and-finance": 0.2,
        "people-and-capabilities": 0.9,
        "culture": 0.9,
        "data-and-learning": 0.6,
        "risk": 0.3,
        "partnerships": 1.1,
        "communities": 0.5,
    },
}
TEAMS = {
    "Adults and health": 9,
    "Children and families": 8,
    "Place and environment": 7,
    "Resources": 3,
}


def _workshop_2024(ctx: DemoContext) -> None:
    council = ctx.organisations[COUNCIL]
    title = "Leadership team self-assessment, March 2024"
    if Exercise.objects.filter(organisation=council, title=title).exists():
        return
    exercise = fw_services.create_exercise(
        actor=ctx.people["council_admin"],
        place=ctx.place,
        organisation=council,
        version=services.shifting_version(),
        data={
            "title": title,
            "mode": Mode.WORKSHOP,
            "subject_type": "organisation",
            "subject_id": council.pk,
            "round_label": "2024",
            "round_date": date(2024, 3, 14),
            "visibility": Visibility.PARTNERS,
            "facilitator": ctx.people["council_lead"],
            "participants": "Bina Shah\nCarl Hughes\nDirector of adult services\nDirector of place",
        },
    )
    answers: dict[str, Any] = {}
    for feature, (now, aim) in WORKSHOP_2024.items():
        answers[feature] = {"current_stage": now, "target_stage": aim}
    fw_services.save_workshop_answers(
        actor=ctx.people["council_lead"], exercise=exercise, answers=answers
    )
    fw_services.update_exercise(
        actor=ctx.people["council_admin"], exercise=exercise, data={"status": ExerciseStatus.CLOSED}
    )


def _staff_survey(ctx: DemoContext, year: str, when: date) -> None:
    council = ctx.organisations[COUNCIL]
    title = f"Staff survey: shifting towards impact, {year}"
    if Exercise.objects.filter(organisation=council, title=title).exists():
        return
    exercise = services.start_self_assessment(
        actor=ctx.people["council_admin"],
        place=ctx.place,
        organisation=council,
        mode=Mode.SURVEY,
        round_label=year,
        round_date=when,
        visibility=Visibility.PARTNERS,
    )
    rng = random.Random(SEED + int(year))  # noqa: S311 - made-up demo answers, not secrets
    for label, size in TEAMS.items():
        team = SurveyTeam.objects.create(exercise=exercise, label=label)
        for _ in range(size):
            answers: dict[str, Any] = {}
            for feature, centre in STAFF[year].items():
                now = max(0, min(3, round(rng.gauss(centre, 0.6))))
                aim = max(now, min(3, now + rng.choice((0, 1, 1, 2))))
                answers[feature] = {"current_stage": STAGES[now], "target_stage": STAGES[aim]}
            fw_services.submit_survey_response(exercise=exercise, team=team, answers=answers)
    fw_services.update_exercise(
        actor=ctx.people["council_admin"], exercise=exercise, data={"status": ExerciseStatus.CLOSED}
    )


RISKS: list[dict[str, Any]] = [
    {
        "title": "Pool early years budgets with the health visiting service",
        "mission": MISSION,
        "acting": "Money leaves the council's direct control, and the audit trail for the "
        "pooled fund is new to both organisations.",
        "acting_likelihood": 3,
        "acting_impact": 3,
        "not_acting": "Families keep falling between two services: the gap in school readiness "
        "between the most and least deprived wards keeps widening.",
        "not_acting_likelihood": 4,
        "not_acting_impact": 5,
        "mitigations": "- A joint board with a shared scheme of delegation\n- A six-month test "
        "with one locality before the whole borough",
        "appetite": Appetite.OPEN,
        "review_in": -9,  # overdue
    },
    {
        "title": "Let the sprint team trial a new two-year-old check",
        "mission": MISSION,
        "acting": "The trial check is not yet validated; some families may get mixed messages.",
        "acting_likelihood": 2,
        "acting_impact": 3,
        "not_acting": "We keep a check that misses speech and language delay until it is harder "
        "to help.",
        "not_acting_likelihood": 4,
        "not_acting_impact": 4,
        "mitigations": "Run the trial alongside the current check, with health visitors' "
        "agreement, and review every two weeks.",
        "appetite": Appetite.EAGER,
        "review_in": 20,
    },
    {
        "title": "Publish our indicator data as open data every quarter",
        "mission": None,
        "acting": "Figures may be misread or used to criticise the council before context is "
        "given.",
        "acting_likelihood": 3,
        "acting_impact": 2,
        "not_acting": "Partners and residents cannot see progress, and trust in the missions "
        "falls.",
        "not_acting_likelihood": 3,
        "not_acting_impact": 3,
        "mitigations": "Publish each figure with the lead's narrative and a plain-English note.",
        "appetite": Appetite.CAUTIOUS,
        "review_in": 60,
    },
]

LEARNING: list[dict[str, Any]] = [
    {
        "title": "Parents came to the stay-and-play sessions, not the drop-ins",
        "kind": LearningKind.WORKED,
        "origin": Origin.SPRINT,
        "origin_label": "Ready for school sprint",
        "what_we_tried": "Moving the speech and language drop-in into existing stay-and-play "
        "sessions at two children's centres.",
        "what_happened": "Attendance went from 4 families a week to 19.",
        "what_we_learned": "Go where parents already are, rather than asking them to come to a "
        "new service.",
        "what_we_will_change": "Offer the check at every stay-and-play session from September.",
        "themes": "outreach, early years",
        "visibility": Visibility.PARTNERS,
    },
    {
        "title": "The data-sharing agreement took five months",
        "kind": LearningKind.DID_NOT_WORK,
        "origin": Origin.PROJECT,
        "origin_label": "Early years data project",
        "what_we_tried": "Linking health visiting and nursery data to find children at risk of "
        "not being ready for school.",
        "what_happened": "Legal review went back and forth between four organisations; the "
        "project lost its analyst before the data arrived.",
        "what_we_learned": "Start information governance on day one, with one named owner in "
        "each organisation and a template agreement.",
        "what_we_will_change": "Use the combined authority's template agreement for every new "
        "mission data project.",
        "themes": "data sharing, information governance",
        "visibility": Visibility.PUBLIC,
    },
    {
        "title": "Residents wanted evening sessions",
        "kind": LearningKind.INSIGHT,
        "origin": Origin.FORUM,
        "origin_label": "Eastside families forum, June",
        "what_we_tried": "Asking the families forum how they would like to hear about early "
        "years support.",
        "what_happened": "Most working parents could not come to daytime sessions.",
        "what_we_learned": "Our offer was built around office hours, not families' lives.",
        "what_we_will_change": "Two evening sessions a month at the library.",
        "themes": "outreach, community voice",
        "visibility": Visibility.PUBLIC,
    },
    {
        "title": "Our first progress update was too long for the board to use",
        "kind": LearningKind.DID_NOT_WORK,
        "origin": Origin.UPDATE,
        "origin_label": "April to June update",
        "what_we_tried": "A twelve-page update with every figure we had.",
        "what_happened": "The board spent the meeting on the numbers and never got to decisions.",
        "what_we_learned": "Lead with three headline indicators and the decisions we need.",
        "what_we_will_change": "Updates now open with the decisions, and the board pack carries "
        "the detail.",
        "themes": "governance",
        "visibility": Visibility.PRIVATE,
    },
    {
        "title": "Naming the risk of not acting changed the budget conversation",
        "kind": LearningKind.WORKED,
        "origin": Origin.EXERCISE,
        "origin_label": "Leadership team self-assessment, March 2025",
        "what_we_tried": "Adding the risk of not acting to every mission decision paper.",
        "what_happened": "The pooled budget proposal was agreed at the second attempt.",
        "what_we_learned": "Decision makers weigh inaction once it is written down beside action.",
        "what_we_will_change": "Every risk in the register now has both sides.",
        "themes": "risk, governance",
        "visibility": Visibility.PARTNERS,
    },
]


def _risks(ctx: DemoContext, mission: Mission | None) -> None:
    council = ctx.organisations[COUNCIL]
    today = timezone.localdate()
    for spec in RISKS:
        if Risk.objects.filter(organisation=council, title=spec["title"]).exists():
            continue
        data = {k: v for k, v in spec.items() if k not in ("mission", "review_in")}
        services.create_risk(
            actor=ctx.people["council_lead"],
            place=ctx.place,
            organisation=council,
            data={
                **data,
                "mission": mission if spec["mission"] else None,
                "owner": ctx.people["council_lead"],
                "review_date": today + timedelta(days=spec["review_in"]),
                "visibility": Visibility.PARTNERS,
            },
        )


def _learning(ctx: DemoContext, mission: Mission | None) -> None:
    council = ctx.organisations[COUNCIL]
    sprint = Sprint.objects.filter(place=ctx.place, organisation=council).first()
    partner = ctx.organisations.get("wyvern-community-action")
    for i, spec in enumerate(LEARNING):
        if Learning.objects.filter(organisation=council, title=spec["title"]).exists():
            continue
        data = {
            k: spec[k]
            for k in (
                "title",
                "kind",
                "what_we_tried",
                "what_happened",
                "what_we_learned",
                "what_we_will_change",
                "visibility",
            )
        }
        data["mission"] = mission
        data["recorded_on"] = timezone.localdate() - timedelta(days=20 + 25 * i)
        if spec["origin"] == Origin.SPRINT and sprint is not None:
            data["sprint"] = sprint
        services.record_learning_entry(
            actor=ctx.people["council_contributor"],
            place=ctx.place,
            organisation=council,
            data=data,
            origin=spec["origin"],
            origin_label=spec["origin_label"],
            themes=services.themes_from_text(ctx.place, spec["themes"]),
            shared_with=[partner] if partner and spec["visibility"] == Visibility.PRIVATE else None,
        )


def _board_pack(ctx: DemoContext, mission: Mission | None) -> None:
    """Queue the council's board pack and run the queue, as the worker would."""
    from django_tasks_db.models import DBTaskResult

    from placecraft.reports import services as report_services
    from placecraft.reports.tasks import build_board_pack

    user = ctx.people["council_admin"]
    if DBTaskResult.objects.filter(
        task_path=build_board_pack.module_path, args_kwargs__kwargs__user_id=user.pk
    ).exists():
        return
    today = timezone.localdate()
    job = report_services.request_board_pack(
        actor=user,
        place=ctx.place,
        mission=mission,
        date_from=today - timedelta(days=365),
        date_to=today,
    )
    # Run it here as the worker would (claim, call, record the result): seed_demo runs in one
    # transaction, which the db_worker command's own connection handling would close.
    row = DBTaskResult.objects.get(id=job)
    row.claim("seed_demo")
    row.set_successful(build_board_pack.call(**row.args_kwargs["kwargs"]))
    ctx.extra["board_pack_job"] = job


def seed_impact(ctx: DemoContext) -> None:
    load_starter_library(Resource, ResourceToolset)
    mission = Mission.objects.filter(place=ctx.place, slug=MISSION).first()
    _workshop_2024(ctx)
    _staff_survey(ctx, "2024", date(2024, 4, 10))
    _staff_survey(ctx, "2025", date(2025, 4, 9))
    _risks(ctx, mission)
    _learning(ctx, mission)
    _board_pack(ctx, mission)
