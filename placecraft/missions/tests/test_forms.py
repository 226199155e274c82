"""The mission form's choices: leads come from the organisations that own the mission (not
everyone in the place), and the long lists are written in one pass with the usual markup."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from placecraft.core.widgets import LongCheckboxes, LongSelect
from placecraft.missions.forms import MissionForm
from placecraft.missions.models import Mission
from placecraft.missions.tests.factories import make_mission
from placecraft.places.models import Membership, Organisation, Role
from placecraft.testing import assert_max_queries, make_user


def _lead_ids(form: MissionForm) -> set[int]:
    return set(form.fields["leads"].queryset.values_list("pk", flat=True))  # type: ignore[attr-defined]


def _owners(world):
    return Organisation.objects.filter(pk=world.council.pk)


@pytest.mark.django_db
def test_leads_are_contributors_of_the_organisations_that_may_own_it(world, bob, charlie, dana):
    viewer = make_user("val@example.org", "Val Viewer")
    Membership.objects.create(user=viewer, organisation=world.council, role=Role.VIEWER)
    form = MissionForm(place=world.place, owners=_owners(world))
    ids = _lead_ids(form)
    assert bob.pk in ids and charlie.pk in ids
    # Not the partner's people (not a co-owner yet), not viewers, not residents or outsiders.
    for user in (dana, viewer, world.users["resident"], world.users["outsider"]):
        assert user.pk not in ids


@pytest.mark.django_db
def test_a_co_owners_people_can_lead(world, bob, dana):
    mission = make_mission(world, "clean-air")
    form = MissionForm(instance=mission, place=world.place, owners=_owners(world))
    assert dana.pk not in _lead_ids(form)
    mission.co_owners.add(world.partner)
    form = MissionForm(instance=mission, place=world.place, owners=_owners(world))
    assert dana.pk in _lead_ids(form)


@pytest.mark.django_db
def test_a_new_co_owner_and_one_of_its_people_as_lead_in_one_go(client, world, bob, dana):
    client.force_login(bob)
    response = client.post(
        reverse("mission_create", args=[world.place.slug]),
        {
            "title": "Warm homes",
            "organisation": world.council.pk,
            "co_owners": [world.partner.pk],
            "statement": "Every home is warm.",
            "ambition": "By 2030.",
            "horizon_year": 2030,
            "visibility": "partners",
            "leads": [dana.pk],
            "update_every_days": 30,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mission = Mission.objects.get(place=world.place, title="Warm homes")
    assert list(mission.leads.all()) == [dana]


@pytest.mark.django_db
def test_someone_outside_the_owners_cannot_be_made_a_lead(world, bob):
    form = MissionForm(
        {
            "title": "Warm homes",
            "organisation": world.council.pk,
            "statement": "s",
            "ambition": "a",
            "horizon_year": 2030,
            "visibility": "partners",
            "leads": [world.users["resident"].pk],
            "update_every_days": 30,
        },
        place=world.place,
        owners=_owners(world),
    )
    assert not form.is_valid()
    assert "leads" in form.errors


@pytest.mark.django_db
def test_a_current_lead_stays_listed_and_ticked(client, world, bob):
    mission = make_mission(world, "clean-air")
    former = make_user("fred@example.org", "Fred Former")
    mission.leads.add(former)
    form = MissionForm(instance=mission, place=world.place, owners=_owners(world))
    assert former.pk in _lead_ids(form)
    client.force_login(bob)
    body = client.get(reverse("mission_edit", args=[world.place.slug, mission.slug])).content
    html = body.decode()
    ticked = re.search(rf'<input[^>]*name="leads" value="{former.pk}"[^>]*>', html)
    assert ticked and " checked" in ticked.group(0)
    assert "Fred Former" in html


@pytest.mark.django_db
def test_the_long_lists_have_govuk_markup(world):
    widget = LongCheckboxes()
    widget.choices = [(1, "Ash & Co"), (2, "Birch")]
    html = widget.render(
        "co_owners", ["2"], {"id": "id_co_owners", "class": "govuk-checkboxes__input"}
    )
    assert html.count('class="govuk-checkboxes__item"') == 2
    assert 'id="id_co_owners_0"' in html and 'for="id_co_owners_0"' in html
    assert "Ash &amp; Co" in html
    assert re.search(r'value="2" checked>', html) and not re.search(r'value="1" checked', html)
    select = LongSelect()
    select.choices = [("", "None"), (1, "Ash"), (2, "<Birch>")]
    html = select.render("organisation", 2, {"id": "id_organisation", "class": "govuk-select"})
    assert html.startswith('<select name="organisation"')
    assert '<option value="2" selected>&lt;Birch&gt;</option>' in html
    assert '<option value="">None</option>' in html


@pytest.mark.django_db
def test_the_mission_forms_queries_do_not_grow_with_people_or_co_owners(client, world, bob):
    mission = make_mission(world, "clean-air")
    client.force_login(bob)
    budgets = {
        reverse("mission_create", args=[world.place.slug]): 9,
        # One more than before issue 23: the organisations asked to co-own, yet to answer.
        reverse("mission_edit", args=[world.place.slug, mission.slug]): 12,
    }
    urls = list(budgets)

    def counts() -> list[int]:
        return [assert_max_queries(client, url, budget) for url, budget in budgets.items()]

    before = counts()
    for i in range(6):
        organisation = Organisation.objects.create(
            place=world.place, name=f"Partner {i}", slug=f"partner-{i}"
        )
        mission.co_owners.add(organisation)
        person = make_user(f"lead{i}@example.org", f"Lead {i}")
        Membership.objects.create(user=person, organisation=organisation, role=Role.CONTRIBUTOR)
        mission.leads.add(person)
    assert counts() == before
    html = client.get(urls[1]).content.decode()
    # The owner's select reads the owners once and keeps the mission's owner chosen.
    assert f'<option value="{world.council.pk}" selected>Northgate Council</option>' in html
    assert 'name="leads" value="' in html and "Lead 5" in html
