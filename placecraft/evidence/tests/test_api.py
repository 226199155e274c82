"""The indicators API: reads that follow the pages' visibility, and posting observations, which
is checked exactly as a CSV import is (and is just as all-or-nothing)."""

from __future__ import annotations

import pytest

from placecraft.api.tokens import create_token
from placecraft.core.models import AuditEvent
from placecraft.evidence import importer
from placecraft.evidence.models import Observation
from placecraft.evidence.tests.factories import make_indicator, private_indicator, public_indicator
from placecraft.places import gss


def bearer(user, scope="write", organisation=None):
    token = create_token(user=user, name="t", scope=scope, organisation=organisation, days=30)
    return {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}


def indicators_url(world, *rest):
    return "/".join([f"/api/v1/places/{world.place.slug}/indicators", *map(str, rest)])


def post(client, url, payload, auth=None):
    return client.post(url, payload, content_type="application/json", **(auth or {}))


def figures(indicator):
    return {
        (o.geography_code, o.period): (o.value, o.lower, o.upper)
        for o in Observation.objects.filter(indicator=indicator)
    }


# Reading ------------------------------------------------------------------------------------


def test_anonymous_callers_see_public_indicators_only(client, world, bob):
    public_indicator(world)
    private_indicator(world)
    body = client.get(indicators_url(world)).json()
    assert [i["slug"] for i in body["items"]] == ["wellbeing"]
    item = body["items"][0]
    assert (item["owner"], item["unit"], item["direction"], item["decimal_places"]) == (
        "northgate",
        "score out of 10",
        "higher",
        2,
    )
    assert client.get(indicators_url(world, "internal")).status_code == 404
    assert client.get(indicators_url(world, "internal", "observations")).status_code == 404
    assert client.get(indicators_url(world), **bearer(bob, "read")).json()["count"] == 2
    assert client.get(indicators_url(world, "internal"), **bearer(bob)).json()["name"] == (
        "Internal"
    )


def test_indicator_lists_filter(client, world):
    public_indicator(world)
    make_indicator(world, "air", name="Clean air", category="environment")
    assert [
        i["slug"]
        for i in client.get(indicators_url(world), {"category": "environment"}).json()["items"]
    ] == ["air"]
    later = {"updated_since": "2999-01-01T00:00:00Z"}
    assert client.get(indicators_url(world), later).json()["count"] == 0


def test_observations_filter_by_area_and_period_and_paginate(client, world):
    public_indicator(world)
    url = indicators_url(world, "wellbeing", "observations")
    body = client.get(url).json()
    assert body["count"] == 6
    assert body["items"][0] == {
        "geography_code": "E06000001",
        "period": "2019",
        "period_start": "2019-01-01",
        "period_end": "2019-12-31",
        "value": 7.1,
        "lower": None,
        "upper": None,
    }
    area = client.get(url, {"geography_code": "e47000001"}).json()
    assert [(o["period"], o["value"]) for o in area["items"]] == [
        ("2019", 7.3),
        ("2020", 7.3),
        ("2021", 7.5),
    ]
    one = client.get(url, {"geography_code": "E47000001", "period": " 2020 "}).json()
    assert [o["value"] for o in one["items"]] == [7.3]
    page = client.get(url, {"limit": 2, "offset": 4}).json()
    assert [(o["geography_code"], o["period"]) for o in page["items"]] == [
        ("E47000001", "2020"),
        ("E47000001", "2021"),
    ]
    bad = client.get(url, {"period": "last year"})
    assert bad.status_code == 422 and bad.json()["detail"]
    # Bounded, so that no offset can overflow the database's integers.
    assert client.get(url, {"offset": 10**24}).status_code == 422
    assert client.get(url, {"limit": 10**19}).status_code == 422
    assert client.get(url, {"geography_code": "E06\x00"}).status_code == 422


# Writing ------------------------------------------------------------------------------------


