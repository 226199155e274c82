"""The place itself: a strategic authority, its councils, partners, people and the named users
the benchmark signs in as (the same roles as the test suite's alice … oscar)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password

from placecraft.places.models import Membership, Organisation, Place, PlaceAdmin, Role
from placecraft.scale.context import Scale, insert

# Everyone the benchmark signs in as shares this password (the bench database is local).
PASSWORD = "correct horse battery"

PARTNER_KINDS = (
    "vcse",
    "vcse",
    "community-group",
    "community-group",
    "sme",
    "large-business",
    "university",
    "funder",
    "public-sector-body",
)

NAMED = {
    "place_admin": "Alice Admin",
    "council_admin": "Bob Boss",
    "council_member": "Charlie Council",
    "partner_member": "Dana Partner",
    "resident": "Erin Resident",
    "outsider": "Oscar Outsider",
}


def create_place(*, slug: str, name: str) -> Place:
    return Place.objects.create(name=name, slug=slug, gss_codes=["E47000001"])


def _user(email: str, name: str, password_hash: str) -> Any:
    from placecraft.accounts.models import User

    return User(email=email, name=name, password=password_hash)


def seed(s: Scale) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from placecraft.accounts.models import User

    place, rng = s.place, s.rng
    s.authority = Organisation.objects.create(
        place=place,
        name=f"{place.name} Combined Authority",
        slug="combined-authority",
        kind="strategic-authority",
        gss_code="E47000001",
    )
    s.councils = insert(
        Organisation,
        (
            Organisation(
                place=place,
                name=f"Council {i + 1:02d}",
                slug=f"council-{i + 1:02d}",
                kind="council",
                # The first matches the test suite's Northgate (E06000001), so factories' figures
                # for that area land on a real council of the place.
                gss_code=f"E06{i + 1:06d}",
            )
            for i in range(s.n("councils"))
        ),
    )
    s.partners = insert(
        Organisation,
        (
            Organisation(
                place=place,
                name=f"Partner {i + 1:04d}",
                slug=f"partner-{i + 1:04d}",
                kind=PARTNER_KINDS[i % len(PARTNER_KINDS)],
                description="A partner generated for the benchmark.",
            )
            for i in range(s.n("partners"))
        ),
    )

    # Hashing once: 5,000 people with one unusable password hash cost nothing to create.
    unusable = make_password(None)
    domain = f"{place.slug}.scale.example"
    people = insert(
        User,
        (
            _user(f"person{i:05d}@{domain}", f"Person {i:05d}", unusable)
            for i in range(s.n("people"))
        ),
    )
    s.people = [p.pk for p in people]

    # About two in three people work for an organisation; the rest are residents. Councils and
    # the authority are bigger employers than most partners.
    orgs = s.organisations
    weights = [20 if o.kind in ("council", "strategic-authority") else 1 for o in orgs]
    memberships = []
    for pk in s.people:
        if rng.random() < 0.66:
            org = rng.choices(orgs, weights)[0]
            role = rng.choice((Role.VIEWER, Role.CONTRIBUTOR, Role.CONTRIBUTOR, Role.LEAD))
            memberships.append(Membership(user_id=pk, organisation=org, role=role))
            s.members.setdefault(org.pk, []).append(pk)
    insert(Membership, memberships)

    # The named users, with verified addresses so they can sign in through the real form.
    password = make_password(PASSWORD)
    named = {
        key: _user(f"{key.replace('_', '-')}@{domain}", name, password)
        for key, name in NAMED.items()
    }
    insert(User, named.values())
    s.named = named
    insert(
        EmailAddress,
        (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in named.values()),
    )
    PlaceAdmin.objects.create(place=place, user=named["place_admin"])
    # Place admins must use a second factor: the bench's place admin has one set up.
    Authenticator.objects.create(
        user=named["place_admin"], type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    council = s.councils[0]
    s.other_place = Place.objects.create(name=f"{place.name} Elsewhere", slug=f"{place.slug}-else")
    s.other_org = Organisation.objects.create(
        place=s.other_place, name="Elsewhere Council", slug="elsewhere-council", kind="council"
    )
    insert(
        Membership,
        [
            Membership(user=named["place_admin"], organisation=s.authority, role=Role.ADMIN),
            Membership(user=named["council_admin"], organisation=council, role=Role.ADMIN),
            Membership(user=named["council_member"], organisation=council, role=Role.CONTRIBUTOR),
            Membership(user=named["partner_member"], organisation=s.partners[0], role=Role.ADMIN),
            Membership(user=named["outsider"], organisation=s.other_org, role=Role.ADMIN),
        ],
    )
    s.say(f"  {len(orgs)} organisations, {len(s.people)} people, {len(memberships)} memberships")
