"""A forum session's event and its evidence pack's indicators are chosen from short lists: what
the person's organisations run and what the forum's missions track, not everything in the place."""

from __future__ import annotations

from django.urls import reverse

from placecraft.community.models import Evidence, Session
from placecraft.community.tests import factories as f
from placecraft.evidence import services as evidence_services
from placecraft.evidence.tests.factories import make_indicator
from placecraft.missions.tests.factories import public_mission
from placecraft.openness.tests.factories import make_event


def _offered(response, name: str) -> set[int]:
    field = response.context["form"].fields[name]
    return set(field.queryset.values_list("pk", flat=True))


def test_evidence_offers_the_forum_missions_and_own_organisations_indicators(world, bob, client):
    forum, session = f.forum(world), Session.objects.get(forum__title="Streets forum")
    own = make_indicator(world, "own", name="Council figure")
    tracked = make_indicator(world, "tracked", name="Tracked figure", organisation=world.partner)
    evidence_services.link_indicator(
        actor=None,
        mission=public_mission(world),
        indicator=tracked,
        data={"geography_code": "E06000001", "headline": True},
        targets=[],
    )
    elsewhere = make_indicator(world, "partner", name="Partner figure", organisation=world.partner)
    hidden = make_indicator(
        world, "hidden", name="Partner secret", organisation=world.partner, visibility="private"
    )
    url = reverse("evidence_add", args=[world.place.slug, forum.pk, session.pk])
    client.force_login(bob)

    response = client.get(url)
    assert _offered(response, "indicator") == {own.pk, tracked.pk}
    page = response.content.decode()
    assert "Council figure" in page and "Tracked figure" in page
    assert "Partner figure" not in page and "Partner secret" not in page

    for indicator in (elsewhere, hidden):
        response = client.post(url, {"title": "Figures", "indicator": indicator.pk})
        assert response.status_code == 200
        assert "Select a valid choice" in response.context["form"].errors["indicator"][0]
    response = client.post(url, {"title": "Figures", "indicator": tracked.pk})
    assert response.status_code == 302
    assert Evidence.objects.get(session=session, title="Figures").indicator == tracked


def test_session_event_is_one_the_persons_organisations_run(world, bob, client):
    forum = f.forum(world)
    ours = make_event(world, "our-meeting")
    theirs = make_event(world, "their-meeting", organisation=world.partner)
    client.force_login(bob)
    url = reverse("session_create", args=[world.place.slug, forum.pk])

    assert _offered(client.get(url), "event") == {ours.pk}
    data = {"title": "Second session", "starts_at": "2030-03-01 18:30"}
    response = client.post(url, {**data, "event": theirs.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["event"][0]
    assert client.post(url, {**data, "event": ours.pk}).status_code == 302
    assert Session.objects.get(title="Second session").event == ours


def test_session_keeps_an_event_someone_else_runs(world, bob, client):
    forum = f.forum(world)
    session = Session.objects.get(forum=forum, title="First session")
    theirs = make_event(world, "their-meeting", organisation=world.partner)
    Session.objects.filter(pk=session.pk).update(event=theirs)
    client.force_login(bob)
    url = reverse("session_edit", args=[world.place.slug, forum.pk, session.pk])

    assert theirs.pk in _offered(client.get(url), "event")
    response = client.post(
        url, {"title": "First session", "starts_at": "2030-03-01 18:30", "event": theirs.pk}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.event == theirs
