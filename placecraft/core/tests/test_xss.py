"""An XSS corpus pushed through every user-text field, every page opened in Chromium: nothing runs.

Every text field of every Placecraft model (TextFields, and CharFields long enough to hold free
text) is filled with a payload from ``xss_payloads.txt``; each payload calls ``__xss(n)`` if it
ever executes. The pages are opened with the Content-Security-Policy switched off, so only our
escaping and sanitising stand between the payload and the browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from placecraft.core.tests.registry import pages
from placecraft.testing import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    line for line in (Path(__file__).parent / "xss_payloads.txt").read_text().splitlines() if line
]
HOOK = "window.__xssHits = []; window.__xss = (n) => window.__xssHits.push(n);"


def user_text_fields(model: type[models.Model]) -> list[Any]:
    fields: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.choices or isinstance(
            field, models.SlugField | models.EmailField | models.URLField
        ):
            continue
        if isinstance(field, models.TextField) or (
            isinstance(field, models.CharField) and (field.max_length or 0) >= 100
        ):
            fields.append(field)
    return fields


def fill_with_payloads() -> int:
    n = 0
    for model in apps.get_models():
        if not model.__module__.startswith("placecraft.") or not model._meta.managed:
            continue
        fields = user_text_fields(model)
        if not fields:
            continue
        for pk in model._default_manager.values_list("pk", flat=True):
            values = {}
            for field in fields:
                payload = PAYLOADS[n % len(PAYLOADS)]
                values[field.name] = payload[: field.max_length] if field.max_length else payload
                n += 1
            model._default_manager.filter(pk=pk).update(**values)
    return n


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 100


def test_no_payload_runs_on_any_page(chromium, live_server):
    world = build_world()
    registered = pages()
    urls = [
        (page.user, reverse(page.url_name, args=page.args(world)) + page.query)
        for page in registered
    ]
    filled = fill_with_payloads()
    assert filled > 100
    hits, broken = [], []
    contexts = {}
    for user, url in urls:
        if user not in contexts:
            context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
            context.add_init_script(HOOK)
            if user != "anonymous":
                client = Client()
                client.force_login(world.users[user])
                context.add_cookies(
                    [
                        {
                            "name": "sessionid",
                            "value": client.cookies["sessionid"].value,
                            "url": live_server.url,
                        }
                    ]
                )
            contexts[user] = context.new_page()
        page = contexts[user]
        response = page.goto(url)
        if response is None or response.status >= 500:
            broken.append(f"{url} as {user}: {response and response.status}")
            continue
        page.wait_for_timeout(50)  # let autofocus and load handlers fire
        found = page.evaluate("() => window.__xssHits")
        injected = page.evaluate(
            "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
            ".filter(a => a.name.startsWith('on') && a.value.includes('__xss'))"
            ".map(a => e.tagName + ' ' + a.name))"
        )
        if found or injected:
            hits.append(f"{url} as {user}: ran {found}, handlers {injected}")
    for page in contexts.values():
        page.context.close()
    assert not broken, "Pages failed with hostile text:\n" + "\n".join(broken)
    assert not hits, "Payloads ran:\n" + "\n".join(hits)
