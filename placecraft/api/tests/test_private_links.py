"""Nothing private is linked, or named, through a form or the API: a person who may not see a
mission or a sprint cannot link their work to it, and is told so rather than having the link
silently dropped."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from placecraft.api.tokens import create_token
from placecraft.missions.tests.factories import make_mission, public_mission
from placecraft.openness.models import Weeknote
from placecraft.sprints.tests.factories import make_sprint

pytestmark = pytest.mark.django_db


def _bearer(user):
    token = create_token(user=user, name="t", scope="write", organisation=None, days=30)
    return {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}


def _week():
    return (date.today() - timedelta(days=date.today().weekday())).isoformat()


def test_the_api_refuses_to_link_a_weeknote_to_a_mission_the_author_cannot_see(client, world, dana):
    secret = make_mission(world, "secret-plan", title="Secret plan", visibility="private")
    url = f"/api/v1/places/{world.place.slug}/weeknotes"
    note = {
        "organisation": world.partner.slug,
        "title": "Our week",
        "body": "We met.",
        "week_of": _week(),
        "missions": [secret.slug],
    }
    response = client.post(url, note, content_type="application/json", **_bearer(dana))
    assert response.status_code == 422
    assert "secret-plan" in response.json()["detail"]
    assert not Weeknote.objects.exists()
    # A mission she can see is linked as before.
    shown = public_mission(world)
    note["missions"] = [shown.slug]
    response = client.post(url, note, content_type="application/json", **_bearer(dana))
    assert response.status_code == 201
    assert response.json()["missions"] == [shown.slug]


def test_the_api_refuses_an_event_for_a_mission_the_organiser_cannot_see(client, world, dana):
    make_mission(world, "secret-plan", title="Secret plan", visibility="private")
    event = {
        "organisation": world.partner.slug,
        "title": "Open meeting",
        "kind": "forum",
        "summary": "Come along.",
        "starts_at": "2030-05-01T18:00:00Z",
        "ends_at": "2030-05-01T20:00:00Z",
        "venue": "Town hall",
        "mission": "secret-plan",
    }
    url = f"/api/v1/places/{world.place.slug}/events"
    response = client.post(url, event, content_type="application/json", **_bearer(dana))
    assert response.status_code == 422
    assert "secret-plan" in response.json()["detail"]
    event["mission"] = public_mission(world).slug
    response = client.post(url, event, content_type="application/json", **_bearer(dana))
    assert response.status_code == 201, response.content


def test_the_weeknote_form_neither_offers_nor_accepts_what_its_author_cannot_see(world, dana):
    secret = make_mission(world, "secret-plan", title="Secret plan", visibility="private")
    sprint = make_sprint(world, "secret-sprint", title="Secret sprint", visibility="private")
    client = Client()
    client.force_login(dana)
    url = reverse("weeknote_create", args=[world.place.slug])
    page = client.get(url).content.decode()
    assert "Secret plan" not in page and "Secret sprint" not in page
    response = client.post(
        url,
        {
            "organisation": world.partner.pk,
            "title": "Our week",
            "week_of": _week(),
            "body": "We met.",
            "missions": [secret.pk],
            "sprint": sprint.pk,
            "visibility": "public",
            "status": "published",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Weeknote.objects.exists()


def test_the_api_names_only_missions_the_reader_may_see(client, world):
    make_sprint(
        world,
        "bus-sprint",
        title="Bus sprint",
        mission=make_mission(world, "secret-plan", title="Secret plan", visibility="private"),
    )
    for url in (
        f"/api/v1/places/{world.place.slug}/sprints",
        f"/api/v1/places/{world.place.slug}/sprints/bus-sprint",
    ):
        body = client.get(url).content.decode()
        assert "Bus sprint" in body and "secret-plan" not in body
