"""Objects the partners tests, access matrix and page registry share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from placecraft.missions.tests.factories import private_mission, public_mission
from placecraft.partners import giving, ocds, services
from placecraft.partners.models import (
    Commitment,
    Contract,
    FundingLine,
    Grant,
    GrantRule,
    PartnerContact,
)
from placecraft.places.models import Membership, Organisation, Role
from placecraft.testing import World, make_user

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def commitment(world: World) -> Commitment:
    """Helping Hands' public commitment to the public mission."""

    def build(w: World) -> Commitment:
        return services.create_commitment(
            actor=None,
            partner=w.partner,
            mission=public_mission(w),
            data={
                "title": "Run a volunteer driver scheme",
                "due_date": date(2026, 3, 31),
                "measure_of_success": "200 trips a month",
                "visibility": "public",
            },
        )

    made: Commitment = world.once("commitment", build)
    return made


def private_commitment(world: World) -> Commitment:
    """Helping Hands' private commitment: only its own members may know it exists."""

    def build(w: World) -> Commitment:
        return services.create_commitment(
            actor=None,
            partner=w.partner,
            mission=public_mission(w),
            data={"title": "Internal pilot", "visibility": "private"},
        )

    made: Commitment = world.once("private_commitment", build)
    return made


def contact(world: World) -> PartnerContact:
    made: PartnerContact = world.once(
        "contact",
        lambda w: services.add_contact(
            actor=None,
            organisation=w.partner,
            data={"name": "Dana Partner", "email": "dana@example.org", "role": "Chair"},
        ),
    )
    return made


def funding_line(world: World) -> FundingLine:
    def build(w: World) -> FundingLine:
        return services.save_funding_line(
            actor=None,
            place=w.place,
            organisation=w.council,
            data={
                "name": "Bus service improvement",
                "source": "Bus Service Improvement Plan",
                "amount": Decimal("250000"),
                "currency": "GBP",
                "period_start": date(2025, 4, 1),
                "period_end": date(2026, 3, 31),
                "arrangement": "pooled",
                "visibility": "public",
            },
            missions=[public_mission(w)],
            contributors=[w.council, w.authority],
        )

    made: FundingLine = world.once("funding_line", build)
    return made


def grants(world: World) -> list[Grant]:
    def build(w: World) -> list[Grant]:
        with (FIXTURES / "grants.json").open("rb") as stream:
            giving.import_grants(
                actor=None,
                place=w.place,
                organisation=w.council,
                stream=stream,
                file_name="grants.json",
            )
        found = list(Grant.objects.filter(place=w.place).order_by("identifier"))
        services.set_grant_missions(actor=None, grant=found[0], missions=[public_mission(w)])
        return found

    made: list[Grant] = world.once("grants", build)
    return made


def rule(world: World) -> GrantRule:
    def build(w: World) -> GrantRule:
        made, _ = services.create_grant_rule(
            actor=None,
            place=w.place,
            organisation=w.council,
            data={"kind": "keyword", "value": "walk", "mission": public_mission(w)},
        )
        return made

    made: GrantRule = world.once("rule", build)
    return made


def contract(world: World) -> Contract:
    def build(w: World) -> Contract:
        with (FIXTURES / "ocds-release-package.json").open("rb") as stream:
            ocds.import_contracts(
                actor=None,
                place=w.place,
                organisation=w.council,
                stream=stream,
                file_name="releases.json",
            )
        found = Contract.objects.get(place=w.place, ocid="ocds-test01-ng-0001")
        found.missions.add(public_mission(w))
        return found

    made: Contract = world.once("contract", build)
    return made


def partner_args(world: World) -> list[Any]:
    return [world.place.slug, world.partner.slug]


def contact_args(world: World) -> list[Any]:
    return [world.place.slug, world.partner.slug, contact(world).pk]


def commitment_args(world: World) -> list[Any]:
    return [world.place.slug, commitment(world).pk]


def private_commitment_args(world: World) -> list[Any]:
    return [world.place.slug, private_commitment(world).pk]


def funding_args(world: World) -> list[Any]:
    return [world.place.slug, funding_line(world).pk]


def mission_args(world: World) -> list[Any]:
    funding_line(world)
    grants(world)
    contract(world)
    return [world.place.slug, public_mission(world).slug]


def private_mission_args(world: World) -> list[Any]:
    return [world.place.slug, private_mission(world).slug]


def grant_args(world: World) -> list[Any]:
    return [world.place.slug, grants(world)[0].pk]


def rule_args(world: World) -> list[Any]:
    return [world.place.slug, rule(world).pk]


def contract_args(world: World) -> list[Any]:
    return [world.place.slug, contract(world).pk]


def map_args(world: World) -> list[Any]:
    commitment(world)
    funding_line(world)
    return [world.place.slug]


def commitments_for_every_viewer(world: World) -> tuple[Organisation, Any]:
    """Commitments to the public mission of every visibility, from two voluntary groups, and one
    to the council's private mission. Returns the food bank and a member of it."""
    mission = public_mission(world)
    food_bank = Organisation.objects.create(
        place=world.place, name="Food Bank", slug="food-bank", kind="vcse"
    )
    fran = make_user("fran@example.org", "Fran Food")
    Membership.objects.create(user=fran, organisation=food_bank, role=Role.CONTRIBUTOR)
    for org, title, visibility, amount, currency, status in [
        (world.partner, "Lend minibuses", "public", 100, "GBP", "active"),
        (world.partner, "Pilot a night bus", "private", 50, "GBP", "proposed"),
        (food_bank, "Deliver to the housebound", "partners", 30, "GBP", "at-risk"),
        (food_bank, "Buy a van in France", "private", 20, "EUR", "active"),
        (food_bank, "Collect at stops", "public", 5, "GBP", "met"),
    ]:
        services.create_commitment(
            actor=None,
            partner=org,
            mission=mission,
            data={
                "title": title,
                "visibility": visibility,
                "pledged_amount": amount,
                "currency": currency,
                "status": status,
            },
        )
    services.create_commitment(
        actor=None,
        partner=world.council,
        mission=private_mission(world),
        data={"title": "Secret plan", "visibility": "public", "pledged_amount": 7},
    )
    return food_bank, fran
