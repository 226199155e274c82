# ruff: noqa: E501 - the demo's prose reads better unwrapped.
"""Demo missions for Wyvern Valley: a combined-authority mission and two council missions that
contribute to it and to national missions, with boards (each with a community seat) and
progress updates, one of them overdue. All illustrative."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from placecraft.core.demo import DemoContext
from placecraft.core.models import Visibility
from placecraft.missions.models import (
    Alignment,
    BoardMember,
    BoardRole,
    Mission,
    MissionStatus,
    ProgressUpdate,
    ReferenceOutcome,
    StatusChange,
    UpdateStatus,
)

MISSIONS: list[dict[str, Any]] = [
    {
        "slug": "healthier-fairer-valley",
        "owner": "wyvern-valley-combined-authority",
        "co_owners": ["wyvern-valley-icb"],
        "leads": ["authority_lead"],
        "title": "A healthier, fairer Wyvern Valley",
        "statement": "Close the gap in healthy years of life between the valley's richest and poorest neighbourhoods.",
        "ambition": "By 2035, people in Wyvern Valley can expect two more years of life in good health, and the gap between the most and least deprived areas has narrowed by a third.",
        "why_it_matters": "Someone born in Brackford's Eastside can expect **eleven fewer years** in good health than someone born in the Calder Wold villages. That gap shapes work, family life and the cost of care for everyone.",
        "get_involved": "- Join the valley health assembly in the autumn\n- Tell us what keeps you well through Wyvern Community Action\n- Partners can sign up to the healthy workplaces pledge",
        "horizon_year": 2035,
        "outcomes": ["nhs", "opportunity"],
        "board": [
            ("Ada Okafor", BoardRole.CHAIR, "wyvern-valley-combined-authority", ""),
            ("Ian Doyle", BoardRole.MEMBER, "wyvern-valley-icb", ""),
            ("Nia Evans", BoardRole.ADVISER, "university-of-wyvern", ""),
            (
                "Kemi Lawal",
                BoardRole.COMMUNITY_SEAT,
                "eastside-residents-association",
                "Eastside residents",
            ),
        ],
        "update_days_ago": 30,
    },
    {
        "slug": "every-child-ready-for-school",
        "owner": "ashby-moor-council",
        "co_owners": ["wyvern-community-action"],
        "leads": ["council_lead"],
        "title": "Every child in Ashby Moor ready for school",
        "statement": "Give every child the start in life that lets them thrive at school and beyond.",
        "ambition": "By 2030, at least 75% of Ashby Moor's children reach a good level of development by the end of reception, and children from low-income families do as well as their classmates.",
        "why_it_matters": "Children who start school behind often stay behind. Family hubs, nurseries, health visitors and libraries all play a part, and parents tell us the system is hard to navigate.",
        "get_involved": "Parents and carers can join the family hub steering group. Nurseries and childminders can join the early years network.",
        "horizon_year": 2030,
        "outcomes": ["opportunity"],
        "board": [
            ("Bina Shah", BoardRole.CHAIR, "ashby-moor-council", ""),
            ("Jo Adeyemi", BoardRole.MEMBER, "wyvern-community-action", ""),
            ("Rosa Lind", BoardRole.COMMUNITY_SEAT, None, "Parents and carers in Ashby Moor"),
            ("Carl Hughes", BoardRole.SECRETARIAT, "ashby-moor-council", ""),
        ],
        "update_days_ago": 40,
    },
    {
        "slug": "warm-homes-clean-air",
        "owner": "brackford-city-council",
        "co_owners": [],
        "leads": ["brackford_lead"],
        "title": "Warm homes and clean air in Brackford",
        "statement": "End cold, damp homes and cut the pollution that harms Brackford's health.",
        "ambition": "By 2032, no household in Brackford lives in fuel poverty in a home rated below EPC band C, and the city's emissions per person have halved from 2019.",
        "why_it_matters": "Cold homes make people ill and push families into debt; the same old buildings and traffic pollute the air children breathe.",
        "get_involved": "Ask for a free home energy check. Community groups can apply to become warm-home champions.",
        "horizon_year": 2032,
        "outcomes": ["clean-energy", "nhs"],
        "board": [
            ("Fay Osei", BoardRole.CHAIR, "brackford-city-council", ""),
            ("Lou Carter", BoardRole.MEMBER, "calder-bikes", ""),
            ("Mo Rahman", BoardRole.MEMBER, "northgate-logistics", ""),
            (
                "Eastside tenants' representative",
                BoardRole.COMMUNITY_SEAT,
                "eastside-residents-association",
                "Tenants in Eastside",
            ),
        ],
        # Overdue on purpose: shows the stale marker and a reminder.
        "update_days_ago": 200,
    },
]

UPDATES = {
    "healthier-fairer-valley": (
        UpdateStatus.SOME_RISK,
        "Healthy life expectancy has edged up across the valley, but the gap between Eastside and the Wold has not yet narrowed. The health assembly asked us to focus on damp housing and on loneliness among older men.",
        "The ICB has moved £1.2m into neighbourhood health teams in the three most deprived wards.",
        "Residents trust community health champions more than leaflets; we will double the number of champions.",
    ),
    "every-child-ready-for-school": (
        UpdateStatus.ON_TRACK,
        "School readiness rose again this year and is now ahead of the trajectory. Family hubs opened in Ashby and Moorside.",
        "Health visitors now share two-year checks with family hubs (with parents' consent).",
        "Parents wanted evening sessions; attendance doubled once we offered them.",
    ),
    "warm-homes-clean-air": (
        UpdateStatus.OFF_TRACK,
        "Retrofit grants were slower to reach tenants than planned, and fuel poverty rose with energy prices.",
        "We are re-procuring the retrofit programme with a local social enterprise.",
        "Landlords needed a single point of contact; we have appointed one.",
    ),
}


def seed_missions(ctx: DemoContext) -> None:
    now = timezone.now()
    outcomes = {o.slug: o for o in ReferenceOutcome.objects.filter(set_slug="uk-national-missions")}
    missions: dict[str, Mission] = {}
    for spec in MISSIONS:
        owner = ctx.organisations[spec["owner"]]
        lead = ctx.people[spec["leads"][0]]
        mission, created = Mission.objects.update_or_create(
            place=ctx.place,
            slug=spec["slug"],
            defaults={
                "organisation": owner,
                "title": spec["title"],
                "statement": spec["statement"],
                "ambition": spec["ambition"],
                "why_it_matters": spec["why_it_matters"],
                "get_involved": spec["get_involved"],
                "horizon_year": spec["horizon_year"],
                "status": MissionStatus.ACTIVE,
                "visibility": Visibility.PUBLIC,
                "status_changed_by": lead,
                "update_every_days": 90,
            },
        )
        if created:
            start = now - timedelta(days=720)
            for old, new, when in (
                ("", "candidate", start),
                ("candidate", "scoping", start + timedelta(days=60)),
                ("scoping", "active", start + timedelta(days=150)),
            ):
                StatusChange.objects.create(
                    mission=mission, from_status=old, to_status=new, by=lead, at=when
                )
            Mission.objects.filter(pk=mission.pk).update(
                status_changed_at=start + timedelta(days=150)
            )
        mission.co_owners.set([ctx.organisations[s] for s in spec["co_owners"]])
        mission.leads.set([ctx.people[k] for k in spec["leads"]])
        mission.reference_outcomes.set([outcomes[s] for s in spec["outcomes"] if s in outcomes])
        for order, (name, role, org_slug, represents) in enumerate(spec["board"]):
            BoardMember.objects.update_or_create(
                mission=mission,
                name=name,
                defaults={
                    "role": role,
                    "organisation": ctx.organisations.get(org_slug) if org_slug else None,
                    "represents": represents,
                    "is_public": True,
                    "order": order,
                },
            )
        status, narrative, changed, learned = UPDATES[spec["slug"]]
        published = now - timedelta(days=spec["update_days_ago"])
        ProgressUpdate.objects.update_or_create(
            mission=mission,
            period_label="Latest quarter",
            defaults={
                "status": status,
                "narrative": narrative,
                "what_changed": changed,
                "what_we_learned": learned,
                "author": lead,
                "published_at": published,
            },
        )
        Mission.objects.filter(pk=mission.pk).update(last_update_at=published)
        missions[spec["slug"]] = mission
    # Council missions contribute to the combined authority's mission.
    authority = missions["healthier-fairer-valley"]
    for slug, note in (
        (
            "every-child-ready-for-school",
            "A good start in life is the first step to healthy years.",
        ),
        ("warm-homes-clean-air", "Warm homes and clean air prevent illness."),
    ):
        Alignment.objects.update_or_create(
            from_mission=missions[slug], to_mission=authority, defaults={"note": note}
        )
    ctx.extra["missions"] = missions