def test_posting_observations_needs_a_write_token_from_the_owner(client, world, bob, dana):
    indicator = make_indicator(world)
    url = indicators_url(world, indicator.slug, "observations")
    payload = [{"geography_code": "E06000001", "period": "2022", "value": 7.0}]
    assert post(client, url, payload).status_code == 401
    assert post(client, url, payload, bearer(bob, "read")).status_code == 403
    # dana can see the public indicator but does not contribute to the council that owns it.
    assert post(client, url, payload, bearer(dana)).status_code == 403
    assert not Observation.objects.exists()


def test_posting_adds_then_replaces_by_area_and_period(client, world, charlie):
    indicator = public_indicator(world)
    url = indicators_url(world, indicator.slug, "observations")
    payload = [
        {"geography_code": "E06000001", "period": "2022", "value": 7.6, "lower": 7.2, "upper": 8},
        {"geography_code": "e06000001", "period": "2021", "value": "7.45"},
        {"geography_code": "E47000001", "period": "2022/23", "value": 7},
    ]
    response = post(client, url, payload, bearer(charlie))
    assert response.status_code == 200
    assert response.json() == {
        "rows": 3,
        "added": 2,
        "replaced": 1,
        "geographies": 2,
        "first_period": "2021",
        "last_period": "2022/23",
    }
    now = figures(indicator)
    assert len(now) == 8
    assert now[("E06000001", "2022")] == (7.6, 7.2, 8.0)
    assert now[("E06000001", "2021")] == (7.45, None, None)
    assert now[("E47000001", "2022/23")] == (7.0, None, None)
    event = AuditEvent.objects.filter(object_type="indicator", action="update").get()
    assert event.actor == charlie and event.changes["imported rows"] == 3

    again = post(
        client,
        url,
        [{"geography_code": "E06000001", "period": "2022", "value": 7.7}],
        bearer(charlie),
    )
    assert (again.json()["added"], again.json()["replaced"]) == (0, 1)
    assert figures(indicator)[("E06000001", "2022")] == (7.7, None, None)
    assert len(figures(indicator)) == 8


def test_invalid_items_are_refused_with_item_numbers_and_nothing_changes(client, world, bob):
    indicator = public_indicator(world)
    before = figures(indicator)
    url = indicators_url(world, indicator.slug, "observations")
    payload = [
        {"geography_code": "E06000001", "period": "2022", "value": 7.6},
        {"geography_code": "Northgate", "period": "2022", "value": 7.6},
        {"geography_code": "E06000001", "period": "someday", "value": 7.6},
        {"geography_code": "E06000001", "period": "2023", "value": "7.6%"},
        {"geography_code": "E06000001", "period": "2024", "value": 9, "lower": 1, "upper": 2},
        {"geography_code": "E06000001", "period": "2025", "value": 9, "lower": 8},
    ]
    response = post(client, url, payload, bearer(bob))
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Nothing was changed: 5 problems."
    assert [e["item"] for e in body["errors"]] == [2, 3, 4, 5, 6]
    # The importer's own words.
    assert body["errors"][0]["message"] == gss.gss_problem("NORTHGATE")
    assert "not a number" in body["errors"][2]["message"]
    assert "between the lower bound 1" in body["errors"][3]["message"]
    assert "upper bound is empty" in body["errors"][4]["message"]
    assert figures(indicator) == before
    assert not AuditEvent.objects.filter(object_type="indicator", action="update").exists()


def test_duplicates_are_refused_with_item_numbers(client, world, bob):
    indicator = public_indicator(world)
    url = indicators_url(world, indicator.slug, "observations")
    payload = [
        {"geography_code": "E06000001", "period": "2022", "value": 1},
        {"geography_code": "E06000001", "period": "2023", "value": 1},
        {"geography_code": "e06000001", "period": "2022", "value": 2},
    ]
    response = post(client, url, payload, bearer(bob))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "item": 3,
            "message": "E06000001 for 2022 appears more than once (first on item 1). "
            "Keep one row for each area and period.",
        }
    ]
    assert ("E06000001", "2022") not in figures(indicator)


