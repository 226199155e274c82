"""Choosing editable missions in the database agrees with the rule applied to one mission; the
framework action form offers exactly those, in the same number of queries however many missions
the place has."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from placecraft.frameworks.models import Mode
from placecraft.frameworks.tests.factories import make_exercise
from placecraft.missions import services
from placecraft.missions.access import can_edit_mission, can_view_mission, editable_missions
from placecraft.missions.models import Mission
from placecraft.missions.tests.factories import make_mission
from placecraft.places.access import principal
from placecraft.testing import assert_max_queries


def test_editable_missions_are_exactly_those_each_person_may_change(world):
    make_mission(world, "council-owned")
    make_mission(world, "partner-owned", visibility="private", owner=world.partner)
    co_owned = make_mission(world, "co-owned", visibility="private", owner=world.authority)
    co_owned.co_owners.add(world.council)
    led = make_mission(world, "led-by-dana", visibility="partners", owner=world.authority)
    led.leads.add(world.users["partner_member"])
    make_mission(world, "authority-only", visibility="private", owner=world.authority)
    # Led by the same person, in another place: never offered in this one.
    elsewhere = services.create_mission(
        actor=None,
        place=world.other_place,
        data={
            "title": "Elsewhere",
            "slug": "led-elsewhere",
            "statement": "s",
            "ambition": "a",
            "horizon_year": 2035,
            "visibility": "public",
            "organisation": world.other_org,
        },
    )
    elsewhere.leads.add(world.users["partner_member"])

    missions = list(Mission.objects.filter(place=world.place))
    found_someone_who_edits_some = False
    for name, user in world.users.items():
        expected = {
            m.slug
            for m in missions
            if can_view_mission(user, m, world.place) and can_edit_mission(user, m)
        }
        chosen = set(editable_missions(user, world.place).values_list("slug", flat=True))
        assert chosen == expected, name
        found_someone_who_edits_some |= 0 < len(expected) < len(missions)
    assert found_someone_who_edits_some
    assert "led-by-dana" in set(
        editable_missions(world.users["partner_member"], world.place).values_list("slug", flat=True)
    )


def test_the_action_form_offers_the_missions_one_may_change_in_fixed_queries(world, bob):
    exercise = make_exercise(world, "missions-mindset", Mode.WORKSHOP)
    own = make_mission(world, "council-goal", title="Council goal")
    led = make_mission(world, "led-goal", title="Led goal", owner=world.authority)
    led.leads.add(bob)
    make_mission(world, "authority-goal", title="Authority goal", owner=world.authority)
    client = Client()
    client.force_login(bob)
    url = reverse("action_create", args=[world.place.slug, exercise.pk])
    before = assert_max_queries(client, url, 9)
    html = client.get(url).content.decode()
    assert f'value="{own.pk}"' in html and f'value="{led.pk}"' in html
    assert "Authority goal" not in html
    for i in range(5):
        make_mission(world, f"more-{i}", title=f"More {i}", owner=world.authority)
    assert assert_max_queries(client, url, before) == before


def test_someone_who_contributes_nowhere_is_checked_against_the_leads_alone(
    world, django_assert_num_queries
):
    co_owned = make_mission(world, "co-owned", owner=world.authority)
    co_owned.co_owners.add(world.council)
    resident = world.users["resident"]
    principal(resident)  # their memberships, read once a request
    mission = Mission.objects.get(pk=co_owned.pk)
    with django_assert_num_queries(1):  # the leads; a resident contributes to no co-owner
        assert not can_edit_mission(resident, mission)
    co_owned.leads.add(resident)  # a lead whose role has lapsed still edits
    assert can_edit_mission(resident, Mission.objects.get(pk=co_owned.pk))
    # A council contributor edits the mission its council co-owns.
    assert can_edit_mission(world.users["council_member"], Mission.objects.get(pk=co_owned.pk))
