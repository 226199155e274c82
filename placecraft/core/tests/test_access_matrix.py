"""The access matrix: every URL × every named user → the status they must get."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

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
