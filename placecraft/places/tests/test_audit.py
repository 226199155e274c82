from __future__ import annotations

import csv
import io

from django.urls import reverse

from placecraft.places.models import Membership


def test_audit_log_lists_changes_and_exports_csv(client, world, bob, charlie):
    client.force_login(bob)
    membership = Membership.objects.get(user=charlie)
    client.post(
        reverse("member_role", args=[world.place.slug, world.council.slug, membership.pk]),
        {"role": "lead"},
    )
    page = client.get(reverse("audit_log", args=[world.place.slug, world.council.slug]))
    assert b"Changed role" in page.content
    assert b"contributor \xe2\x86\x92 lead" in page.content
    response = client.get(reverse("audit_csv", args=[world.place.slug, world.council.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["when", "who", "action", "object type", "object id", "object", "changes"]
    assert rows[1][1] == "bob@example.org"
    assert rows[1][2] == "Changed role"
    assert rows[1][6] == "role: contributor → lead"


def test_audit_log_shows_only_the_organisations_own_events(client, world, bob, dana):
    client.force_login(dana)
    client.post(
        reverse("organisation_edit", args=[world.place.slug, world.partner.slug]),
        {"name": "Helping Hands CIC", "kind": "vcse"},
    )
    client.force_login(bob)
    page = client.get(reverse("audit_log", args=[world.place.slug, world.council.slug]))
    assert b"Helping Hands" not in page.content
