"""The access matrix: every URL × every named user → the status they must get."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.text import slugify

from placecraft.core.tests.registry import access_rows, our_url_names
from placecraft.testing import USERS

ROWS = access_rows()


def test_every_url_is_in_the_access_matrix():
    missing = our_url_names() - {row.url_name for row in ROWS}
    assert not missing, f"Add these URLs to an app's tests/access_matrix.py: {sorted(missing)}"


def test_every_row_names_every_user():
    for row in ROWS:
        assert set(row.expect) == set(USERS), row.url_name


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.method} {row.url_name}")
def test_access(row, world):
    url = reverse(row.url_name, args=row.args(world))
    data = row.data(world) if row.data else {}
    wrong = []
    for user_key in USERS:
        client = Client()
        if user_key != "anonymous":
            client.force_login(world.users[user_key])
        # Each user's request is rolled back so one user's change cannot affect the next.
        with transaction.atomic():
            response = client.post(url, data) if row.method == "POST" else client.get(url)
            transaction.set_rollback(True)
        if response.status_code != row.expect[user_key]:
            wrong.append(f"{user_key}: got {response.status_code}, expected {row.expect[user_key]}")
    assert not wrong, f"{row.method} {url}\n" + "\n".join(wrong)


# Nothing private shows through a link ----------------------------------------------------------
#
# The same URLs again, with every optional link from a container (a process, forum, grant
# programme, weeknote, story, event, champion, sprint, commitment, contract…) pointed at a mission,
# a sprint and a contract that only the council may see, and every container made public: the
# private titles must appear in no page, form or API answer for anyone who may not see them.

SECRET_MISSION = "Quokka plan kept in the council"
SECRET_SPRINT = "Quokka sprint kept in the council"
SECRET_CONTRACT = "Quokka contract kept in the council"
# Missions are seen by the place's admins too (issue 23); sprints and contracts are not.
HIDDEN_FROM = {
    SECRET_MISSION: ("partner_member", "resident", "outsider", "anonymous"),
    SECRET_SPRINT: ("place_admin", "partner_member", "resident", "outsider", "anonymous"),
    SECRET_CONTRACT: ("place_admin", "partner_member", "resident", "outsider", "anonymous"),
}
CONTAINER_APPS = {"community", "openness", "partners", "sprints", "impact"}


def _link_secrets(world) -> None:
    from django.apps import apps
    from django.utils import timezone

    from placecraft.missions.models import Mission
    from placecraft.missions.tests.factories import make_mission
    from placecraft.partners.models import Contract
    from placecraft.partners.tests.factories import contract
    from placecraft.sprints.models import Sprint
    from placecraft.sprints.tests.factories import make_sprint

    mission = make_mission(
        world, slugify(SECRET_MISSION), title=SECRET_MISSION, visibility="private"
    )
    sprint = make_sprint(world, slugify(SECRET_SPRINT), title=SECRET_SPRINT, visibility="private")
    contract(world)  # the public contract, for the container pass below
    secret_contract = Contract.objects.create(
        place=world.place,
        organisation=world.council,
        visibility="private",
        ocid="ocds-quokka-0001",
        release_id="quokka-1",
        release_date=timezone.now(),
        title=SECRET_CONTRACT,
    )
    secrets: dict[Any, Any] = {Mission: mission, Sprint: sprint, Contract: secret_contract}
    for config in apps.get_app_configs():
        if config.label not in CONTAINER_APPS:
            continue
        for model in config.get_models():
            fields = [
                f
                for f in model._meta.get_fields()
                if getattr(f, "related_model", None) in secrets
                and not f.auto_created
                and (f.many_to_many or (f.many_to_one and getattr(f, "null", False)))
            ]
            if not fields:
                continue
            manager: Any = model._default_manager
            for obj in manager.all():
                if obj.pk in {s.pk for s in secrets.values() if isinstance(s, model)}:
                    continue
                for f in fields:
                    target = secrets[f.related_model]
                    if f.many_to_many:
                        getattr(obj, f.name).add(target)
                    else:
                        manager.filter(pk=obj.pk).update(**{f.name: target})
                if any(f.name == "visibility" for f in model._meta.concrete_fields):
                    manager.filter(pk=obj.pk).update(visibility="public")


GET_ROWS = [row for row in ROWS if row.method == "GET"]
# The place's admins read every organisation's audit log, which names what was changed.
ADMIN_READS_ALL = {"audit_log", "audit_csv"}


def test_no_private_title_shows_through_a_link(world):
    """One world holding every object the matrix makes (so every list has its containers),
    walked URL by URL as each person who may not see the private objects."""
    urls = [(row, reverse(row.url_name, args=row.args(world))) for row in GET_ROWS]
    _link_secrets(world)
    clients = {}
    for user_key in sorted({u for users in HIDDEN_FROM.values() for u in users}):
        clients[user_key] = Client()
        if user_key != "anonymous":
            clients[user_key].force_login(world.users[user_key])
    leaks = []
    for row, url in urls:
        # Rate limits count in the cache; each URL starts afresh, as in the matrix above.
        cache.clear()
        for user_key, client in clients.items():
            response = client.get(url)
            if response.status_code == 429:
                leaks.append(f"GET {url}: {user_key} was rate limited, so nothing was checked")
            body = b"".join(response) if response.streaming else response.content
            text = body.decode(errors="replace")
            for title, hidden_from in HIDDEN_FROM.items():
                if user_key == "place_admin" and row.url_name in ADMIN_READS_ALL:
                    continue
                # The title, or the slug made from it (in a link or an API answer).
                if user_key in hidden_from and (title in text or slugify(title) in text):
                    leaks.append(f"GET {url} ({row.url_name}): {user_key} sees “{title}”")
    assert not leaks, "\n".join(leaks)
