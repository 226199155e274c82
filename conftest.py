"""Named users and the world they live in, shared by every app's tests.

alice is the place admin, bob a council admin, charlie a council member, dana a partner member
(admin of a VCSE), erin a resident, oscar an outsider from another place.
"""

from __future__ import annotations

import os

import pytest

from placecraft.core.tests.browser import AXE, CHROMIUM_ARGS, chromium_path, skip_or_fail
from placecraft.testing import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def alice(world):
    return world.users["place_admin"]


@pytest.fixture
def bob(world):
    return world.users["council_admin"]


@pytest.fixture
def charlie(world):
    return world.users["council_member"]


@pytest.fixture
def dana(world):
    return world.users["partner_member"]


@pytest.fixture
def erin(world):
    return world.users["resident"]


@pytest.fixture
def oscar(world):
    return world.users["outsider"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Browser tests: headless Chromium (Debian's package) with axe-core, for any app's tests.
@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if path is None:
        skip_or_fail("Chromium is not installed")
    if not AXE.exists():
        skip_or_fail("axe-core is not installed (run `make install`)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # under one unless told that this test process knows what it is doing.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    yield page
    context.close()
