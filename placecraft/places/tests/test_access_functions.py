"""The access functions, case by case (the matrix tests them through URLs too)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from placecraft.places import access


def content(world, organisation, visibility):
    return SimpleNamespace(
        pk=1, organisation_id=organisation.pk, visibility=visibility, place_id=world.place.pk
    )


@pytest.mark.parametrize(
    "visibility, expected",
    [
        (
            "public",
            {
                "place_admin",
                "council_admin",
                "council_member",
                "partner_member",
                "resident",
                "outsider",
                "anonymous",
            },
        ),
        ("partners", {"place_admin", "council_admin", "council_member", "partner_member"}),
        ("private", {"council_admin", "council_member"}),
    ],
)
def test_who_can_view_council_content(world, visibility, expected):
    obj = content(world, world.council, visibility)
    users = {**world.users, "anonymous": AnonymousUser()}
    seen = {key for key, user in users.items() if access.can_view(user, obj, world.place)}
    assert seen == expected


def test_only_contributors_and_above_of_the_owner_can_edit(world):
    obj = content(world, world.council, "public")
    editors = {key for key, user in world.users.items() if access.can_edit(user, obj)}
    assert editors == {"council_admin", "council_member"}


def test_place_admin_gate(world):
    assert access.get_place_for_admin(world.users["place_admin"], "testshire") == world.place
    with pytest.raises(PermissionDenied):
        access.get_place_for_admin(world.users["council_admin"], "testshire")
    with pytest.raises(Http404):
        access.get_place_for_admin(world.users["place_admin"], "nowhere")


def test_principal_is_loaded_once_per_user_object(world, django_assert_num_queries):
    user = world.users["council_member"]
    with django_assert_num_queries(1):  # memberships and administered places together
        access.principal(user)
        access.principal(user)
        access.is_partner(user, world.place)


def test_principal_reads_memberships_and_administered_places_apart(world):
    from placecraft.places.models import Membership, PlaceAdmin, Role

    user = world.users["place_admin"]
    PlaceAdmin.objects.get_or_create(user=user, place=world.other_place)
    Membership.objects.get_or_create(
        user=user, organisation=world.partner, defaults={"role": Role.VIEWER}
    )
    found = access.principal(user)
    assert found.admin_places == {world.place.pk, world.other_place.pk}
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    assert found.roles == {m.organisation_id: m.role for m in memberships}
    assert found.roles[world.partner.pk] == Role.VIEWER
    assert found.places == {m.organisation.place_id for m in memberships}


def test_organisations_named_in_a_box_are_found_in_one_query(world, django_assert_num_queries):
    import pytest
    from django import forms

    from placecraft.places.forms import OrganisationNamesField
    from placecraft.places.models import Organisation

    field = OrganisationNamesField(organisations=Organisation.objects.filter(place=world.place))
    typed = f"{world.council.name.upper()}\n{world.partner.slug}\n\n{world.council.slug}"
    with django_assert_num_queries(1):
        assert field.clean(typed) == [world.council, world.partner]
    with pytest.raises(forms.ValidationError, match="called “Nobody”, “Elsewhere”"):
        field.clean(f"Nobody\n{world.partner.name}\nElsewhere")
    # Choices read for a list (names only) are checked in one query too.
    narrowed = OrganisationNamesField(
        organisations=Organisation.objects.filter(place=world.place).only("pk", "name")
    )
    with django_assert_num_queries(1):
        assert narrowed.clean(typed) == [world.council, world.partner]
