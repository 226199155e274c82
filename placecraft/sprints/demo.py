# ruff: noqa: E501 - the demo's prose reads better unwrapped.
"""Demo sprint for Wyvern Valley: an active sprint on school readiness with a team from three
council departments and two partners, a board, check-ins, a health-check workshop in which the
team judged one condition not met, and learning entries. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from placecraft.core.demo import DemoContext
from placecraft.core.models import Visibility
from placecraft.frameworks import services as framework_services
from placecraft.missions.models import Mission
from placecraft.sprints import health, services
from placecraft.sprints.models import (
    CheckIn,
    Learning,
    LearningKind,
    LearningSource,
    Sprint,
    TeamMember,
    WorkItem,
)

COUNCIL = "ashby-moor-council"
SLUG = "two-year-checks-to-family-hubs"

TEAM = [
    ("Dee Morgan", COUNCIL, "Early help", "Sprint lead", 16, "council_contributor"),
    ("Carl Hughes", COUNCIL, "Children's services", "Service owner", 8, "council_lead"),
    ("Priya Nair", COUNCIL, "Data and insight", "Analyst", 8, None),
    ("Jo Adeyemi", "wyvern-community-action", "", "Parent voice", 6, "vcse_admin"),
    ("Ian Doyle", "wyvern-valley-icb", "Health visiting", "Health visitor lead", 6, "icb_admin"),
]
ITEMS = [
    ("Map how two-year check results reach family hubs today", "done"),
    ("Interview eight parents about the two-year check", "done"),
    ("Prototype a consent wording with parents", "doing"),
    ("Test a shared referral form with two hubs", "doing"),
    ("Agree data sharing with the ICB's information governance lead", "todo"),
    ("Write up what we learned for the early years network", "todo"),
]
CHECK_INS = [
    (
        4,
        "Mapped the journey of a two-year check result from health visitor to family hub.",
        "Results travel by fax in one locality. Nobody owns the hand-off.",
        "",
    ),
    (
        3,
        "Interviewed eight parents at Ashby and Moorside hubs.",
        "Parents want to hear from one person, not three services.",
        "We need a decision on sharing check results before we can test with real families.",
    ),
    (
        2,
        "Drafted consent wording with four parents.",
        "Plain words about who sees what doubled the number who said yes.",
        "",
    ),
    (
        1,
        "Started testing the shared referral form at two hubs.",
        "Hub staff need ten minutes a week with the health visitor, not a new system.",
        "Line managers in early help are pulling Dee back to casework two days a week.",
    ),
]
LEARNINGS = [
    (
        "Parents say yes when consent is in plain words",
        LearningKind.WORKED,
        "Rewriting the consent form with parents.",
        "Nine in ten parents agreed to share the two-year check with their hub, up from four in ten.",
        "Write consent with the people giving it, not for them.",
        "Use the parent-written wording in every family hub from September.",
        Visibility.PUBLIC,
    ),
    (
        "A weekly ten-minute huddle beat a new IT system",
        LearningKind.BLOCKER,
        "Waiting for a shared case system.",
        "Nothing moved for two weeks while we waited for IT.",
        "The blocker was a conversation, not software: a short weekly huddle between health visitors and hub staff did the job.",
        "Keep the huddle and drop the system request.",
        Visibility.PARTNERS,
    ),
]


def seed_sprints(ctx: DemoContext) -> None:
    today = timezone.localdate()
    council = ctx.organisations[COUNCIL]
    missions = ctx.extra.get("missions") or {}
    mission = (
        missions.get("every-child-ready-for-school")
        or Mission.objects.filter(place=ctx.place, slug="every-child-ready-for-school").first()
    )
    lead = ctx.people.get("council_lead")
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=4)
    sprint = Sprint.objects.filter(place=ctx.place, slug=SLUG).first()
    if sprint is None:
        sprint = services.create_sprint(
            actor=lead,
            place=ctx.place,
            organisation=council,
            data={
                "slug": SLUG,
                "title": "Two-year checks to family hubs",
                "problem": "Families who need help after their child's two-year check often wait months, because results do not reach the family hub that could help.",
                "start_date": start,
                "end_date": start + timedelta(weeks=8),
                "mission": mission,
                "champion_name": "Bina Shah",
                "champion_role": "Director of Children's Services",
                "champion_user": ctx.people.get("council_admin"),
                "practices": ["user-research", "prototyping", "test-and-learn"],
                "visibility": Visibility.PUBLIC,
                "summary_public": True,
                "outcome": "Two family hubs now hear about every two-year check that flags a need within a week, and parents wrote the consent wording.",
            },
        )
    ctx.extra["sprint"] = sprint
    for name, org_slug, department, role, hours, person in TEAM:
        TeamMember.objects.update_or_create(
            sprint=sprint,
            name=name,
            defaults={
                "organisation": ctx.organisations[org_slug],
                "department": department,
                "role": role,
                "hours_per_week": hours,
                "user": ctx.people.get(person) if person else None,
            },
        )
    for position, (title, status) in enumerate(ITEMS, start=1):
        WorkItem.objects.update_or_create(
            sprint=sprint, title=title, defaults={"status": status, "position": position}
        )
    for weeks_ago, did, learned, blockers in CHECK_INS:
        CheckIn.objects.update_or_create(
            sprint=sprint,
            week_of=today - timedelta(days=today.weekday()) - timedelta(weeks=weeks_ago),
            defaults={
                "did": did,
                "learned": learned,
                "blockers": blockers,
                "author": ctx.people.get("council_contributor"),
            },
        )
    # The team's own health check: the data shows every other condition met, and the team judged
    # that it is not yet working with a missions mindset.
    if health.latest_exercise(sprint) is None and lead is not None:
        exercise = services.start_health_check(actor=lead, sprint=sprint)
        answers = {
            slug: {"state": "met", "evidence": ""}
            for slug in health.CONDITIONS
            if slug != "missions-mindset"
        }
        answers["missions-mindset"] = {
            "state": "not-met",
            "evidence": "We still wait for permission before testing ideas with parents.",
        }
        framework_services.save_workshop_answers(actor=lead, exercise=exercise, answers=answers)
    partners = [
        ctx.organisations["wyvern-community-action"],
        ctx.organisations["wyvern-valley-icb"],
    ]
    for title, kind, tried, happened, learned, change, visibility in LEARNINGS:
        if Learning.objects.filter(place=ctx.place, sprint=sprint, title=title).exists():
            continue
        services.record_learning(
            actor=ctx.people.get("council_contributor"),
            place=ctx.place,
            organisation=council,
            data={
                "title": title,
                "kind": kind,
                "what_we_tried": tried,
                "what_happened": happened,
                "what_we_learned": learned,
                "what_we_will_change": change,
                "visibility": visibility,
                "sprint": sprint,
                "source_type": LearningSource.SPRINT,
                "source_id": sprint.pk,
            },
            shared_with=partners,
        )
