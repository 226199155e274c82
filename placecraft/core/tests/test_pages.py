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


def test_a_cached_public_page_is_counted_as_rendered_not_as_served_from_the_cache(world):
    # place_home is cached for anonymous visitors: a budget of no queries at all must fail,
    # because the counted request renders the page (a cache hit would run none).
    url = reverse("place_home", args=[world.place.slug])
    with pytest.raises(AssertionError, match=r"ran \d+ queries \(budget 0\)"):
        assert_max_queries(Client(), url, 0)
