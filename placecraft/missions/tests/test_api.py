"""The missions API: reads that follow the pages' visibility, and token writes that follow the
pages' permissions and validation."""

from __future__ import annotations

from placecraft.api.tokens import create_token
from placecraft.core.models import AuditEvent
from placecraft.missions.models import Mission, ProgressUpdate, StatusChange
from placecraft.missions.tests.factories import make_mission, private_mission, public_mission


def bearer(user, scope="write", organisation=None):
    token = create_token(user=user, name="t", scope=scope, organisation=organisation, days=30)
    return {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}


def post(client, url, payload, auth=None, method="post"):
    return getattr(client, method)(url, payload, content_type="application/json", **(auth or {}))


def missions_url(world, *rest):
    return "/".join([f"/api/v1/places/{world.place.slug}/missions", *map(str, rest)])


NEW = {
    "title": "Warm homes",
    "statement": "Every home in Testshire is warm and affordable to heat.",
    "ambition": "By 2032, no household spends more than a tenth of its income on energy.",
    "horizon_year": 2032,
    "owner": "northgate",
}


# Reading ------------------------------------------------------------------------------------


def test_anonymous_callers_see_public_missions_only(client, world):
    public_mission(world)
    private_mission(world)
    body = client.get(missions_url(world)).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["slug"], item["owner"], item["status"], item["visibility"]) == (
        "moving-freely",
        "northgate",
        "active",
        "public",
    )
    assert item["co_owners"] == [] and item["is_stale"] is False
    assert client.get(missions_url(world, "quiet-plan")).status_code == 404
    assert client.get(missions_url(world, "quiet-plan", "updates")).status_code == 404


def test_members_of_the_owner_see_private_missions(client, world, charlie, oscar):
    public_mission(world)
    private_mission(world)
    assert client.get(missions_url(world), **bearer(charlie, "read")).json()["count"] == 2
    assert client.get(missions_url(world, "quiet-plan"), **bearer(charlie, "read")).json()[
        "title"
    ] == ("Quiet plan")
    # Someone from another place sees only what the public sees.
    assert client.get(missions_url(world), **bearer(oscar, "read")).json()["count"] == 1
    assert client.get(missions_url(world, "quiet-plan"), **bearer(oscar)).status_code == 404


