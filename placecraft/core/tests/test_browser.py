"""Every registered page, opened in headless Chromium as its user, passes axe (WCAG 2.2 A/AA)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from placecraft.core.tests.browser import NARROW, axe_violations, reflow_problems
from placecraft.core.tests.registry import pages
from placecraft.testing import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = pages()


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.mark.parametrize("registered", PAGES, ids=lambda p: f"{p.url_name}:{p.user}")
def test_page_passes_axe(registered, browser_page, live_server):
    world = build_world()
    if registered.user != "anonymous":
        sign_in(browser_page, live_server, world.users[registered.user])
    url = reverse(registered.url_name, args=registered.args(world)) + registered.query
    response = browser_page.goto(url)
    assert response is not None and response.status == 200, (
        f"{url} answered {response and response.status}"
    )
    problems = axe_violations(browser_page)
    assert not problems, f"{url} as {registered.user}:\n" + "\n".join(problems)
    # Pages run under the real Content-Security-Policy: nothing inline may be refused.
    assert not browser_page.csp_violations, "\n".join(browser_page.csp_violations)
    # The same page at 320 CSS px (WCAG 2.2 1.4.10 Reflow): no sideways scroll, and axe again.
    browser_page.set_viewport_size(NARROW)
    problems = reflow_problems(browser_page) + axe_violations(browser_page)
    assert not problems, f"{url} as {registered.user} at 320px:\n" + "\n".join(problems)


def test_axe_catches_a_violation(browser_page):
    """The gate itself can fail: a page with an unlabelled image and input is caught."""
    browser_page.goto("/accessibility/")
    browser_page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><img src="x.png">'
        '<input type="text"></main></body></html>'
    )
    problems = axe_violations(browser_page)
    assert any(p.startswith("image-alt") for p in problems)
    assert any(p.startswith("label") for p in problems)


def test_reflow_catches_a_page_wider_than_the_screen(browser_page):
    """The reflow check can fail: a fixed-width box on a 320px screen is caught and named."""
    browser_page.goto("/accessibility/")
    browser_page.set_viewport_size(NARROW)
    assert not reflow_problems(browser_page)
    browser_page.evaluate(
        "() => { const box = document.createElement('div'); box.className = 'wide';"
        " box.style.width = '900px'; box.style.height = '1em';"
        " document.querySelector('main').appendChild(box); }"
    )
    problems = reflow_problems(browser_page)
    assert problems and "div.wide (9" in problems[0]


def test_inline_script_is_refused_by_the_content_security_policy(browser_page):
    """The CSP check can fail: an inline script on one of our pages is blocked and reported."""
    browser_page.goto("/accessibility/")
    browser_page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.hacked = 1';"
        " document.body.appendChild(s); }"
    )
    assert browser_page.evaluate("() => window.hacked") is None
    assert browser_page.csp_violations
