from __future__ import annotations

import os

import pytest

from placecraft.core.tests.browser import AXE, CHROMIUM_ARGS, chromium_path, skip_or_fail


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