def test_lists_filter_by_status_and_updated_since_and_paginate(client, world):
    public_mission(world)
    make_mission(world, "a-candidate", title="A candidate")
    make_mission(world, "b-candidate", title="B candidate")
    assert [
        m["slug"] for m in client.get(missions_url(world), {"status": "active"}).json()["items"]
    ] == ["moving-freely"]
    page = client.get(missions_url(world), {"limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and [m["slug"] for m in page["items"]] == ["b-candidate"]
    later = {"updated_since": "2999-01-01T00:00:00Z"}
    assert client.get(missions_url(world), later).json()["count"] == 0
    assert client.get(missions_url(world), {"status": "dreaming"}).status_code == 422
    # Any ISO 8601 offset, even one PostgreSQL refuses, and moments at the edges of time.
    for since, count in [
        ("0046-01-04T18:09:41-17:38", 3),
        ("0001-01-01T00:00:00+05:00", 3),
        ("9999-12-31T23:00:00-05:00", 0),
        ("2000-01-01T00:00:00", 3),
    ]:
        assert client.get(missions_url(world), {"updated_since": since}).json()["count"] == count


def test_progress_updates_list_and_detail(client, world):
    mission = public_mission(world)
    other = make_mission(world, "other")
    stray = ProgressUpdate.objects.create(
        mission=other, period_label="Q1", status="on-track", narrative="Elsewhere."
    )
    body = client.get(missions_url(world, mission.slug, "updates")).json()
    assert body["count"] == 1
    update = body["items"][0]
    assert (update["mission"], update["period_label"], update["narrative"]) == (
        "moving-freely",
        "Spring",
        "Going well.",
    )
    detail = client.get(missions_url(world, mission.slug, "updates", update["id"]))
    assert detail.json() == update
    # An update is only found under its own mission.
    assert client.get(missions_url(world, mission.slug, "updates", stray.pk)).status_code == 404


# Writing ------------------------------------------------------------------------------------


def test_creating_a_mission_needs_a_write_token_from_a_contributor(client, world, bob, erin):
    assert post(client, missions_url(world), NEW).status_code == 401
    assert post(client, missions_url(world), NEW, bearer(bob, "read")).status_code == 403
    assert post(client, missions_url(world), NEW, bearer(erin)).status_code == 403
    # bob contributes to the council, not to the partner.
    response = post(client, missions_url(world), {**NEW, "owner": "helping-hands"}, bearer(bob))
    assert response.status_code == 403
    assert not Mission.objects.exists()

    response = post(client, missions_url(world), NEW, bearer(bob))
    assert response.status_code == 201
    body = response.json()
    assert (body["slug"], body["status"], body["visibility"], body["owner"]) == (
        "warm-homes",
        "candidate",
        "private",
        "northgate",
    )
    mission = Mission.objects.get(slug="warm-homes")
    assert StatusChange.objects.get(mission=mission).by == bob
    event = AuditEvent.objects.get(object_type="mission", object_id=str(mission.pk))
    assert (event.actor, event.action) == (bob, "create")


def test_invalid_missions_are_refused_as_the_form_refuses_them(client, world, bob):
    bad = {**NEW, "title": "", "horizon_year": 1850, "co_owners": ["northgate", "nowhere"]}
    response = post(client, missions_url(world), bad, bearer(bob))
    assert response.status_code == 422
    body = response.json()
    fields = {e["field"] for e in body["errors"]}
    assert fields == {"title", "horizon_year", "co_owners"}
    messages = {e["field"]: e["message"] for e in body["errors"]}
    assert messages["title"] == "Enter the mission's title"
    assert not Mission.objects.exists()
    response = post(client, missions_url(world), {**NEW, "co_owners": ["northgate"]}, bearer(bob))
    assert response.json()["errors"] == [
        {
            "field": "co_owners",
            "message": "The owner organisation does not need to be a co-owner too.",
        }
    ]
    assert post(client, missions_url(world), {"title": "x"}, bearer(bob)).status_code == 422
    # Text no slug can hold is refused before it reaches the database.
    nul = {**NEW, "owner": "north\x00gate"}
    assert post(client, missions_url(world), nul, bearer(bob)).status_code == 422
    assert not Mission.objects.exists()


def test_patching_changes_only_what_is_sent(client, world, charlie, dana):
    mission = public_mission(world)
    url = missions_url(world, mission.slug)
    assert post(client, url, {"title": "Moving"}, bearer(dana), "patch").status_code == 403
    # Co-owners are for an admin of the owner to change (issue 23): charlie contributes only.
    co_owned = {"title": "Moving freely, together", "co_owners": ["helping-hands"]}
    assert post(client, url, co_owned, bearer(charlie), "patch").status_code == 422
    response = post(client, url, {"title": "Moving freely, together"}, bearer(charlie), "patch")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Moving freely, together"
    assert body["co_owners"] == []
    assert body["statement"] == mission.statement and body["visibility"] == "public"
    event = AuditEvent.objects.filter(object_type="mission", action="update").get()
    assert event.actor == charlie
    assert event.changes["title"] == {"from": "Moving freely", "to": "Moving freely, together"}

    response = post(client, url, {"horizon_year": 3000, "title": "x"}, bearer(charlie), "patch")
    assert response.status_code == 422
    mission.refresh_from_db()
    assert (mission.title, mission.horizon_year) == ("Moving freely, together", 2035)


def test_changing_status_needs_a_lead_and_is_recorded(client, world, bob, charlie):
    mission = public_mission(world)
    url = missions_url(world, mission.slug, "status")
    assert post(client, url, {"status": "paused"}, bearer(charlie)).status_code == 403
    response = post(client, url, {"status": "paused", "note": "Funding review"}, bearer(bob))
    assert response.status_code == 200
    assert response.json()["status"] == "paused"
    change = StatusChange.objects.filter(mission=mission).first()
    assert change is not None
    assert (change.from_status, change.to_status, change.by, change.note) == (
        "active",
        "paused",
        bob,
        "Funding review",
    )
    event = AuditEvent.objects.filter(object_type="mission", action="update").get()
    assert event.changes["status"] == {"from": "active", "to": "paused"}

    # A paused mission cannot go back to being a candidate.
    response = post(client, url, {"status": "candidate"}, bearer(bob))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"
    mission.refresh_from_db()
    assert mission.status == "paused"


def test_posting_a_progress_update(client, world, charlie, dana):
    mission = public_mission(world)
    url = missions_url(world, mission.slug, "updates")
    good = {
        "period_label": "Summer",
        "status": "some-risk",
        "narrative": "Bus routes are behind.",
        "what_changed": "A new operator.",
        "what_we_learned": "Ask drivers first.",
    }
    assert post(client, url, good, bearer(dana)).status_code == 403
    response = post(client, url, {**good, "narrative": "   "}, bearer(charlie))
    assert response.status_code == 422
    # The same messages as the page shows.
    assert {"field": "narrative", "message": "Write how the mission is going"} in response.json()[
        "errors"
    ]
    assert ProgressUpdate.objects.filter(mission=mission).count() == 1

    response = post(client, url, good, bearer(charlie))
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["what_we_learned"]) == ("some-risk", "Ask drivers first.")
    update = ProgressUpdate.objects.get(pk=body["id"])
    assert update.author == charlie
    mission.refresh_from_db()
    assert mission.last_update_at == update.published_at
    event = AuditEvent.objects.get(object_type="progress update", object_id=str(update.pk))
    assert (event.actor, event.changes) == (charlie, {"period": "Summer", "status": "some-risk"})


def test_a_token_limited_to_another_organisation_cannot_see_or_change_private_missions(
    client, world, charlie
):
    from placecraft.places.models import Membership

    mission = private_mission(world)
    Membership.objects.create(user=charlie, organisation=world.partner, role="contributor")
    limited = bearer(charlie, organisation=world.partner)
    url = missions_url(world, mission.slug)
    assert client.get(url, **limited).status_code == 404
    assert post(client, url, {"title": "Mine now"}, limited, "patch").status_code == 404
    assert client.get(url, **bearer(charlie)).status_code == 200


def test_a_leads_token_limited_to_another_organisation_cannot_change_the_mission(
    client, world, charlie
):
    # charlie leads the authority's mission in person, but works for the council.
    mission = make_mission(world, "shared-ambition", owner=world.authority, status="active")
    mission.leads.add(charlie)
    limited = bearer(charlie, organisation=world.council)
    url = missions_url(world, mission.slug)
    assert post(client, url, {"title": "Changed"}, limited, "patch").status_code == 403
    assert post(client, f"{url}/status", {"status": "paused"}, limited).status_code == 403
    update = {"period_label": "Q1", "status": "on-track", "narrative": "Fine."}
    assert post(client, f"{url}/updates", update, limited).status_code == 403
    mission.refresh_from_db()
    assert (mission.title, mission.status) == ("Shared ambition", "active")
    # As a lead, charlie's own token may.
    assert post(client, url, {"title": "Changed"}, bearer(charlie), "patch").status_code == 200
