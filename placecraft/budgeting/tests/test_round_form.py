"""The round form offers the missions the person may change, and keeps a round's own missions."""

from __future__ import annotations

from django.urls import reverse

from placecraft.budgeting.models import Phase
from placecraft.budgeting.tests.factories import make_round
from placecraft.missions.tests.factories import make_mission


def _offered(response) -> set[int]:
    return set(response.context["form"].fields["missions"].queryset.values_list("pk", flat=True))


def test_round_form_offers_the_missions_the_person_may_change(world, bob, client):
    ours = make_mission(world, "our-mission")
    theirs = make_mission(world, "their-mission", owner=world.partner)
    client.force_login(bob)
    url = reverse("pb_round_create", args=[world.place.slug])

    response = client.get(url)
    assert _offered(response) == {ours.pk}
    page = response.content.decode()
    assert "Our mission" in page
    assert "Their mission" not in page

    response = client.post(url, {"title": "Budget", "missions": [theirs.pk]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["missions"][0]
    response = client.post(url, {"title": "Budget", "missions": [ours.pk]})
    assert "missions" not in response.context["form"].errors


def test_round_form_keeps_the_rounds_own_missions(world, bob, client):
    theirs = make_mission(world, "their-mission", owner=world.partner)
    round = make_round(world, phase=Phase.IDEAS)
    round.missions.add(theirs)
    client.force_login(bob)

    response = client.get(reverse("pb_round_edit", args=[world.place.slug, round.pk]))
    assert theirs.pk in _offered(response)
    assert f'value="{theirs.pk}" checked' in response.content.decode()
