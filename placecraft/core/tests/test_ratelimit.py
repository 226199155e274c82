from __future__ import annotations

from unittest import mock

from django.test import RequestFactory

from placecraft.core.ratelimit import allow, client_address


def test_allows_up_to_the_limit_then_refuses():
    results = [allow("test", key="1.2.3.4", limit=3, per=60) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_keys_and_scopes_are_counted_separately():
    for _ in range(3):
        allow("test", key="a", limit=3, per=60)
    assert not allow("test", key="a", limit=3, per=60)
    assert allow("test", key="b", limit=3, per=60)
    assert allow("other", key="a", limit=3, per=60)


def test_a_new_window_starts_afresh():
    with mock.patch("placecraft.core.ratelimit.time.time", return_value=1000.0):
        for _ in range(3):
            allow("test", key="a", limit=3, per=60)
        assert not allow("test", key="a", limit=3, per=60)
    with mock.patch("placecraft.core.ratelimit.time.time", return_value=1061.0):
        assert allow("test", key="a", limit=3, per=60)


def test_client_address_believes_the_proxy_header_only_when_told(settings):
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.1.1.1")
    settings.PLACECRAFT_TRUST_X_FORWARDED_FOR = False
    assert client_address(request) == "10.1.1.1"
    settings.PLACECRAFT_TRUST_X_FORWARDED_FOR = True
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.9", REMOTE_ADDR="10.1.1.1"
    )
    assert client_address(request) == "203.0.113.9"
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")) == "198.51.100.7"
