"""Demo data for system mobilisation in Wyvern Valley: a profile and a contact for every partner,
commitments in several states, funding lines (one pooled, one co-funded), grants imported from a
small fictional 360Giving file, contracts imported from a fictional OCDS release package with a
social value commitment, and a partner's action plan. Every name and figure is made up.

Running the seeder again changes nothing: everything is keyed on natural identifiers.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

from placecraft.core.demo import DemoContext
from placecraft.core.models import Visibility
from placecraft.missions.models import Mission
from placecraft.partners import giving, ocds, services
from placecraft.partners.models import (
    Arrangement,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Contract,
    FundingLine,
    GrantRule,
    PartnerContact,
)

DATA = Path(__file__).resolve().parent / "data"
HEALTH, SCHOOL, HOMES = (
    "healthier-fairer-valley",
    "every-child-ready-for-school",
    "warm-homes-clean-air",
)

# organisation slug: (what we do, what we offer, missions of interest, contact name, role)
PROFILES: dict[str, tuple[str, str, list[str], str, str]] = {
    "wyvern-valley-icb": (
        "We plan and pay for NHS services for the 900,000 people of Wyvern Valley.",
        "Neighbourhood health teams, matched health data and a share of the prevention budget.",
        [HEALTH, HOMES],
        "Priya Nair",
        "Director of population health",
    ),
    "wyvern-community-action": (
        "The valley's support body for voluntary and community groups: training, funding advice "
        "and a volunteer centre.",
        "A network of 240 groups, volunteers, and warm spaces in every town.",
        [HEALTH, HOMES, SCHOOL],
        "Sam Okoro",
        "Partnerships manager",
    ),
    "eastside-residents-association": (
        "Residents of the Eastside estate working together on the things that matter here.",
        "Local knowledge, a community room and people who will turn up.",
        [HEALTH, HOMES],
        "Lena Fischer",
        "Chair",
    ),
    "calder-bikes": (
        "A social business that repairs, refurbishes and hires bikes, and trains new riders.",
        "Refurbished bikes, cycle training and apprenticeships.",
        [SCHOOL, HOMES],
        "Tariq Hassan",
        "Managing director",
    ),
    "northgate-logistics": (
        "A distribution company with three depots and 2,400 staff in the valley.",
        "Jobs and apprenticeships, an electric fleet and a staff volunteering scheme.",
        [HOMES, HEALTH],
        "Grace Whitfield",
        "Head of social value",
    ),
    "university-of-wyvern": (
        "A civic university with a public health research centre and a school of education.",
        "Research, evaluation, student placements and data analysis.",
        [HEALTH, SCHOOL],
        "Dr Aled Morgan",
        "Director, Centre for Public Health",
    ),
    "wyvern-community-foundation": (
        "We raise and give money for community action across the valley.",
        "Grant programmes aligned to the missions, and co-funding for pooled funds.",
        [HEALTH, HOMES, SCHOOL],
        "Maya Lindqvist",
        "Grants director",
    ),
}

# organisation, mission, title, status, due in days, pledged, overdue?, update text
COMMITMENTS: list[tuple[str, str, str, str, int, int | None, bool, str]] = [
    (
        "wyvern-valley-icb",
        HEALTH,
        "Fund neighbourhood health teams in the three most deprived wards",
        CommitmentStatus.ACTIVE,
        300,
        1_200_000,
        False,
        "Two of the three teams are recruited and working from family hubs.",
    ),
    (
        "wyvern-community-action",
        HOMES,
        "Run twelve warm spaces through the winter",
        CommitmentStatus.MET,
        -60,
        None,
        False,
        "All twelve spaces opened; 3,100 visits recorded between October and March.",
    ),
    (
        "eastside-residents-association",
        HEALTH,
        "Recruit thirty resident health champions",
        CommitmentStatus.AT_RISK,
        120,
        None,
        False,
        "Eighteen champions so far; we need help reaching men over sixty.",
    ),
    (
        "calder-bikes",
        SCHOOL,
        "Give 200 refurbished bikes to families for school runs",
        CommitmentStatus.ACTIVE,
        200,
        15_000,
        True,
        "",
    ),
    (
        "northgate-logistics",
        HOMES,
        "Switch the valley depot fleet to electric vans",
        CommitmentStatus.PROPOSED,
        720,
        None,
        False,
        "",
    ),
    (
        "university-of-wyvern",
        HEALTH,
        "Evaluate the health champions programme",
        CommitmentStatus.ACTIVE,
        400,
        40_000,
        False,
        "Baseline survey done with 412 residents; report due next spring.",
    ),
    (
        "wyvern-community-foundation",
        SCHOOL,
        "Open a Ready for School grant programme",
        CommitmentStatus.WITHDRAWN,
        30,
        50_000,
        False,
        "Folded into the pooled early years fund instead.",
    ),
]


def _missions(ctx: DemoContext) -> dict[str, Mission]:
    missions: dict[str, Mission] = ctx.extra.get("missions") or {
        m.slug: m for m in Mission.objects.filter(place=ctx.place)
    }
    return missions


def seed_partners(ctx: DemoContext) -> None:
    missions = _missions(ctx)
    if not all(slug in missions for slug in (HEALTH, SCHOOL, HOMES)):
        return  # the missions seeder has not run: nothing to commit to
    now = timezone.now()
    for slug, (what, offer, interests, contact, role) in PROFILES.items():
        organisation = ctx.organisations[slug]
        services.update_profile(
            actor=None,
            organisation=organisation,
            data={"what_we_do": what, "what_we_offer": offer},
            missions=[missions[m] for m in interests],
        )
        local = contact.lower().replace("dr ", "").replace(" ", ".")
        PartnerContact.objects.update_or_create(
            organisation=organisation,
            name=contact,
            defaults={"role": role, "email": f"{local}@wyvern.example", "is_public": True},
        )
    for slug, mission_slug, title, status, due_days, pledged, overdue, update in COMMITMENTS:
        organisation = ctx.organisations[slug]
        commitment = Commitment.objects.filter(organisation=organisation, title=title).first()
        if commitment is None:
            commitment = services.create_commitment(
                actor=None,
                partner=organisation,
                mission=missions[mission_slug],
                data={
                    "title": title,
                    "due_date": timezone.localdate() + timedelta(days=due_days),
                    "measure_of_success": "Reported in the quarterly update with figures.",
                    "resources_pledged": "Staff time and money as shown."
                    if pledged
                    else "Staff and volunteer time.",
                    "pledged_amount": Decimal(pledged) if pledged else None,
                    "status": CommitmentStatus.ACTIVE
                    if status != CommitmentStatus.PROPOSED
                    else status,
                    "visibility": Visibility.PUBLIC,
                },
            )
            if update:
                services.add_commitment_update(
                    actor=None,
                    commitment=commitment,
                    data={
                        "on": timezone.localdate() - timedelta(days=20),
                        "status": status,
                        "progress": update,
                    },
                )
        if overdue and not CommitmentUpdate.objects.filter(commitment=commitment).exists():
            # Made long ago and never updated: shows the reminder and the dashboard panel.
            long_ago = now - timedelta(days=150)
            Commitment.objects.filter(pk=commitment.pk).update(
                created_at=long_ago, update_due=(long_ago + timedelta(days=90)).date()
            )
    _funding(ctx, missions)
    _grants(ctx, missions)
    _contracts(ctx, missions)
    _action_plan(ctx)


def _funding(ctx: DemoContext, missions: dict[str, Mission]) -> None:
    authority = ctx.organisations["wyvern-valley-combined-authority"]
    lines: list[tuple[str, str, int, str, list[str], list[str]]] = [
        (
            "Retrofit for private tenants",
            "UK Shared Prosperity Fund",
            2_400_000,
            Arrangement.SINGLE,
            [HOMES],
            [],
        ),
        (
            "Healthy Valley prevention fund",
            "Healthy Valley pooled budget",
            3_000_000,
            Arrangement.POOLED,
            [HEALTH],
            ["wyvern-valley-icb", "wyvern-valley-combined-authority", "ashby-moor-council"],
        ),
        (
            "Early years community fund",
            "Wyvern Community Foundation and councils",
            450_000,
            Arrangement.CO_FUNDED,
            [SCHOOL],
            ["wyvern-community-foundation", "brackford-city-council"],
        ),
        (
            "Family hubs",
            "Department for Education grant",
            1_150_000,
            Arrangement.SINGLE,
            [SCHOOL, HEALTH],
            [],
        ),
    ]
    for name, source, amount, arrangement, mission_slugs, contributors in lines:
        line = FundingLine.objects.filter(place=ctx.place, name=name).first()
        services.save_funding_line(
            actor=None,
            place=ctx.place,
            organisation=authority,
            data={
                "name": name,
                "source": source,
                "amount": Decimal(amount),
                "currency": "GBP",
                "period_start": date(2025, 4, 1),
                "period_end": date(2028, 3, 31),
                "arrangement": arrangement,
                "visibility": Visibility.PUBLIC,
            },
            missions=[missions[m] for m in mission_slugs],
            contributors=[ctx.organisations[s] for s in contributors],
            line=line,
        )


def _grants(ctx: DemoContext, missions: dict[str, Mission]) -> None:
    funder = ctx.organisations["wyvern-community-foundation"]
    for kind, value, mission in (
        (GrantRule.Kind.KEYWORD, "school", SCHOOL),
        (GrantRule.Kind.KEYWORD, "warm", HOMES),
        (GrantRule.Kind.KEYWORD, "health", HEALTH),
    ):
        if not GrantRule.objects.filter(organisation=funder, kind=kind, value=value).exists():
            services.create_grant_rule(
                actor=None,
                place=ctx.place,
                organisation=funder,
                data={"kind": kind, "value": value, "mission": missions[mission]},
            )
    with (DATA / "grants-360giving.json").open("rb") as stream:
        giving.import_grants(
            actor=None,
            place=ctx.place,
            organisation=funder,
            stream=stream,
            file_name="grants-360giving.json",
        )


def _contracts(ctx: DemoContext, missions: dict[str, Mission]) -> None:
    council = ctx.organisations["ashby-moor-council"]
    with (DATA / "contracts-ocds.json").open("rb") as stream:
        ocds.import_contracts(
            actor=None,
            place=ctx.place,
            organisation=council,
            stream=stream,
            file_name="contracts-ocds.json",
        )
    retrofit = Contract.objects.get(place=ctx.place, ocid="ocds-demo01-ashby-2025-0007")
    bikes = Contract.objects.get(place=ctx.place, ocid="ocds-demo01-ashby-2025-0012")
    retrofit.missions.add(missions[HOMES])
    bikes.missions.add(missions[SCHOOL])
    supplier = ctx.organisations["northgate-logistics"]
    if not Commitment.objects.filter(contract=retrofit, organisation=supplier).exists():
        services.record_social_value(
            actor=None,
            contract=retrofit,
            supplier=supplier,
            mission=missions[HOMES],
            data={
                "title": "Ten local apprenticeships in retrofit trades",
                "resources_pledged": retrofit.social_value,
                "measure_of_success": "Ten apprentices from the valley, eight completing.",
                "due_date": date(2027, 3, 31),
                "visibility": Visibility.PUBLIC,
            },
        )


def _action_plan(ctx: DemoContext) -> None:
    from placecraft.frameworks import services as frameworks
    from placecraft.frameworks.models import Exercise

    partner = ctx.organisations["wyvern-community-action"]
    if Exercise.objects.filter(subject_type="partner", subject_id=partner.pk).exists():
        return
    try:
        exercise: Any = services.start_action_plan(actor=ctx.people["vcse_admin"], partner=partner)
    except Exception:  # the frameworks are not loaded: the rest of the demo still stands
        return
    for title in (
        "Ask for a VCSE seat on the Healthier, fairer valley mission board",
        "Propose three-year grants for warm spaces",
    ):
        frameworks.create_action(
            actor=ctx.people["vcse_admin"],
            exercise=exercise,
            data={"title": title, "owner": ctx.people["vcse_admin"]},
        )
