"""The demo place: Wyvern Valley, a fictional strategic authority with three councils and a
partner of every other kind. Every name, person and code here is made up."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.cache import cache

from placecraft.accounts.models import User
from placecraft.core.context_processors import DEMO_CACHE_KEY
from placecraft.core.demo import DemoContext
from placecraft.places.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Place,
    PlaceAdmin,
    Role,
)

DEMO_PASSWORD = "wyvern-valley-demo"
DEMO_DOMAIN = "wyvern.example"

# slug, name, kind, GSS code (fictional codes with real entity prefixes), description
ORGANISATIONS = [
    (
        "wyvern-valley-combined-authority",
        "Wyvern Valley Combined Authority",
        OrganisationKind.STRATEGIC_AUTHORITY,
        "E47999001",
        "The mayoral combined authority for the three councils of Wyvern Valley.",
    ),
    (
        "ashby-moor-council",
        "Ashby Moor Council",
        OrganisationKind.COUNCIL,
        "E06999001",
        "Unitary council for Ashby Moor and its market towns.",
    ),
    (
        "brackford-city-council",
        "Brackford City Council",
        OrganisationKind.COUNCIL,
        "E08999002",
        "Metropolitan council for the city of Brackford.",
    ),
    (
        "calder-wold-district-council",
        "Calder Wold District Council",
        OrganisationKind.COUNCIL,
        "E07999003",
        "District council for the rural Calder Wold.",
    ),
    (
        "wyvern-valley-icb",
        "Wyvern Valley NHS Integrated Care Board",
        OrganisationKind.PUBLIC_SECTOR_BODY,
        "",
        "Plans and pays for NHS services across the valley.",
    ),
    (
        "wyvern-community-action",
        "Wyvern Community Action",
        OrganisationKind.VCSE,
        "",
        "Supports the valley's voluntary and community sector.",
    ),
    (
        "eastside-residents-association",
        "Eastside Residents' Association",
        OrganisationKind.COMMUNITY_GROUP,
        "",
        "Residents of Brackford's Eastside estate.",
    ),
    (
        "calder-bikes",
        "Calder Bikes",
        OrganisationKind.SME,
        "",
        "A bike repair and hire social business with twelve staff.",
    ),
    (
        "northgate-logistics",
        "Northgate Logistics",
        OrganisationKind.LARGE_BUSINESS,
        "",
        "A distribution company employing 2,400 people in the valley.",
    ),
    (
        "university-of-wyvern",
        "University of Wyvern",
        OrganisationKind.UNIVERSITY,
        "",
        "A civic university with a public health research centre.",
    ),
    (
        "wyvern-community-foundation",
        "Wyvern Community Foundation",
        OrganisationKind.FUNDER,
        "",
        "Grant-maker for community action across the valley.",
    ),
]

# key, name, email local part, organisation slug, role
PEOPLE = [
    ("place_admin", "Ada Okafor", "ada.okafor", "wyvern-valley-combined-authority", Role.ADMIN),
    ("authority_lead", "Tom Reyes", "tom.reyes", "wyvern-valley-combined-authority", Role.LEAD),
    ("council_admin", "Bina Shah", "bina.shah", "ashby-moor-council", Role.ADMIN),
    ("council_lead", "Carl Hughes", "carl.hughes", "ashby-moor-council", Role.LEAD),
    ("council_contributor", "Dee Morgan", "dee.morgan", "ashby-moor-council", Role.CONTRIBUTOR),
    ("council_viewer", "Eli Brooks", "eli.brooks", "ashby-moor-council", Role.VIEWER),
    ("brackford_admin", "Fay Osei", "fay.osei", "brackford-city-council", Role.ADMIN),
    ("brackford_lead", "Gus Patel", "gus.patel", "brackford-city-council", Role.LEAD),
    ("calder_admin", "Hana Kowalski", "hana.kowalski", "calder-wold-district-council", Role.ADMIN),
    ("icb_admin", "Ian Doyle", "ian.doyle", "wyvern-valley-icb", Role.ADMIN),
    ("vcse_admin", "Jo Adeyemi", "jo.adeyemi", "wyvern-community-action", Role.ADMIN),
    ("community_admin", "Kemi Lawal", "kemi.lawal", "eastside-residents-association", Role.ADMIN),
    ("sme_admin", "Lou Carter", "lou.carter", "calder-bikes", Role.ADMIN),
    ("business_admin", "Mo Rahman", "mo.rahman", "northgate-logistics", Role.ADMIN),
    ("university_admin", "Nia Evans", "nia.evans", "university-of-wyvern", Role.ADMIN),
    ("funder_admin", "Owen Price", "owen.price", "wyvern-community-foundation", Role.ADMIN),
    ("resident", "Rosa Lind", "rosa.lind", "", ""),
]


def demo_user(name: str, local: str) -> User:
    email = f"{local}@{DEMO_DOMAIN}"
    user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
    user.name = name
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_places(ctx: DemoContext) -> None:
    place, _ = Place.objects.update_or_create(
        slug="wyvern-valley",
        defaults={
            "name": "Wyvern Valley",
            "gss_codes": ["E47999001"],
            "brand_colour": "#005a5b",
            "is_demo": True,
        },
    )
    ctx.place = place
    for slug, name, kind, code, description in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            place=place,
            slug=slug,
            defaults={"name": name, "kind": kind, "gss_code": code, "description": description},
        )
        ctx.organisations[slug] = organisation
    for key, name, local, org_slug, role in PEOPLE:
        user = demo_user(name, local)
        ctx.people[key] = user
        if org_slug:
            Membership.objects.update_or_create(
                user=user, organisation=ctx.organisations[org_slug], defaults={"role": role}
            )
    PlaceAdmin.objects.get_or_create(place=place, user=ctx.people["place_admin"])
    cache.delete(DEMO_CACHE_KEY)


def accounts() -> list[dict[str, str]]:
    rows = []
    names = {slug: name for slug, name, *_ in ORGANISATIONS}
    for key, _name, local, org_slug, role in PEOPLE:
        label = "place admin" if key == "place_admin" else (role or "resident")
        rows.append(
            {
                "email": f"{local}@{DEMO_DOMAIN}",
                "role": str(label),
                "organisation": names.get(org_slug, ""),
            }
        )
    return rows
