"""Place admins add organisations; GSS codes follow the ONS prefix rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from placecraft.core.models import AuditEvent
from placecraft.places.models import Organisation
from placecraft.testing import assert_max_queries


def create(client, world, **data):
    payload = {
        "name": "Southgate Council",
        "kind": "council",
        "gss_code": "",
        "description": "",
        "website": "",
    }
    payload.update(data)
    return client.post(reverse("organisation_create", args=[world.place.slug]), payload)


def test_place_admin_adds_a_council(client, world, alice):
    client.force_login(alice)
    response = create(client, world, gss_code=" e08000021 ")
    organisation = Organisation.objects.get(name="Southgate Council")
    assert response.status_code == 302
    assert organisation.slug == "southgate-council"
    assert organisation.gss_code == "E08000021"
    event = AuditEvent.objects.get(action="create")
    assert event.actor == alice and event.organisation == organisation


@pytest.mark.parametrize(
    "kind, code, message",
    [
        ("council", "E0600001", "is not a GSS code"),
        ("council", "X06000001", "is not a GSS code"),
        ("council", "E47000001", "starts with E47"),
        ("strategic-authority", "E08000021", "starts with E08"),
    ],
)
def test_invalid_gss_code_is_refused(client, world, alice, kind, code, message):
    client.force_login(alice)
    response = create(client, world, kind=kind, gss_code=code)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert message.encode() in response.content
    assert not Organisation.objects.filter(name="Southgate Council").exists()
    assert not AuditEvent.objects.exists()


def test_gss_code_is_optional_for_partners(client, world, alice):
    client.force_login(alice)
    create(client, world, name="Food Bank", kind="vcse")
    assert Organisation.objects.filter(name="Food Bank", gss_code="").exists()


def test_duplicate_name_is_refused(client, world, alice):
    client.force_login(alice)
    response = create(client, world, name="northgate council")
    assert b"already has an organisation called" in response.content
    assert Organisation.objects.filter(place=world.place).count() == 3


def test_organisation_admin_edits_own_profile_only(client, world, dana):
    client.force_login(dana)
    url = reverse("organisation_edit", args=[world.place.slug, world.partner.slug])
    response = client.post(
        url, {"name": "Helping Hands CIC", "kind": "vcse", "description": "Food and warmth"}
    )
    assert response.status_code == 302
    world.partner.refresh_from_db()
    assert world.partner.name == "Helping Hands CIC"
    event = AuditEvent.objects.get(action="update")
    assert event.changes["name"] == {"from": "Helping Hands", "to": "Helping Hands CIC"}
    other = reverse("organisation_edit", args=[world.place.slug, world.council.slug])
    assert client.post(other, {"name": "Hacked", "kind": "council"}).status_code == 403
    world.council.refresh_from_db()
    assert world.council.name == "Northgate Council"


def test_organisations_of_another_place_are_not_found(client, world):
    url = reverse("organisation_detail", args=[world.place.slug, world.other_org.slug])
    assert client.get(url).status_code == 404


def test_kind_filter_and_query_budget(client, world):
    url = reverse("organisation_list", args=[world.place.slug])
    response = client.get(url + "?kind=vcse")
    assert b"Helping Hands" in response.content
    assert b"Northgate Council" not in response.content
    small = assert_max_queries(client, url, 6)
    for n in range(30):
        Organisation.objects.create(
            place=world.place, name=f"Group {n}", slug=f"group-{n}", kind="community-group"
        )
    assert assert_max_queries(client, url, 6) == small


def test_place_settings_reject_unreadable_colour_and_bad_codes(client, world, alice):
    client.force_login(alice)
    url = reverse("place_settings", args=[world.place.slug])
    response = client.post(
        url, {"name": "Testshire", "brand_colour": "#ffdd00", "gss_codes": "E47000001"}
    )
    assert b"contrast ratio" in response.content
    response = client.post(
        url, {"name": "Testshire", "brand_colour": "#005a5b", "gss_codes": "E47000001, nonsense"}
    )
    assert b"is not a GSS code" in response.content
    world.place.refresh_from_db()
    assert world.place.brand_colour == "#1d70b8"
    response = client.post(
        url, {"name": "Testshire", "brand_colour": "#005a5b", "gss_codes": "e47000001"}
    )
    assert response.status_code == 302
    world.place.refresh_from_db()
    assert world.place.brand_colour == "#005a5b"
    assert world.place.gss_codes == ["E47000001"]
    css = client.get(reverse("place_brand_css", args=[world.place.slug]))
    assert b"--place-brand: #005a5b" in css.content
