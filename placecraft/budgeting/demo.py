# ruff: noqa: E501 - the demo's prose reads better unwrapped.
"""Demo participatory budgets for Wyvern Valley: a closed round with results and their
explanation, and an open one to vote in. The ballots of the closed round are generated (a
fixed random seed, so every demo is the same) and clearly illustrative."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from placecraft.budgeting import services
from placecraft.budgeting.models import (
    Ballot,
    BallotType,
    Channel,
    Connection,
    CountStatus,
    Feasibility,
    Phase,
    Project,
    Round,
    Rule,
)
from placecraft.core.demo import DemoContext
from placecraft.core.models import Visibility

CLOSED_TITLE = "Ashby Moor Neighbourhood Fund 2025"
OPEN_TITLE = "Brackford Green Streets 2026"

AREAS = ["Ashby Town", "Moorside", "Eastfield", "Hollins Green"]

# title, cost, category, area, description
CLOSED_PROJECTS = [
    (
        "Play area refurbishment at Ashby Park",
        38000,
        "Children and young people",
        "Ashby Town",
        "New swings, a climbing frame and safer surfacing for the town's busiest play area.",
    ),
    (
        "Free holiday lunches and activities",
        24000,
        "Children and young people",
        "Ashby Town",
        "Lunch and a morning of sport or crafts for 200 children in each school holiday.",
    ),
    (
        "Ashby Town library reading corner",
        9000,
        "Learning",
        "Ashby Town",
        "A comfortable corner with books for babies and toddlers and weekly rhyme time.",
    ),
    (
        "Moorside community minibus",
        31000,
        "Getting around",
        "Moorside",
        "A wheelchair-accessible minibus run by volunteers for trips to the surgery and shops.",
    ),
    (
        "Moorside village hall heating",
        17000,
        "Community spaces",
        "Moorside",
        "An air-source heat pump so the hall is warm enough for the toddler group in winter.",
    ),
    (
        "Eastfield community garden",
        14000,
        "Environment",
        "Eastfield",
        "Raised beds, a shed and a water butt on the empty plot behind the parade.",
    ),
    (
        "Eastfield youth club kit",
        8000,
        "Children and young people",
        "Eastfield",
        "Sports kit, a pool table and laptops for the Friday youth club.",
    ),
    (
        "Hollins Green bus shelter and seating",
        12000,
        "Getting around",
        "Hollins Green",
        "A shelter and benches at the stop older residents use to get to town.",
    ),
    (
        "Hollins Green pond clean-up",
        6000,
        "Environment",
        "Hollins Green",
        "Clear the pond, repair the dipping platform and plant native species.",
    ),
    (
        "Street lighting on the canal path",
        29000,
        "Safety",
        "",
        "Low-energy lights along the towpath between Ashby Town and Eastfield.",
    ),
    (
        "Defibrillators for every village",
        10000,
        "Health",
        "",
        "Four public-access defibrillators with training sessions.",
    ),
    (
        "Ashby Town centre planters",
        7000,
        "Environment",
        "Ashby Town",
        "Planters and hanging baskets along the high street, looked after by volunteers.",
    ),
]

OPEN_PROJECTS = [
    (
        "Street trees on Mill Road",
        22000,
        "Environment",
        "Mill Road",
        Feasibility.FEASIBLE,
        "The highways team has checked the pavements are wide enough and there are no pipes in the way.",
    ),
    (
        "Pocket park on Station Street",
        35000,
        "Environment",
        "Station Street",
        Feasibility.FEASIBLE,
        "The council owns the land and it can be ready next spring.",
    ),
    (
        "School streets at three primary schools",
        18000,
        "Clean air",
        "",
        Feasibility.FEASIBLE,
        "Schools have agreed to trial timed closures at the start and end of the day.",
    ),
    (
        "Secure bike hangars",
        15000,
        "Getting around",
        "",
        Feasibility.FEASIBLE,
        "Five hangars, each for six bikes, on streets where residents asked for them.",
    ),
    (
        "Rain gardens on Queen's Avenue",
        27000,
        "Environment",
        "Queen's Avenue",
        Feasibility.FEASIBLE,
        "Drainage engineers confirmed the soil drains well enough.",
    ),
    (
        "Electric bus for the town loop",
        400000,
        "Getting around",
        "",
        Feasibility.NOT_FEASIBLE,
        "It costs far more than the whole budget; we have passed the idea to the combined authority's bus team.",
    ),
]


def seed_budgeting(ctx: DemoContext) -> None:
    missions = ctx.extra.get("missions", {})
    _closed_round(ctx, missions.get("every-child-ready-for-school"))
    _open_round(ctx, missions.get("warm-homes-clean-air"))


def _closed_round(ctx: DemoContext, mission: object | None) -> None:
    today = date.today()
    round, created = Round.objects.get_or_create(
        place=ctx.place,
        title=CLOSED_TITLE,
        defaults={
            "organisation": ctx.organisations["ashby-moor-council"],
            "visibility": Visibility.PUBLIC,
            "summary": "**£100,000** for projects chosen by people who live, work or study in Ashby Moor. Residents proposed 40 ideas; 12 were costed and put to the vote. *The ballots in this demo are generated: they are illustrative, not real votes.*",
            "budget": Decimal(100000),
            "currency": "GBP",
            "area_name": "Ashby Moor",
            "areas": AREAS,
            "phase": Phase.COUNTING,
            "ideas_from": today - timedelta(days=200),
            "feasibility_from": today - timedelta(days=150),
            "voting_from": today - timedelta(days=60),
            "voting_until": today - timedelta(days=30),
            "results_from": today - timedelta(days=28),
            "delivery_from": today + timedelta(days=30),
            "ballot_type": BallotType.APPROVAL,
            "min_choices": 1,
            "max_choices": 5,
            "rule": Rule.MES,
            "min_age": 16,
        },
    )
    if mission is not None:
        round.missions.add(mission)  # type: ignore[arg-type]
    if created:
        for i, (title, cost, category, area, description) in enumerate(CLOSED_PROJECTS, start=1):
            Project.objects.create(
                round=round,
                reference=str(i),
                title=title,
                cost=cost,
                category=category,
                area=area,
                description=description,
                feasibility=Feasibility.FEASIBLE,
                feasibility_reason="Costed by the council's officers and found deliverable within a year.",
            )
        _generated_ballots(round)
    if round.count_status != CountStatus.DONE:
        services.count_round(round.pk)


def _generated_ballots(round: Round) -> None:
    """Illustrative ballots: Ashby Town has most voters, so counting by most votes would give
    it almost everything; equal shares gives the smaller villages their fair part."""
    rng = random.Random(2025)  # noqa: S311 - illustrative data, the same every time
    projects = list(round.projects.order_by("id"))
    voters = {"Ashby Town": 190, "Moorside": 70, "Eastfield": 60, "Hollins Green": 40}
    ballots = []
    n = 0
    for area, count in voters.items():
        local = [p for p in projects if p.area == area]
        shared = [p for p in projects if not p.area]
        others = [p for p in projects if p.area and p.area != area]
        for _ in range(count):
            chosen = [p for p in local if rng.random() < 0.75]
            chosen += [p for p in shared if rng.random() < 0.35]
            chosen += [p for p in others if rng.random() < 0.08]
            chosen = chosen[:5] or [rng.choice(local)]
            n += 1
            ballots.append(
                Ballot(
                    round=round,
                    channel=Channel.CODE if n % 3 else Channel.PAPER,
                    projects=[p.pk for p in chosen],
                    area=area,
                    connection=Connection.LIVE,
                    confirmed_age=True,
                    external_id=f"demo-{n}",
                )
            )
    Ballot.objects.bulk_create(ballots)


def _open_round(ctx: DemoContext, mission: object | None) -> None:
    today = date.today()
    round, created = Round.objects.get_or_create(
        place=ctx.place,
        title=OPEN_TITLE,
        defaults={
            "organisation": ctx.organisations["brackford-city-council"],
            "visibility": Visibility.PUBLIC,
            "summary": "**£75,000** to make Brackford's streets greener, cleaner and easier to walk and cycle. Choose up to three projects you would like to see.",
            "budget": Decimal(75000),
            "currency": "GBP",
            "area_name": "Brackford",
            "areas": ["City centre", "Northside", "Southside"],
            "phase": Phase.IDEAS,
            "ideas_from": today - timedelta(days=90),
            "feasibility_from": today - timedelta(days=45),
            "voting_from": today - timedelta(days=5),
            "voting_until": today + timedelta(days=25),
            "results_from": today + timedelta(days=28),
            "ballot_type": BallotType.APPROVAL,
            "min_choices": 1,
            "max_choices": 3,
            "rule": Rule.MES,
            "allow_changes": True,
        },
    )
    if mission is not None:
        round.missions.add(mission)  # type: ignore[arg-type]
    if created:
        for title, cost, category, area, feasibility, reason in OPEN_PROJECTS:
            services.create_project(
                actor=None,
                round=round,
                title=title,
                cost=cost,
                category=category,
                area=area,
                feasibility=feasibility,
                feasibility_reason=reason,
            )
        services.set_phase(actor=None, round=round, phase=Phase.VOTING)
