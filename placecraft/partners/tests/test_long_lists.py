"""Pages that offer every mission (a filter, a list of links, checkboxes): each visible mission
is offered, hidden ones are not, and the queries do not grow with the number of missions."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placecraft.missions.tests.factories import make_mission, private_mission, public_mission
from placecraft.partners.models import Contract
from placecraft.partners.tests.factories import contract, funding_line, grants


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _more_missions(world, count: int) -> None:
    for n in range(count):
        make_mission(world, f"extra-{n}", title=f"Extra mission {n}")


def test_grant_list_filters_by_the_missions_the_person_may_see(client, world, erin, bob):
    grants(world)
    mission, hidden = public_mission(world), private_mission(world)
    url = reverse("grant_list", args=[world.place.slug])
    client.force_login(erin)
    page = client.get(url).content.decode()
    assert f'<option value="{mission.slug}">{mission.title}</option>' in page
    assert hidden.slug not in page
    client.force_login(bob)
    page = client.get(url, {"mission": mission.slug}).content.decode()
    assert f'<option value="{mission.slug}" selected>{mission.title}</option>' in page
    assert f'<option value="{hidden.slug}">' in page
    assert "1 grant<" in page and f"Grants for {mission.title}" in page


def test_grant_list_totals_by_recipient(client, world):
    made = grants(world)
    page = client.get(reverse("grant_list", args=[world.place.slug])).content.decode()
    assert "Grants by recipient" in page
    for grant in made:
        assert grant.recipient_org_name in page


def test_contract_list_filters_by_the_missions_the_person_may_see(client, world, erin):
    made = contract(world)
    mission, hidden = public_mission(world), private_mission(world)
    client.force_login(erin)
    url = reverse("contract_list", args=[world.place.slug])
    page = client.get(url, {"mission": mission.slug}).content.decode()
    assert f'<option value="{mission.slug}" selected>{mission.title}</option>' in page
    assert hidden.slug not in page
    assert made.title in page


def test_funding_list_links_each_visible_mission(client, world, erin):
    funding_line(world)
    mission, hidden = public_mission(world), private_mission(world)
    client.force_login(erin)
    page = client.get(reverse("funding_list", args=[world.place.slug])).content.decode()
    link = reverse("mission_funding", args=[world.place.slug, mission.slug])
    assert f'<a class="govuk-link" href="{link}">{mission.title}</a>' in page
    assert hidden.slug not in page


def test_contract_missions_ticks_the_linked_missions_and_saves(client, world, bob):
    made = contract(world)
    mission, other = public_mission(world), private_mission(world)
    client.force_login(bob)
    url = reverse("contract_missions", args=[world.place.slug, made.pk])
    page = client.get(url).content.decode()
    assert f'value="{mission.pk}" checked>' in page
    assert f'value="{other.pk}">' in page
    response = client.post(url, {"missions": [other.pk]})
    assert response.status_code == 302
    assert list(Contract.objects.get(pk=made.pk).missions.all()) == [other]


def test_queries_do_not_grow_with_missions(client, world, bob):
    grants(world)
    made = contract(world)
    funding_line(world)
    client.force_login(bob)
    urls = [
        reverse("grant_list", args=[world.place.slug]),
        reverse("contract_list", args=[world.place.slug]),
        reverse("funding_list", args=[world.place.slug]),
        reverse("contract_missions", args=[world.place.slug, made.pk]),
    ]
    before = [_queries(client, url) for url in urls]
    _more_missions(world, 5)
    assert [_queries(client, url) for url in urls] == before
