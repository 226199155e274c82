"""Choosing editable missions in the database agrees with the rule applied to one mission."""

from __future__ import annotations

from placecraft.missions.access import can_edit_mission, can_view_mission, editable_missions
from placecraft.missions.models import Mission
from placecraft.missions.tests.factories import make_mission


def test_editable_missions_are_exactly_those_each_person_may_change(world):
    make_mission(world, "council-owned")
    make_mission(world, "partner-owned", visibility="private", owner=world.partner)
    co_owned = make_mission(world, "co-owned", visibility="private", owner=world.authority)
    co_owned.co_owners.add(world.council)
    led = make_mission(world, "led-by-dana", visibility="partners", owner=world.authority)
    led.leads.add(world.users["partner_member"])
    make_mission(world, "authority-only", visibility="private", owner=world.authority)

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