def test_odd_text_keeps_its_item_number(client, world, bob):
    indicator = make_indicator(world)
    url = indicators_url(world, indicator.slug, "observations")
    response = client.post(
        url,
        # Written by hand: JSON allows a lone surrogate and numbers too big for a float.
        '[{"geography_code": "E06000001", "period": "2022", "value": 1},'
        '{"geography_code": "E0600\\n0001", "period": "2023", "value": 1},'
        '{"geography_code": "E06000001", "period": "2024", "value": "\\ud800"},'
        '{"geography_code": "E06000001", "period": "2025", "value": 1e400}]',
        content_type="application/json",
        **bearer(bob),
    )
    assert response.status_code == 422
    assert [e["item"] for e in response.json()["errors"]] == [2, 3, 4]
    assert not Observation.objects.exists()


def test_many_problems_are_counted_and_the_first_listed(client, world, bob):
    indicator = make_indicator(world)
    payload = [{"geography_code": "nowhere", "period": "2022", "value": 1}] * 150
    response = post(
        client, indicators_url(world, indicator.slug, "observations"), payload, bearer(bob)
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Nothing was changed: 150 problems (the first 100 are listed)."
    assert [e["item"] for e in body["errors"]] == list(range(1, 101))


def test_an_empty_list_is_refused(client, world, bob):
    indicator = make_indicator(world)
    response = post(client, indicators_url(world, indicator.slug, "observations"), [], bearer(bob))
    assert response.status_code == 422
    assert response.json() == {"detail": "Send at least one observation.", "errors": []}


# The importer's entry point for figures already parsed ----------------------------------------


def test_parsed_figures_are_checked_as_rows_are_and_numbered_by_the_caller(world):
    indicator = make_indicator(world)
    with pytest.raises(importer.ImportFailed) as failure:
        importer.import_rows(
            indicator=indicator,
            rows=[
                ("E06000001", "2022", 1.0),
                {"geography_code": "E06000001", "period": "2023", "value": "lots"},
                ("E06000001", "2024"),
                ("E06000001", "2025", 5, 6, 7),
                {"geography_code": "E06000001", "period": "2026", "value": 10**400},
            ],
            first=10,
            noun="figure",
        )
    errors = failure.value.errors
    assert [e.row for e in errors] == [11, 12, 13, 14]
    assert "not a number" in errors[0].message
    assert "Expected 3 or 5 values" in errors[1].message
    assert "between the lower bound 6" in errors[2].message
    assert "not an ordinary number" in errors[3].message
    assert str(errors[0]).startswith("Figure 11: ")
    assert not Observation.objects.exists()


def test_parsed_figures_are_merged_all_or_nothing(world):
    indicator = make_indicator(world)
    result = importer.import_rows(
        indicator=indicator,
        rows=[
            ("e06000001", " 2022 ", 1.5, None, None),
            {
                "geography_code": "E06000002",
                "period": "2022",
                "value": "2",
                "lower": "1",
                "upper": 3,
            },
        ],
    )
    assert (result.rows, result.added, result.geographies) == (2, 2, 2)
    assert figures(indicator) == {
        ("E06000001", "2022"): (1.5, None, None),
        ("E06000002", "2022"): (2.0, 1.0, 3.0),
    }
    with pytest.raises(importer.ImportFailed) as failure:
        importer.import_rows(
            indicator=indicator,
            rows=[("E06000001", "2022", 9), ("E06000003", "2022", 9), ("E06000001", "2022", 8)],
        )
    assert [str(e) for e in failure.value.errors] == [
        "Item 3: E06000001 for 2022 appears more than once (first on item 1). "
        "Keep one row for each area and period."
    ]
    assert figures(indicator)[("E06000001", "2022")] == (1.5, None, None)
    with pytest.raises(importer.ImportFailed) as failure:
        importer.import_rows(indicator=indicator, rows=[])
    assert str(failure.value) == "Item 1: there are no figures to import."
