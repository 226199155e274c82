"""Missions and their evidence: missions owned by the authority and the councils, boards,
progress updates and alignment; indicators with a million observations, linked to missions with
baselines and targets."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.utils import timezone

from placecraft.scale.context import Scale, copy_rows, insert, paragraph, title

VISIBILITIES = ("public",) * 6 + ("partners",) * 2 + ("private",) * 2
STATUSES = ("active",) * 6 + ("scoping", "candidate", "paused", "completed")
QUARTERS = 40  # ten years of quarterly figures per area


def seed_missions(s: Scale) -> None:
    from placecraft.missions.models import (
        Alignment,
        BoardMember,
        Mission,
        ProgressUpdate,
        StatusChange,
    )

    rng, now = s.rng, timezone.now()
    owners = s.public_authorities
    missions = []
    for i in range(s.n("missions")):
        # The first mission is the flagship the benchmark's public mission page shows: public,
        # active and owned by the first council, like the test suite's "moving-freely".
        owner = s.councils[0] if i == 0 else owners[i % len(owners)]
        missions.append(
            Mission(
                place=s.place,
                organisation=owner,
                title=f"{title(rng)} {i + 1}",
                slug=f"mission-{i + 1:03d}",
                statement=paragraph(rng, 1),
                ambition=paragraph(rng, 2),
                why_it_matters=paragraph(rng, 3),
                get_involved=paragraph(rng, 1),
                horizon_year=2030 + i % 10,
                status="active" if i == 0 else rng.choice(STATUSES),
                visibility="public" if i == 0 else rng.choice(VISIBILITIES),
                last_update_at=now - timedelta(days=rng.randint(0, 200)),
            )
        )
    s.missions = insert(Mission, missions)
    s.flagship = s.missions[0]
    s.flagship.leads.add(s.named["council_admin"])
    insert(
        StatusChange,
        (StatusChange(mission=m, to_status=m.status, note="Seeded.") for m in s.missions),
    )
    # Council missions contribute to the authority's.
    authority_missions = [m for m in s.missions if m.organisation_id == s.authority.pk]
    alignments = []
    for m in s.missions:
        if authority_missions and m.organisation_id != s.authority.pk:
            for target in rng.sample(authority_missions, min(2, len(authority_missions))):
                alignments.append(Alignment(from_mission=m, to_mission=target, note="Seeded."))
    insert(Alignment, alignments)
    board = []
    for m in s.missions:
        for j in range(8):
            role = ("chair", "vice-chair", "community-seat", "member")[min(j, 3)]
            board.append(
                BoardMember(
                    mission=m,
                    name=f"Board member {j + 1}",
                    role=role,
                    organisation=rng.choice(owners) if role != "community-seat" else None,
                    is_public=j != 7,
                    order=j,
                )
            )
    insert(BoardMember, board)
    updates = []
    for m in s.missions:
        for q in range(8):
            updates.append(
                ProgressUpdate(
                    mission=m,
                    period_label=f"Quarter {q + 1}",
                    status=rng.choice(("on-track", "some-risk", "off-track", "too-early")),
                    narrative=paragraph(rng, 4),
                    what_changed=paragraph(rng, 2),
                    published_at=now - timedelta(days=90 * q + rng.randint(0, 30)),
                )
            )
    insert(ProgressUpdate, updates)
    s.say(f"  {len(s.missions)} missions, {len(board)} board seats, {len(updates)} updates")


def seed_evidence(s: Scale) -> None:
    found = s.models("evidence", "Indicator", "Observation", "MissionIndicator", "Target")
    if found is None:
        return
    Indicator, Observation, MissionIndicator, Target = found
    from placecraft.evidence.periods import parse_period

    rng = s.rng
    count = s.n("indicators")
    indicators = insert(
        Indicator,
        (
            Indicator(
                place=s.place,
                # The first is owned by the first council and public: the benchmark's
                # indicator page, like the test suite's "wellbeing".
                organisation=s.councils[0] if i == 0 else rng.choice(s.public_authorities),
                visibility="public" if i == 0 else rng.choice(("public", "public", "partners")),
                name=f"{title(rng, 2)} indicator {i + 1}",
                slug=f"indicator-{i + 1:03d}",
                definition=paragraph(rng, 2),
                unit="%",
                direction=rng.choice(("higher", "lower")),
                source="Generated for the benchmark",
                geography_level="local-authority",
                frequency="quarterly",
                category=rng.choice(("wellbeing", "health", "environment", "economy")),
            )
            for i in range(count)
        ),
    )
    s.indicators = indicators
    # Each indicator has the same shape at every factor (about 3,300 figures: ten years of
    # quarters for the authority, its councils and its wards), so the factor scales how many
    # indicators there are; the rest of the million are split evenly.
    per_indicator = max(1, s.n("observations") // count)
    codes = [o.gss_code for o in s.public_authorities]
    areas = max(len(codes), math.ceil(per_indicator / QUARTERS))
    codes += [f"E05{i:06d}" for i in range(areas - len(codes))]
    periods = [parse_period(f"{2015 + q // 4}-Q{q % 4 + 1}") for q in range(QUARTERS)]

    def rows() -> Iterator[tuple[Any, ...]]:
        for ind in indicators:
            written = 0
            base = rng.uniform(20, 80)
            for code in codes:
                level = base + rng.uniform(-10, 10)
                for p in periods:
                    if written == per_indicator:
                        break
                    value = round(level + rng.uniform(-2, 2), 1)
                    yield (ind.pk, code, p.code, p.start, p.end, value, value - 1.5, value + 1.5)
                    written += 1
                    level += rng.uniform(-0.3, 0.4)

    fields = (
        "indicator",
        "geography_code",
        "period",
        "period_start",
        "period_end",
        "value",
        "lower",
        "upper",
    )
    written = copy_rows(Observation, fields, rows())
    # Five indicators per mission, for the authority's area, with a baseline and two targets.
    # The flagship indicator is not linked to the flagship mission for the first council's area:
    # the page registry's factories link that pair themselves.
    links = []
    for m in s.missions:
        for k, ind in enumerate(rng.sample(indicators[1:] or indicators, min(5, len(indicators)))):
            links.append(
                MissionIndicator(
                    mission=m,
                    indicator=ind,
                    geography_code="E47000001",
                    headline=k < 3,
                    baseline_period="2015-Q1",
                    baseline_date=periods[0].end,
                    baseline_value=50.0,
                    order=k,
                )
            )
    links = insert(MissionIndicator, links)
    targets = []
    for link in links:
        for year in (2028, 2035):
            targets.append(
                Target(
                    mission_indicator=link,
                    period=str(year),
                    due=parse_period(str(year)).end,
                    value=rng.uniform(40, 70),
                )
            )
    insert(Target, targets)
    s.say(f"  {count} indicators, {written} observations, {len(links)} mission links")


def seed(s: Scale) -> None:
    if s.models("missions", "Mission") is None:
        return
    seed_missions(s)
    seed_evidence(s)
