"""The mission page's one-query read: who runs a mission and what it is aligned with."""

from __future__ import annotations

import pytest

from placecraft.missions import access, selectors
from placecraft.missions.models import Alignment, ReferenceOutcome
from placecraft.missions.tests.factories import make_mission
from placecraft.testing import make_user


@pytest.mark.django_db
def test_relations_list_co_owners_and_only_show_leads_when_asked(world, erin):
    mission = make_mission(world, "clean-air")
    mission.co_owners.add(world.partner, world.authority)
    nameless = make_user("zed@example.org", "")
    mission.leads.add(world.users["council_member"], nameless)
    visible = access.mission_q(erin, world.place)
    found = selectors.relations(mission, visible, with_leads=True)
    assert found.co_owners == sorted([world.partner.name, world.authority.name])
    assert found.leads == ["Charlie Council", "zed@example.org"]
    without = selectors.relations(mission, visible, with_leads=False)
    assert without.leads == [] and without.co_owners == found.co_owners


@pytest.mark.django_db
def test_relations_read_alignment_both_ways_and_outcomes_but_not_hidden_missions(world, erin):
    mission = make_mission(world, "clean-air")
    bigger = make_mission(world, "healthy-region", title="Healthy region")
    smaller = make_mission(world, "school-streets", title="School streets")
    also = make_mission(world, "active-lives", title="Active lives")
    hidden = make_mission(world, "secret", title="Secret", visibility="private")
    Alignment.objects.create(from_mission=mission, to_mission=bigger)
    Alignment.objects.create(from_mission=smaller, to_mission=mission)
    Alignment.objects.create(from_mission=also, to_mission=mission)
    Alignment.objects.create(from_mission=hidden, to_mission=mission)
    outcomes = list(ReferenceOutcome.objects.order_by("-set_slug", "-order")[:2])
    mission.reference_outcomes.add(*outcomes)
    found = selectors.relations(mission, access.mission_q(erin, world.place), with_leads=False)
    assert found.contributes_to == [{"title": "Healthy region", "slug": "healthy-region"}]
    assert [m["title"] for m in found.contributions] == ["Active lives", "School streets"]
    assert found.outcomes == [
        {"title": o.title, "slug": o.slug, "set_title": o.set_title}
        for o in sorted(outcomes, key=lambda o: (o.set_slug, o.order, o.title))
    ]
    assert found.co_owners == [] and found.leads == []
