from __future__ import annotations

import io
import json

from django.core.management import call_command
from django.test import Client

from placecraft.places.models import Membership, Organisation, OrganisationKind, Place, PlaceAdmin


def run(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_place_once(db):
    first = run()
    counts = (Place.objects.count(), Organisation.objects.count(), Membership.objects.count())
    second = run()
    assert counts == (
        Place.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    )
    place = Place.objects.get(slug="wyvern-valley")
    assert place.is_demo
    # Its id is the last line, as for every command that creates something.
    assert first.strip().splitlines()[-1] == second.strip().splitlines()[-1] == str(place.pk)
    kinds = set(place.organisations.values_list("kind", flat=True))
    assert kinds == set(OrganisationKind.values)
    assert place.organisations.filter(kind="council").count() == 3
    assert PlaceAdmin.objects.filter(place=place).exists()


def test_seed_demo_json_lists_accounts_that_can_sign_in(db):
    data = json.loads(run("--json"))
    assert set(data) == {"password", "accounts"}
    roles = {account["role"] for account in data["accounts"]}
    assert {"place admin", "admin", "lead", "contributor", "viewer", "resident"} <= roles
    for account in data["accounts"]:
        assert set(account) == {"email", "role", "organisation"}
    resident = next(a for a in data["accounts"] if a["role"] == "resident")
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": resident["email"], "password": data["password"]}
    )
    assert response.status_code == 302


def test_seed_demo_json_prints_only_the_json_however_often_it_runs(
    transactional_db, capsys, settings
):
    # As `make demo` runs it: e-mails go to the console backend, which writes to standard output.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    for _ in range(2):
        call_command("seed_demo", "--json")
        out = capsys.readouterr().out
        assert set(json.loads(out)) == {"password", "accounts"}
