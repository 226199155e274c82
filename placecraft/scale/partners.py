"""System mobilisation: 800 partner profiles, 20,000 commitments with updates, funding lines,
grants and contracts aligned to missions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from placecraft.scale.context import Scale, insert, paragraph, title


def seed(s: Scale) -> None:
    found = s.models(
        "partners",
        "PartnerProfile",
        "Commitment",
        "CommitmentUpdate",
        "FundingLine",
        "Grant",
        "GrantMission",
        "Contract",
    )
    if found is None:
        return
    PartnerProfile, Commitment, CommitmentUpdate, FundingLine, Grant, GrantMission, Contract = found
    rng, now = s.rng, timezone.now()
    profiles = insert(
        PartnerProfile,
        (
            PartnerProfile(
                organisation=o, what_we_do=paragraph(rng, 2), what_we_offer=paragraph(rng, 1)
            )
            for o in s.partners
        ),
    )
    through = PartnerProfile.missions_of_interest.through
    insert(
        through,
        (
            through(partnerprofile_id=p.pk, mission_id=m.pk)
            for p in profiles
            for m in rng.sample(s.missions, min(3, len(s.missions)))
        ),
    )
    statuses = ("active",) * 5 + ("proposed", "at-risk", "met", "not-met", "withdrawn")
    makers = s.partners + s.public_authorities
    commitments = []
    for i in range(s.n("commitments")):
        org = rng.choice(makers)
        last = now - timedelta(days=rng.randint(0, 300))
        commitments.append(
            Commitment(
                place=s.place,
                organisation=org,
                # One in ten commitments is to the flagship mission: its page and funding
                # picture then have a crowd of partners behind them.
                mission=s.flagship if i % 10 == 0 else rng.choice(s.missions),
                visibility=rng.choice(("public", "public", "partners", "private")),
                title=f"{title(rng, 4)} {i + 1}",
                description=paragraph(rng, 2),
                due_date=s.today + timedelta(days=rng.randint(-200, 700)),
                measure_of_success=paragraph(rng, 1),
                pledged_amount=Decimal(rng.randint(0, 500)) * 1000 if rng.random() < 0.3 else None,
                status=rng.choice(statuses),
                owner_id=s.member_of(org.pk),
                last_update_at=last,
                update_due=(last + timedelta(days=90)).date(),
            )
        )
    commitments = insert(Commitment, commitments)
    updates = insert(
        CommitmentUpdate,
        (
            CommitmentUpdate(
                commitment=c,
                on=c.last_update_at.date(),
                status=c.status,
                progress=paragraph(rng, 2),
                evidence=paragraph(rng, 1),
            )
            for c in commitments
        ),
    )
    lines = insert(
        FundingLine,
        (
            FundingLine(
                place=s.place,
                organisation=rng.choice(s.public_authorities),
                visibility=rng.choice(("public", "public", "partners")),
                name=f"{title(rng)} fund {i + 1}",
                source=rng.choice(("UK Shared Prosperity Fund", "Council budget", "Lottery")),
                amount=Decimal(rng.randint(10, 5000)) * 1000,
                period_start=s.today - timedelta(days=365),
                period_end=s.today + timedelta(days=365),
                arrangement=rng.choice(("single", "pooled", "co-funded")),
            )
            for i in range(s.n("funding_lines"))
        ),
    )
    through = FundingLine.missions.through
    insert(
        through,
        (
            through(fundingline_id=f.pk, mission_id=m.pk)
            for f in lines
            for m in {s.flagship, rng.choice(s.missions)}
        ),
    )
    grants = insert(
        Grant,
        (
            Grant(
                place=s.place,
                organisation=s.authority,
                visibility="public",
                # Sorts after the page registry's fixture grants (360G-testshire-…), whose
                # factory opens the first grant of the place.
                identifier=f"360G-zz-{s.place.slug}-{i:05d}",
                title=f"{title(rng, 4)} grant",
                description=paragraph(rng, 2),
                currency="GBP",
                amount_awarded=Decimal(rng.randint(1, 200)) * 1000,
                award_date=s.days_ago(1000),
                recipient_org_id=f"GB-CHC-{100000 + i}",
                recipient_org_name=rng.choice(s.partners).name,
                funder_org_id="GB-GOR-SCALE",
                funder_org_name=s.authority.name,
                data={"id": f"360G-scale-{i}"},
            )
            for i in range(s.n("grants"))
        ),
    )
    insert(
        GrantMission,
        (GrantMission(grant=g, mission=rng.choice(s.missions)) for g in grants),
    )
    contracts = insert(
        Contract,
        (
            Contract(
                place=s.place,
                organisation=rng.choice(s.public_authorities),
                visibility="public",
                ocid=f"ocds-scale-{s.place.slug}-{i}",
                release_id=f"r{i}",
                release_date=now - timedelta(days=rng.randint(0, 1000)),
                title=f"{title(rng, 3)} contract",
                description=paragraph(rng, 2),
                buyer_name=s.authority.name,
                supplier_names=[rng.choice(s.partners).name],
                value_amount=Decimal(rng.randint(10, 900)) * 1000,
                currency="GBP",
                status="active",
                social_value=paragraph(rng, 1),
            )
            for i in range(s.n("contracts"))
        ),
    )
    through = Contract.missions.through
    insert(
        through,
        (through(contract_id=c.pk, mission_id=rng.choice(s.missions).pk) for c in contracts),
    )
    s.say(
        f"  {len(profiles)} partner profiles, {len(commitments)} commitments, "
        f"{len(updates)} updates, {len(grants)} grants"
    )
