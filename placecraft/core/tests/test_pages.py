"""The page registry: every HTML page is registered, stays within its query budget, and (in
test_browser.py) passes axe in Chromium."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from placecraft.core.tests.registry import not_pages, our_url_names, pages
from placecraft.testing import assert_max_queries

PAGES = pages()


def test_every_url_is_a_registered_page_or_says_why_not():
    registered = {page.url_name for page in PAGES} | set(not_pages())
    missing = our_url_names() - registered
    assert not missing, (
        "Add these URLs to an app's tests/pages.py (PAGES, or NOT_PAGES with a reason): "
        f"{sorted(missing)}"
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda page: f"{page.url_name}:{page.user}")
def test_page_query_budget(page, world):
    client = Client()
    if page.user != "anonymous":
        client.force_login(world.users[page.user])
    url = reverse(page.url_name, args=page.args(world)) + page.query
    assert_max_queries(client, url, page.max_queries)
