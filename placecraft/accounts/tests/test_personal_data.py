"""A person can download everything held about them, and have it erased."""

from __future__ import annotations

import json

from django.urls import reverse

from placecraft.accounts.models import ApiToken, User
from placecraft.api.tokens import create_token
from placecraft.core import personal_data
from placecraft.core.models import AuditEvent
from placecraft.places.models import Membership


def test_download_contains_account_memberships_and_tokens(client, world, bob):
    create_token(user=bob, name="pipeline", scope="read", organisation=None, days=30)
    client.force_login(bob)
    response = client.get(reverse("my_data_json"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "bob@example.org"
    assert data["account"]["api_tokens"][0]["name"] == "pipeline"
    # The token itself is never exported, only its first characters.
    assert "token_hash" not in json.dumps(data)
    assert data["organisations"]["memberships"] == [
        {
            "organisation": "Northgate Council",
            "place": "Testshire",
            "role": "admin",
            "since": data["organisations"]["memberships"][0]["since"],
        }
    ]


def test_erasure_needs_the_email_typed(client, world, charlie):
    client.force_login(charlie)
    response = client.post(reverse("erase_me"), {"email": "someone@example.org"})
    assert b"This is not the email address of your account" in response.content
    charlie.refresh_from_db()
    assert charlie.is_active and charlie.email == "charlie@example.org"


def test_erasure_removes_what_identifies_and_keeps_the_audit_trail(client, world, bob, charlie):
    # Charlie made a change that the council's audit log records.
    client.force_login(bob)
    membership = Membership.objects.get(user=charlie)
    client.post(
        reverse("member_role", args=[world.place.slug, world.council.slug, membership.pk]),
        {"role": "admin"},
    )
    create_token(user=charlie, name="x", scope="read", organisation=None, days=30)
    before = AuditEvent.objects.filter(organisation=world.council).count()

    client.force_login(charlie)
    response = client.post(reverse("erase_me"), {"email": "Charlie@example.org"})
    assert response.status_code == 302
    erased = User.objects.get(pk=charlie.pk)
    assert erased.email.endswith("@erased.invalid") and "charlie" not in erased.email
    assert erased.name == personal_data.pseudonym(charlie.pk)
    assert not erased.is_active and not erased.has_usable_password()
    assert not Membership.objects.filter(user=erased).exists()
    assert not ApiToken.objects.filter(user=erased).exists()
    # The organisation's history keeps its shape; the erasure itself is recorded.
    assert AuditEvent.objects.filter(organisation=world.council).count() == before
    assert AuditEvent.objects.filter(action="erase", object_id=str(charlie.pk)).exists()
    # The old session no longer works and the old password cannot sign in.
    assert client.get(reverse("dashboard")).status_code == 302
    assert not client.login(email="charlie@example.org", password="correct horse battery")
