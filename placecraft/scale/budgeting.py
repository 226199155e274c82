"""A participatory budget across the authority's area: one round in its voting phase, 100
projects and 100,000 approval ballots."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from placecraft.scale.context import Scale, copy_rows, insert, paragraph, title

AREAS = ("North", "South", "East", "West", "Centre")


def seed(s: Scale) -> None:
    found = s.models("budgeting", "Round", "Project", "Ballot")
    if found is None:
        return
    Round, Project, Ballot = found
    rng, now = s.rng, timezone.now()
    pb = Round.objects.create(
        place=s.place,
        organisation=s.authority,
        visibility="public",
        title="Our places, our budget",
        summary=paragraph(rng, 3),
        budget=Decimal(2_000_000),
        area_name=s.place.name,
        areas=list(AREAS),
        phase="voting",
        voting_from=s.today - timedelta(days=20),
        voting_until=s.today + timedelta(days=10),
        ballot_type="approval",
        min_choices=1,
        max_choices=5,
    )
    pb.missions.add(s.flagship)
    projects = insert(
        Project,
        (
            Project(
                round=pb,
                reference=f"P{i + 1:03d}",
                title=f"{title(rng, 4)} project",
                description=paragraph(rng, 3),
                cost=rng.randint(10, 200) * 1000,
                category=rng.choice(("Green", "Youth", "Streets", "Culture")),
                area=rng.choice(AREAS),
                feasibility="feasible",
                feasibility_reason="Checked by officers.",
            )
            for i in range(s.n("pb_projects"))
        ),
    )
    ids = [p.pk for p in projects]
    ballots = copy_rows(
        Ballot,
        (
            "round",
            "channel",
            "projects",
            "area",
            "connection",
            "confirmed_age",
            "external_id",
            "extra",
            "cast_at",
        ),
        (
            (
                pb.pk,
                "imported",
                json.dumps(rng.sample(ids, rng.randint(1, min(5, len(ids))))),
                rng.choice(AREAS),
                "live",
                True,
                f"v{i}",
                "{}",
                now - timedelta(seconds=i),
            )
            for i in range(s.n("ballots"))
        ),
    )
    s.say(f"  1 round, {len(projects)} projects, {ballots} ballots")
