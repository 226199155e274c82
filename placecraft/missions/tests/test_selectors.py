"""The mission page's one-query reads: who runs a mission and what it is aligned with."""

from __future__ import annotations

import pytest

from placecraft.missions import access, selectors
from placecraft.missions.models import Alignment, ReferenceOutcome
from placecraft.missions.tests.factories import make_mission
from placecraft.testing import make_user


@pytest.mark.django_db
def test_people_lists_co_owners_and_only_shows_leads_when_asked(world):
    mission = make_mission(world, "clean-air")
    mission.co_owners.add(world.partner, world.authority)
    nameless = make_user("zed@example.org", "")
    mission.leads.add(world.users["council_member"], nameless)
    found = selectors.people(mission, with_leads=True)
    assert found.co_owners == sorted([world.partner.name, world.authority.name])
    assert found.leads == ["Charlie Council", "zed@example.org"]
    assert selectors.people(mission, with_leads=False).leads == []


@pytest.mark.django_db
def test_alignment_reads_both_directions_and_outcomes_but_not_hidden_missions(world, erin):
    mission = make_mission(world, "clean-air")
    bigger = make_mission(world, "healthy-region", title="Healthy region")
    smaller = make_mission(world, "school-streets", title="School streets")
    hidden = make_mission(world, "secret", title="Secret", visibility="private")
    Alignment.objects.create(from_mission=mission, to_mission=bigger)
    Alignment.objects.create(from_mission=smaller, to_mission=mission)
    Alignment.objects.create(from_mission=hidden, to_mission=mission)
    outcome = ReferenceOutcome.objects.order_by("pk").first()
    if outcome is not None:
        mission.reference_outcomes.add(outcome)
    found = selectors.alignment(mission, access.mission_q(erin, world.place))
    assert [m["slug"] for m in found.contributes_to] == ["healthy-region"]
    assert [m["title"] for m in found.contributions] == ["School streets"]
    if outcome is not None:
        assert found.outcomes == [
            {"title": outcome.title, "slug": outcome.slug, "set_title": outcome.set_title}
        ]
