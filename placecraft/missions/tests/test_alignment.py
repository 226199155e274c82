import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placecraft.missions import services
from placecraft.missions.models import Alignment, Mission, ReferenceOutcome
from placecraft.missions.tests.factories import make_mission


def test_the_five_national_missions_are_reference_data(db):
    titles = list(
        ReferenceOutcome.objects.filter(set_slug="uk-national-missions").values_list(
            "title", flat=True
        )
    )
    assert len(titles) == 5
    assert "Build an NHS fit for the future" in titles


def test_council_mission_contributes_to_authority_and_national_missions(world, bob):
    authority = make_mission(world, "authority-goal", owner=world.authority)
    council = make_mission(world, "council-goal")
    nhs = ReferenceOutcome.objects.get(slug="nhs")
    services.set_alignment(actor=bob, mission=council, contributes_to=[authority], outcomes=[nhs])
    assert list(council.contributes_to.all()) == [authority]
    assert list(authority.contributions.all()) == [council]
    assert list(council.reference_outcomes.all()) == [nhs]
    # Saving again with fewer links removes the dropped ones.
    services.set_alignment(actor=bob, mission=council, contributes_to=[], outcomes=[])
    assert not Alignment.objects.exists()


def test_loops_and_other_places_are_refused(world):
    a = make_mission(world, "a")
    b = make_mission(world, "b")
    c = make_mission(world, "c")
    services.set_alignment(actor=None, mission=a, contributes_to=[b], outcomes=[])
    services.set_alignment(actor=None, mission=b, contributes_to=[c], outcomes=[])
    with pytest.raises(ValidationError, match="loop"):
        services.set_alignment(actor=None, mission=c, contributes_to=[a], outcomes=[])
    elsewhere = Mission.objects.create(
        place=world.other_place,
        organisation=world.other_org,
        title="X",
        slug="x",
        statement="s",
        ambition="a",
        horizon_year=2030,
    )
    with pytest.raises(ValidationError, match="same place"):
        services.set_alignment(actor=None, mission=a, contributes_to=[elsewhere], outcomes=[])


def test_alignment_map_has_a_picture_and_a_text_equivalent_of_visible_missions(world, client):
    authority = make_mission(world, "authority-goal", owner=world.authority, title="Healthy valley")
    council = make_mission(world, "council-goal", title="Ready for school")
    secret = make_mission(world, "secret", title="Secret plan", visibility="private")
    services.set_alignment(
        actor=None,
        mission=council,
        contributes_to=[authority],
        outcomes=[ReferenceOutcome.objects.get(slug="opportunity")],
    )
    services.set_alignment(actor=None, mission=secret, contributes_to=[authority], outcomes=[])
    url = reverse("alignment_map", args=[world.place.slug])
    # By default, organisations: their missions and contributions counted.
    page = client.get(url).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert f"1 contribution to missions of {world.authority.name}" in page
    assert "1 contribution to the national mission: Break down barriers to opportunity" in page
    assert "Secret plan" not in page
    assert "2 missions of 2 organisations, with 2 contributions" in page  # the secret one uncounted
    assert f'href="?organisation={world.council.slug}"' in page
    # On request, one organisation's missions one by one, with what they contribute to.
    page = client.get(url, {"organisation": world.council.slug}).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "contributes to Healthy valley" in page
    assert "contributes to the national mission: Break down barriers to opportunity" in page
    assert "Secret plan" not in page and "Ready for school" in page
    # An organisation without visible missions (or none at all) gives the overview.
    page = client.get(url, {"organisation": "nobody"}).content.decode()
    assert f"1 contribution to missions of {world.authority.name}" in page


def test_alignment_form_offers_every_visible_mission_and_saves_the_choice(world, bob, client):
    council = make_mission(world, "council-goal", title="Ready for school")
    authority = make_mission(world, "authority-goal", owner=world.authority, title="Healthy valley")
    elsewhere = Mission.objects.create(
        place=world.other_place,
        organisation=world.other_org,
        title="Another place's mission",
        slug="x",
        statement="s",
        ambition="a",
        horizon_year=2030,
    )
    nhs = ReferenceOutcome.objects.get(slug="nhs")
    url = reverse("mission_alignment", args=[world.place.slug, council.slug])
    client.force_login(bob)
    page = client.get(url).content.decode()
    # Each choice is a labelled checkbox; the mission itself and other places' are not offered.
    assert f'name="contributes_to" value="{authority.pk}"' in page and "Healthy valley" in page
    assert "Build an NHS fit for the future" in page
    assert f'name="contributes_to" value="{council.pk}"' not in page
    assert "Another place" not in page
    response = client.post(url, {"contributes_to": [authority.pk], "outcomes": [nhs.pk]})
    assert response.status_code == 302
    assert list(council.contributes_to.all()) == [authority]
    assert list(council.reference_outcomes.all()) == [nhs]
    # Saved choices come back ticked; a mission from elsewhere cannot be chosen.
    page = client.get(url).content.decode()
    assert f'value="{authority.pk}" checked' in page and f'value="{nhs.pk}" checked' in page
    refused = client.post(url, {"contributes_to": [elsewhere.pk]})
    assert refused.status_code == 200 and list(council.contributes_to.all()) == [authority]
