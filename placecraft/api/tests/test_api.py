"""The JSON API: public reads without a token, tokens that are scoped, expire and can be revoked."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from placecraft.accounts.models import ApiToken
from placecraft.api.tokens import create_token, hash_token


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_openapi_document_and_docs(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/places" in document["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_public_reads_need_no_token(client, world):
    response = client.get("/api/v1/places/testshire/organisations?kind=council")
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert body["items"][0] == {
        "slug": "northgate",
        "name": "Northgate Council",
        "kind": "council",
        "gss_code": "E06000001",
        "description": "",
        "website": "",
        "updated_at": body["items"][0]["updated_at"],
    }


def test_unknown_things_get_a_consistent_error_body(client, world):
    response = client.get("/api/v1/places/nowhere")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_updated_since_filters_lists(client, world):
    later = (timezone.now() + timedelta(minutes=5)).isoformat()
    response = client.get("/api/v1/places/testshire/organisations", {"updated_since": later})
    assert response.json()["count"] == 0


def test_a_bad_token_is_refused_not_treated_as_anonymous(client, world, bob):
    assert client.get("/api/v1/places", **bearer("pc_wrong")).status_code == 401
    new = create_token(user=bob, name="x", scope="read", organisation=None, days=30)
    assert client.get("/api/v1/places", **bearer(new.secret)).status_code == 200
    ApiToken.objects.filter(pk=new.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/api/v1/places", **bearer(new.secret)).status_code == 401


def test_tokens_are_stored_hashed_and_shown_once(client, world, bob):
    client.force_login(bob)
    response = client.post(
        reverse("api_tokens"),
        {"name": "pipeline", "scope": "read", "organisation": "", "days": "30"},
    )
    token = ApiToken.objects.get(user=bob)
    secret = response.context["created"].secret
    assert secret.encode() in response.content
    assert token.token_hash == hash_token(secret) and secret not in token.token_hash
    assert secret.encode() not in client.get(reverse("api_tokens")).content
    client.post(reverse("api_token_revoke", args=[token.pk]))
    assert client.get("/api/v1/places", **bearer(secret)).status_code == 401


def test_token_form_errors_are_summarised(client, world, bob):
    client.force_login(bob)
    response = client.post(reverse("api_tokens"), {"name": "", "scope": "read", "days": "30"})
    assert b"There is a problem" in response.content
    assert b"Enter a name for the token" in response.content
    assert not ApiToken.objects.exists()


def test_a_token_can_only_be_limited_to_ones_own_organisation(client, world, bob):
    client.force_login(bob)
    client.post(
        reverse("api_tokens"),
        {"name": "x", "scope": "read", "organisation": world.partner.pk, "days": "30"},
    )
    assert not ApiToken.objects.exists()


@override_settings(PLACECRAFT_API_ANONYMOUS_RATE=3)
def test_anonymous_reads_are_rate_limited_per_address(client, world):
    statuses = [client.get("/api/v1/places").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


@override_settings(PLACECRAFT_API_TOKEN_RATE=2)
def test_token_reads_are_rate_limited_per_token(client, world, bob):
    new = create_token(user=bob, name="x", scope="read", organisation=None, days=30)
    statuses = [client.get("/api/v1/places", **bearer(new.secret)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
