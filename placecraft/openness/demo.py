# ruff: noqa: E501 - the demo's prose reads better unwrapped.
"""Demo weeknotes, a story with consent, a past and an upcoming event with registrations (one
full, with a waiting list), commitments restated at the past event, and champions. Idempotent."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from placecraft.core.demo import DemoContext
from placecraft.core.models import Visibility
from placecraft.missions.models import Mission
from placecraft.openness import services
from placecraft.openness.models import (
    Champion,
    CommitmentKind,
    DigestSubscription,
    Event,
    EventKind,
    PublishStatus,
    Registration,
    Story,
    Weeknote,
)

COUNCIL = "ashby-moor-council"

WEEKNOTES = [
    (
        3,
        "Weeknote: following a two-year check",
        "council_contributor",
        "This week we followed the journey of a two-year check result from the health visitor to the family hub.\n\n- In one locality, results still travel **by fax**\n- Nobody owns the hand-off, so it often does not happen\n\nNext week: talking to parents at Ashby and Moorside hubs.",
    ),
    (
        2,
        "Weeknote: what parents told us",
        "council_contributor",
        "We met eight parents. The clearest message: *hear from one person, not three services*.\n\nWe are drafting consent wording with four of them.",
    ),
    (
        1,
        "Weeknote: testing a shared referral form",
        "council_lead",
        "Two hubs started testing a shared referral form. The surprise: hub staff did not want a new system, they wanted ten minutes a week with the health visitor.\n\n| Week | Referrals |\n| --- | --- |\n| 1 | 3 |\n| 2 | 7 |",
    ),
]


def _at(day_offset: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_openness(ctx: DemoContext) -> None:
    today = timezone.localdate()
    council = ctx.organisations[COUNCIL]
    authority = ctx.organisations["wyvern-valley-combined-authority"]
    missions = ctx.extra.get("missions") or {
        m.slug: m for m in Mission.objects.filter(place=ctx.place)
    }
    school = missions.get("every-child-ready-for-school")
    health = missions.get("healthier-fairer-valley")
    sprint = ctx.extra.get("sprint")

    # Weeknotes, published over the last three weeks.
    for weeks_ago, title, person, body in WEEKNOTES:
        if Weeknote.objects.filter(place=ctx.place, title=title).exists():
            continue
        note = services.save_weeknote(
            actor=ctx.people[person],
            place=ctx.place,
            organisation=council,
            data={
                "title": title,
                "body": body,
                "week_of": today - timedelta(days=today.weekday(), weeks=weeks_ago),
                "team_name": "Two-year checks sprint team",
                "sprint": sprint,
                "visibility": Visibility.PUBLIC,
                "status": PublishStatus.PUBLISHED,
            },
            missions=[school] if school else [],
        )
        Weeknote.objects.filter(pk=note.pk).update(
            published_at=timezone.now() - timedelta(weeks=weeks_ago - 1, days=3)
        )
    DigestSubscription.objects.get_or_create(
        place=ctx.place,
        email="rosa.lind@wyvern.example",
        defaults={"user": ctx.people.get("resident"), "confirmed_at": timezone.now()},
    )

    # A story with the consent of the two people in it.
    story = Story.objects.filter(place=ctx.place, slug="one-person-not-three-services").first()
    if story is None:
        story = services.save_story(
            actor=ctx.people["council_contributor"],
            place=ctx.place,
            organisation=council,
            data={
                "title": "One person, not three services",
                "slug": "one-person-not-three-services",
                "summary": "How a mother in Moorside helped rewrite the way family hubs hear about two-year checks.",
                "narrative": "When Amira's son had his two-year check, the health visitor noticed his speech was behind. Three months later, nobody had called.\n\n> I didn't know who to ask. I thought someone would ring.\n\nAmira joined four other parents to rewrite the consent form in plain words. Now the family hub hears within a week, and **one named person** makes the first call.",
                "mission": school,
                "is_case_study": True,
                "visibility": Visibility.PUBLIC,
            },
        )
        for name, description, given_by in (
            ("Amira", "parent, Moorside", "Amira Haddad"),
            ("Lauren", "family hub worker, Ashby", "Lauren Pike"),
        ):
            services.add_voice(
                actor=ctx.people["council_contributor"],
                story=story,
                data={
                    "name": name,
                    "description": description,
                    "consent_given_by": given_by,
                    "consent_given_on": today - timedelta(days=20),
                    "consent_uses": ["website", "reports"],
                },
            )
        services.publish_story(actor=ctx.people["council_contributor"], story=story)

    # A past convening (with commitments restated) and an upcoming forum that is full.
    past = Event.objects.filter(place=ctx.place, slug="valley-missions-convening").first()
    if past is None:
        past = services.save_event(
            actor=ctx.people["authority_lead"],
            place=ctx.place,
            organisation=authority,
            data={
                "title": "Valley missions convening",
                "slug": "valley-missions-convening",
                "kind": EventKind.CONVENING,
                "summary": "The annual gathering of everyone working on the valley's missions.",
                "agenda": "1. Where the missions stand\n2. Stories from the sprints\n3. Partners restate their commitments",
                "starts_at": _at(-30, 10),
                "ends_at": _at(-30, 15),
                "venue": "Brackford Corn Exchange",
                "address": "Market Street\nBrackford",
                "accessibility": "Step-free access, hearing loop, quiet room on the first floor.",
                "capacity": 120,
                "registration_open": True,
                "visibility": Visibility.PUBLIC,
                "write_up": "Ninety-four people came. Partners restated six commitments and made two new ones; the Eastside residents asked for the next convening to be held in the evening.",
            },
        )
        Registration.objects.bulk_create(
            [
                Registration(
                    event=past,
                    name=f"Guest {n}",
                    email=f"guest{n}@wyvern.example",
                    status="confirmed",
                    created_at=timezone.now() - timedelta(days=40),
                )
                for n in range(1, 13)
            ]
        )
        for org_slug, mission, text, kind in (
            (
                "wyvern-valley-icb",
                health,
                "Move £1.2m into neighbourhood health teams",
                CommitmentKind.RESTATED,
            ),
            (
                "northgate-logistics",
                health,
                "Offer 40 supported jobs to people returning to work after illness",
                CommitmentKind.MADE,
            ),
            (
                "wyvern-community-action",
                school,
                "Train 20 parent champions for the family hubs",
                CommitmentKind.MADE,
            ),
        ):
            services.record_commitment(
                actor=ctx.people["authority_lead"],
                event=past,
                kind=kind,
                organisation=ctx.organisations[org_slug],
                mission=mission,
                text=text,
            )
    upcoming = Event.objects.filter(place=ctx.place, slug="family-hubs-forum").first()
    if upcoming is None:
        upcoming = services.save_event(
            actor=ctx.people["council_lead"],
            place=ctx.place,
            organisation=council,
            data={
                "title": "Family hubs forum",
                "slug": "family-hubs-forum",
                "kind": EventKind.FORUM,
                "summary": "Parents, hub staff and health visitors on what the sprint found and what happens next.",
                "agenda": "- What the sprint learned\n- Try the new referral form\n- Your questions",
                "starts_at": _at(14, 18),
                "ends_at": _at(14, 20),
                "venue": "Moorside Family Hub",
                "address": "12 Chapel Lane\nMoorside",
                "accessibility": "Step-free. Crèche on site: tell us when you book.",
                "capacity": 4,
                "mission": school,
                "registration_open": True,
                "visibility": Visibility.PUBLIC,
            },
        )
        for n, needs in enumerate(
            [
                "",
                "Wheelchair user",
                "",
                "British Sign Language interpreter",
                "Crèche place for a 3-year-old",
            ],
            start=1,
        ):
            services.register(
                event=upcoming,
                name=f"Parent {n}",
                email=f"parent{n}@wyvern.example",
                accessibility_needs=needs,
            )

    # Champions from several sectors.
    for name, sector, affiliation, what, mission in (
        (
            "Grace Mensah",
            "education",
            "Head teacher, Moorside Primary",
            "Opens the school hall for stay-and-play sessions and tells other heads what works.",
            school,
        ),
        (
            "Dr Sam Whitley",
            "health",
            "GP, Eastside Health Centre",
            "Brings GP practices into the healthy years work and speaks at every convening.",
            health,
        ),
        (
            "Pat O'Neill",
            "resident",
            "Eastside resident",
            "Runs a walking group for older men and made loneliness part of the health mission.",
            health,
        ),
    ):
        slug = name.lower().replace(" ", "-").replace("'", "").replace(".", "")
        if Champion.objects.filter(place=ctx.place, slug=slug).exists():
            continue
        services.save_champion(
            actor=ctx.people["authority_lead"],
            place=ctx.place,
            organisation=authority,
            data={
                "name": name,
                "slug": slug,
                "sector": sector,
                "affiliation": affiliation,
                "what_they_do": what,
                "agreed_on": today - timedelta(days=60),
                "visibility": Visibility.PUBLIC,
            },
            missions=[mission] if mission else [],
        )
