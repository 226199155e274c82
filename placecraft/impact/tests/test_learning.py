"""The learning log: entries from several sources, searchable, what went wrong on an equal
footing, shared with partners by visibility."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from placecraft.core.models import Visibility
from placecraft.impact import access
from placecraft.impact.models import LearningTags, Origin
from placecraft.impact.search import search_learnings
from placecraft.impact.tests.factories import make_learning
from placecraft.sprints.models import Learning, LearningKind

pytestmark = pytest.mark.django_db


def _titles(queryset):
    return sorted(queryset.values_list("title", flat=True).distinct())


def test_search_matches_every_word_across_fields_and_themes(world, bob):
    make_learning(
        world,
        title="Evening sessions",
        what_happened="Parents came after work",
        themes="outreach",
        origin=Origin.FORUM,
    )
    make_learning(
        world,
        title="Slow agreement",
        what_we_learned="Start governance early",
        themes="data sharing",
        origin=Origin.PROJECT,
    )
    make_learning(
        world,
        title="Short updates",
        what_we_will_change="Lead with decisions",
        themes="governance",
        origin=Origin.UPDATE,
    )
    visible = access.visible_learnings(bob, world.place)
    assert _titles(search_learnings(visible, "parents")) == ["Evening sessions"]
    assert _titles(search_learnings(visible, "GOVERNANCE")) == ["Short updates", "Slow agreement"]
    assert _titles(search_learnings(visible, "governance early")) == ["Slow agreement"]
    assert _titles(search_learnings(visible, "sharing")) == ["Slow agreement"]  # a theme
    assert _titles(search_learnings(visible, "data project")) == [
        "Evening sessions",
        "Short updates",
        "Slow agreement",
    ]  # the source's name
    assert _titles(search_learnings(visible, "nothing-like-this")) == []


def test_the_log_page_searches_and_filters(client, world, bob):
    make_learning(world, title="It worked", kind=LearningKind.WORKED, origin=Origin.SPRINT)
    make_learning(world, title="It went wrong", kind=LearningKind.DID_NOT_WORK, origin=Origin.FORUM)
    client.force_login(bob)
    url = reverse("learning_log", args=[world.place.slug])
    response = client.get(url)
    kinds = {value: n for value, _label, n in response.context["kinds"]}
    assert kinds["worked"] == 1 and kinds["did-not-work"] == 1
    body = response.content.decode()
    # What went wrong is counted and shown with the same weight as what worked.
    assert "What worked" in body and "What did not work" in body
    assert [e.title for e in client.get(url + "?origin=forum").context["page"]] == ["It went wrong"]
    assert [e.title for e in client.get(url + "?kind=worked").context["page"]] == ["It worked"]
    assert [e.title for e in client.get(url + "?q=wrong").context["page"]] == ["It went wrong"]


def test_the_log_filters_by_theme_and_mission(client, world, bob):
    from placecraft.missions.tests.factories import make_mission, public_mission

    mission = public_mission(world)
    make_mission(world, "quiet-streets")
    make_learning(world, title="Tagged twice", themes="outreach, data sharing", mission=mission)
    make_learning(world, title="Other theme", themes="governance")
    client.force_login(bob)
    url = reverse("learning_log", args=[world.place.slug])

    def titles(query: str) -> list[str]:
        return [e.title for e in client.get(url + query).context["page"]]

    assert titles("?theme=outreach") == ["Tagged twice"]
    assert titles("?theme=governance") == ["Other theme"]
    assert titles(f"?mission={mission.slug}") == ["Tagged twice"]
    body = client.get(url + f"?mission={mission.slug}").content.decode()
    assert '<option value="">Every mission</option>' in body
    assert f'<option value="{mission.slug}" selected>{mission.title}</option>' in body
    assert '<option value="quiet-streets">Quiet streets</option>' in body


def test_sharing_follows_visibility_and_named_partners(world, bob, dana, erin):
    make_learning(world, Visibility.PRIVATE, title="Private")
    make_learning(world, Visibility.PARTNERS, title="Partners")
    make_learning(world, Visibility.PUBLIC, title="Public")
    shared = make_learning(world, Visibility.PRIVATE, title="Shared with Helping Hands")
    shared.shared_with.add(world.partner)
    assert _titles(access.visible_learnings(dana, world.place)) == [
        "Partners",
        "Public",
        "Shared with Helping Hands",
    ]
    assert _titles(access.visible_learnings(bob, world.place)) == [
        "Partners",
        "Private",
        "Public",
        "Shared with Helping Hands",
    ]
    assert _titles(access.visible_learnings(erin, world.place)) == ["Public"]


def test_adding_an_entry_with_origin_and_themes(client, world, charlie):
    client.force_login(charlie)
    response = client.post(
        reverse("learning_log_create", args=[world.place.slug]),
        {
            "organisation": world.council.pk,
            "title": "The pilot stalled",
            "kind": "did-not-work",
            "what_we_tried": "A pilot",
            "what_happened": "Nobody owned the risk",
            "what_we_learned": "Name an owner",
            "what_we_will_change": "Owners for every pilot",
            "recorded_on": "2025-06-01",
            "visibility": "partners",
            "origin": "project",
            "origin_label": "Community pilot",
            "themes": "risk, ownership , risk",
            "shared_with": world.partner.name,
        },
    )
    entry = Learning.objects.get(title="The pilot stalled")
    assert response.status_code == 302
    tags = LearningTags.objects.get(learning=entry)
    assert tags.origin == "project"
    assert sorted(t.name for t in tags.themes.all()) == ["ownership", "risk"]
    assert list(entry.shared_with.all()) == [world.partner]
    assert entry.source_type == "other"
    client2 = Client()
    client2.force_login(world.users["partner_member"])
    page = client2.get(reverse("learning_entry", args=[world.place.slug, entry.pk]))
    assert page.status_code == 200 and b"Community pilot" in page.content


def test_api_lists_the_log_by_visibility(client, world):
    make_learning(world, Visibility.PUBLIC, title="Open", themes="outreach")
    make_learning(world, Visibility.PRIVATE, title="Closed")
    items = client.get(reverse("api:list_learning_log", args=[world.place.slug])).json()["items"]
    assert [(i["title"], i["themes"], i["origin"]) for i in items] == [
        ("Open", ["outreach"], "project")
    ]


def test_every_organisation_can_be_shared_with_and_the_names_survive_an_error(
    client, world, charlie
):
    client.force_login(charlie)
    url = reverse("learning_log_create", args=[world.place.slug])
    # Named in a box, not ticked in a list of every organisation in the place.
    assert 'name="shared_with" value=' not in client.get(url).content.decode()
    names = f"{world.partner.name}\n{world.authority.slug.upper()}\n\n{world.partner.name}"
    again = client.post(url, {"organisation": world.council.pk, "shared_with": names})
    form = again.context["form"]
    assert "shared_with" not in form.errors
    assert form.cleaned_data["shared_with"] == [world.partner, world.authority]
    body = again.content.decode()
    assert "govuk-error-summary" in body and world.partner.name in body
    unknown = client.post(url, {"organisation": world.council.pk, "shared_with": "Nobody Ltd"})
    error = unknown.context["form"].errors["shared_with"][0]
    assert "No organisation in this place is called “Nobody Ltd”" in error
    other_place = client.post(url, {"shared_with": world.other_org.name})
    assert "shared_with" in other_place.context["form"].errors
