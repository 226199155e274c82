"""Sprints and working in the open: 200 sprints with teams, boards, check-ins, retrospectives
and learning; 10,000 weeknotes; 2,000 stories with consented voices; events with registrations;
champions."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from placecraft.scale.context import Scale, insert, paragraph, title


def seed_sprints(s: Scale) -> None:
    found = s.models("sprints", "Sprint", "TeamMember", "WorkItem", "CheckIn", "Learning")
    if found is None:
        return
    Sprint, TeamMember, WorkItem, CheckIn, Learning = found
    rng = s.rng
    sprints = []
    for i in range(s.n("sprints")):
        owner = s.councils[0] if i == 0 else rng.choice(s.public_authorities)
        start = s.days_ago(700)
        sprints.append(
            Sprint(
                place=s.place,
                organisation=owner,
                visibility="public" if i == 0 else rng.choice(("public", "partners", "private")),
                mission=s.flagship if i == 0 else rng.choice(s.missions),
                title=f"{title(rng)} sprint {i + 1}",
                slug=f"sprint-{i + 1:03d}",
                problem=paragraph(rng, 1),
                start_date=start,
                end_date=start + timedelta(days=42),
                champion_name="A director",
                practices=["user-research", "prototyping"],
                summary_public=rng.random() < 0.5,
                outcome=paragraph(rng, 2),
            )
        )
    s.sprints = insert(Sprint, sprints)
    members, items, check_ins, learning = [], [], [], []
    for sp in s.sprints:
        for j in range(6):
            org = sp.organisation if j < 4 else rng.choice(s.partners)
            members.append(
                TeamMember(
                    sprint=sp,
                    name=f"Team member {j + 1}",
                    organisation=org,
                    department=rng.choice(("Transport", "Housing", "Public health", "")),
                    hours_per_week=rng.randint(2, 20),
                )
            )
        for j in range(12):
            items.append(
                WorkItem(
                    sprint=sp,
                    title=title(rng, 4),
                    status=rng.choice(("todo", "doing", "done")),
                    position=j,
                )
            )
        monday = sp.start_date - timedelta(days=sp.start_date.weekday())
        for w in range(6):
            check_ins.append(
                CheckIn(
                    sprint=sp,
                    week_of=monday + timedelta(weeks=w),
                    did=paragraph(rng, 2),
                    learned=paragraph(rng, 1),
                    blockers=paragraph(rng, 1) if rng.random() < 0.3 else "",
                )
            )
        for _ in range(2):
            learning.append(
                Learning(
                    place=s.place,
                    organisation=sp.organisation,
                    visibility=rng.choice(("partners", "public", "private")),
                    mission=sp.mission,
                    source_type="sprint",
                    source_id=sp.pk,
                    sprint=sp,
                    title=title(rng, 4),
                    what_we_learned=paragraph(rng, 2),
                    recorded_on=sp.end_date,
                )
            )
    insert(TeamMember, members)
    insert(WorkItem, items)
    insert(CheckIn, check_ins)
    insert(Learning, learning)
    s.say(f"  {len(s.sprints)} sprints, {len(items)} work items, {len(learning)} learning entries")


def seed_openness(s: Scale) -> None:
    found = s.models("openness", "Weeknote", "Story", "Voice", "Event", "Registration", "Champion")
    if found is None:
        return
    Weeknote, Story, Voice, Event, Registration, Champion = found
    rng, now = s.rng, timezone.now()
    writers = s.public_authorities + s.partners[:50]
    notes = []
    for i in range(s.n("weeknotes")):
        org = rng.choice(writers)
        published = now - timedelta(days=rng.randint(0, 1400), minutes=i)
        week_of = published.date() - timedelta(days=published.weekday())
        draft = rng.random() < 0.05
        notes.append(
            Weeknote(
                place=s.place,
                organisation=org,
                visibility=rng.choice(("public",) * 8 + ("partners", "private")),
                status="draft" if draft else "published",
                title=f"Weeknote: {title(rng, 4)}",
                body=paragraph(rng, 8),
                week_of=week_of,
                author_id=s.member_of(org.pk),
                team_name=rng.choice(("", "Mission team", "Data team")),
                sprint=rng.choice(s.sprints) if s.sprints and rng.random() < 0.3 else None,
                published_at=None if draft else published,
            )
        )
    notes = insert(Weeknote, notes)
    through = Weeknote.missions.through
    insert(
        through,
        (
            through(weeknote_id=w.pk, mission_id=m.pk)
            for w in notes
            for m in rng.sample(s.missions, min(2, len(s.missions)))
        ),
    )
    stories = insert(
        Story,
        (
            Story(
                place=s.place,
                organisation=rng.choice(writers),
                visibility=rng.choice(("public",) * 8 + ("partners", "private")),
                status="published",
                mission=rng.choice(s.missions),
                title=f"{title(rng, 4)} story {i + 1}",
                slug=f"story-{i + 1:04d}",
                summary=paragraph(rng, 1)[:300],
                narrative=paragraph(rng, 10),
                is_case_study=rng.random() < 0.2,
                published_at=now - timedelta(days=rng.randint(0, 1400), minutes=i),
            )
            for i in range(s.n("stories"))
        ),
    )
    insert(
        Voice,
        (
            Voice(
                story=st,
                name="A resident",
                consent_given_by="The person themselves",
                consent_given_on=s.days_ago(1400),
                consent_uses=["website", "reports"],
            )
            for st in stories
        ),
    )
    events = []
    for i in range(s.n("events")):
        day = s.today + timedelta(days=rng.randint(-600, 200))
        starts = timezone.make_aware(datetime.combine(day, time(18, 0)))
        events.append(
            Event(
                place=s.place,
                organisation=rng.choice(s.public_authorities),
                visibility=rng.choice(("public", "public", "partners")),
                mission=rng.choice(s.missions),
                title=f"{title(rng)} convening {i + 1}",
                slug=f"event-{i + 1:03d}",
                summary=paragraph(rng, 1)[:300],
                agenda=paragraph(rng, 4),
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                venue="Town hall",
                capacity=100,
            )
        )
    events = insert(Event, events)
    insert(
        Registration,
        (
            Registration(
                event=e,
                name=f"Guest {j}",
                email=f"guest{j}-{e.pk}@{s.place.slug}.scale.example",
                status="confirmed" if j < 100 else "waiting",
            )
            for e in events
            for j in range(rng.randint(20, 120))
        ),
    )
    champions = insert(
        Champion,
        (
            Champion(
                place=s.place,
                organisation=rng.choice(s.public_authorities),
                visibility="public",
                name=f"Champion {i + 1}",
                slug=f"champion-{i + 1:03d}",
                sector=rng.choice(("public", "vcse", "business", "resident")),
                what_they_do=paragraph(rng, 2),
                agreed_on=s.days_ago(900),
            )
            for i in range(s.n("champions"))
        ),
    )
    through = Champion.missions.through
    insert(
        through,
        (through(champion_id=c.pk, mission_id=rng.choice(s.missions).pk) for c in champions),
    )
    s.say(f"  {len(notes)} weeknotes, {len(stories)} stories, {len(events)} events")


def seed(s: Scale) -> None:
    seed_sprints(s)
    seed_openness(s)
