"""The partners API (reads, token writes) and pooling data into a mission's indicator."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placecraft.api.tokens import create_token
from placecraft.evidence.models import Observation
from placecraft.evidence.tests.factories import mission_link
from placecraft.partners.models import Commitment, DataContribution
from placecraft.partners.tests.factories import commitment, private_commitment


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_reads_are_paginated_and_filtered(client, world):
    commitment(world)
    private_commitment(world)
    body = client.get(f"/api/v1/places/{world.place.slug}/commitments").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["partner"], item["mission"], item["status"]) == (
        "helping-hands",
        "moving-freely",
        "active",
    )
    assert (
        client.get(
            f"/api/v1/places/{world.place.slug}/commitments",
            {"updated_since": "2999-01-01T00:00:00Z"},
        ).json()["count"]
        == 0
    )
    partners = client.get(f"/api/v1/places/{world.place.slug}/partners", {"kind": "vcse"}).json()
    assert [p["slug"] for p in partners["items"]] == ["helping-hands"]


def test_a_token_sees_its_owners_private_commitments(client, world, dana):
    made = private_commitment(world)
    token = create_token(user=dana, name="t", scope="read", organisation=None, days=30)
    url = f"/api/v1/places/{world.place.slug}/commitments/{made.pk}"
    assert client.get(url).status_code == 404
    assert client.get(url, **bearer(token.secret)).json()["title"] == "Internal pilot"


def test_writes_need_a_write_token_from_the_partner(client, world, dana, bob):
    commitment(world)
    url = f"/api/v1/places/{world.place.slug}/commitments"
    payload = {"partner": "helping-hands", "mission": "moving-freely", "title": "By API"}
    assert client.post(url, payload, content_type="application/json").status_code == 401
    read = create_token(user=dana, name="r", scope="read", organisation=None, days=30)
    assert (
        client.post(
            url, payload, content_type="application/json", **bearer(read.secret)
        ).status_code
        == 403
    )
    bobs = create_token(user=bob, name="w", scope="write", organisation=None, days=30)
    assert (
        client.post(
            url, payload, content_type="application/json", **bearer(bobs.secret)
        ).status_code
        == 403
    )
    write = create_token(user=dana, name="w", scope="write", organisation=None, days=30)
    response = client.post(url, payload, content_type="application/json", **bearer(write.secret))
    assert response.status_code == 201
    made = Commitment.objects.get(title="By API")
    patch = client.patch(
        f"{url}/{made.pk}",
        {"status": "met"},
        content_type="application/json",
        **bearer(write.secret),
    )
    assert patch.json()["status"] == "met"
    update = client.post(
        f"{url}/{made.pk}/updates",
        {"status": "met", "progress": "All done"},
        content_type="application/json",
        **bearer(write.secret),
    )
    assert update.status_code == 201 and made.updates.count() == 1
    bad = client.post(
        url, {**payload, "currency": "XXZ"}, content_type="application/json", **bearer(write.secret)
    )
    assert bad.status_code == 422


def test_a_partner_pools_figures_into_a_mission_indicator(client, world, dana):
    link = mission_link(world)
    from placecraft.partners import services

    services.create_commitment(
        actor=None, partner=world.partner, mission=link.mission, data={"title": "Share data"}
    )
    client.force_login(dana)
    url = reverse("pool_data", args=[world.place.slug, world.partner.slug])
    good = SimpleUploadedFile("f.csv", b"geography_code,period,value\nE06000001,2022,7.7\n")
    response = client.post(url, {"link": str(link.pk), "file": good})
    assert response.status_code == 302
    contribution = DataContribution.objects.get()
    assert (contribution.organisation, contribution.rows, contribution.indicator) == (
        world.partner,
        1,
        link.indicator,
    )
    assert Observation.objects.filter(indicator=link.indicator, period="2022").exists()
    bad = SimpleUploadedFile("f.csv", b"geography_code,period,value\nE06000001,2023,lots\n")
    response = client.post(url, {"link": str(link.pk), "file": bad})
    assert "Row 2" in response.content.decode()
    assert DataContribution.objects.count() == 1
    assert io  # keeps the import list honest for readers
