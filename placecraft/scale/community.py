"""Community power: a citizens' panel with a pool of 5,000 volunteers and its quotas, and a
participatory process with 2,000 ideas."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from placecraft.scale.context import Scale, insert, paragraph, title

FEATURES = {
    "gender": ("Female", "Male", "Non-binary"),
    "age": ("16-29", "30-44", "45-64", "65+"),
    "area": ("North", "South", "East", "West", "Centre"),
}


def seed_panels(s: Scale) -> None:
    found = s.models("panels", "Panel", "Category", "PoolMember")
    if found is None:
        return
    Panel, Category, PoolMember = found
    rng = s.rng
    panel = Panel.objects.create(
        place=s.place,
        organisation=s.authority,
        visibility="public",
        title="Citizens' panel on net zero",
        description=paragraph(rng, 3),
        size=40,
        status="ready",
    )
    insert(
        Category,
        (
            Category(panel=panel, feature=feature, value=value, min=2, max=20, order=k)
            for feature, values in FEATURES.items()
            for k, value in enumerate(values)
        ),
    )
    pool = insert(
        PoolMember,
        (
            PoolMember(
                panel=panel,
                reference=f"R{i:05d}",
                features={f: rng.choice(v) for f, v in FEATURES.items()},
                household=f"{i // 2} High Street",
                source="imported",
                row=i + 2,
            )
            for i in range(s.n("panel_pool"))
        ),
    )
    s.say(f"  1 panel, {len(pool)} people in the pool")


def seed_community(s: Scale) -> None:
    found = s.models("community", "Process", "Idea")
    if found is None:
        return
    Process, Idea = found
    rng, now = s.rng, timezone.now()
    process = Process.objects.create(
        place=s.place,
        organisation=s.authority,
        visibility="public",
        title="Shape our missions",
        slug="shape-our-missions",
        description=paragraph(rng, 3),
        who_can_take_part="Anyone who lives, works or studies here.",
        components=["ideas"],
    )
    ideas = insert(
        Idea,
        (
            Idea(
                process=process,
                author_id=rng.choice(s.people),
                title=title(rng, 5),
                description=paragraph(rng, 3),
                area=rng.choice(FEATURES["area"]),
                mission=rng.choice(s.missions),
                support_count=rng.randint(0, 200),
                created_at=now - timedelta(minutes=i * 7),
            )
            for i in range(s.n("ideas"))
        ),
    )
    s.say(f"  1 process, {len(ideas)} ideas")


def seed(s: Scale) -> None:
    seed_panels(s)
    seed_community(s)
