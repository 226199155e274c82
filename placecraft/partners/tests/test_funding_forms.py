"""Funding lines: the organisations paying in are named (by name or slug, any capitals) rather
than ticked from every organisation of the place; unknown names are refused with the name."""

from __future__ import annotations

from django.urls import reverse

from placecraft.missions.tests.factories import public_mission
from placecraft.partners.models import FundingLine
from placecraft.partners.tests.factories import funding_line


def _data(world, **extra):
    return {
        "organisation": world.council.pk,
        "name": "Warm spaces fund",
        "source": "Household Support Fund",
        "amount": "40000",
        "currency": "GBP",
        "period_start": "2025-04-01",
        "period_end": "2026-03-31",
        "arrangement": "pooled",
        "visibility": "public",
        "missions": [public_mission(world).pk],
        **extra,
    }


def test_contributors_are_named_by_name_or_slug(client, world, bob):
    client.force_login(bob)
    url = reverse("funding_create", args=[world.place.slug])
    form = client.get(url).content.decode()
    assert 'name="contributors"' in form and "<textarea" in form
    names = f"{world.authority.name.upper()}\n{world.partner.slug}\n\n{world.partner.name}"
    response = client.post(url, _data(world, contributors=names))
    assert response.status_code == 302
    line = FundingLine.objects.get(name="Warm spaces fund")
    assert set(line.contributors.all()) == {world.authority, world.partner}


def test_unknown_or_other_places_organisations_are_refused(client, world, bob):
    client.force_login(bob)
    url = reverse("funding_create", args=[world.place.slug])
    response = client.post(url, _data(world, contributors=f"Nobody Ltd\n{world.other_org.name}"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "No organisation in this place is called “Nobody Ltd”" in body
    assert world.other_org.name in body  # kept as typed, and named in the error
    assert not FundingLine.objects.filter(name="Warm spaces fund").exists()


def test_editing_shows_and_keeps_the_contributors(client, world, bob):
    line = funding_line(world)  # the council and the authority pay in
    client.force_login(bob)
    url = reverse("funding_edit", args=[world.place.slug, line.pk])
    form = client.get(url).context["form"]
    assert set(form.initial["contributors"].splitlines()) == {
        world.council.name,
        world.authority.name,
    }
    data = _data(world, contributors=form.initial["contributors"], name="Renamed")
    data.pop("organisation")
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    assert line.name == "Renamed"
    assert set(line.contributors.all()) == {world.council, world.authority}
