"""The indicator list: each indicator's latest figure for the place, a page at a time, in a
number of queries that does not grow with the indicators or their figures."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from placecraft.evidence.models import Observation
from placecraft.evidence.periods import parse_period
from placecraft.evidence.tests.factories import add_observations, make_indicator
from placecraft.testing import assert_max_queries, count_queries


def _many_figures(indicator, areas: int, years: range) -> None:
    rows = []
    for a in range(areas):
        for year in years:
            period = parse_period(str(year))
            rows.append(
                Observation(
                    indicator=indicator,
                    geography_code=f"E05{a:06d}",
                    period=period.code,
                    period_start=period.start,
                    period_end=period.end,
                    value=a + year / 10_000,
                )
            )
    Observation.objects.bulk_create(rows)


def test_the_list_shows_the_latest_figure_for_the_place(world):
    indicator = make_indicator(world)
    # The place's own area (E47000001): the latest by period end, whatever the order written.
    add_observations(indicator, "E47000001", {"2022": 7.25, "2019": 6.0, "2021": 7.0})
    add_observations(indicator, "E06000001", {"2023": 9.0})  # another area: not this column
    make_indicator(world, "empty", name="Nothing yet")
    page = Client().get(reverse("indicator_list", args=[world.place.slug])).content.decode()
    assert "Latest figure for Testshire" in page
    row = page[page.index("Life satisfaction") :]
    row = row[: row.index("</tr>")]
    assert "7.25" in row and "2022" in row and "9.00" not in row
    empty = page[page.index("Nothing yet") :]
    assert "no figure yet" in empty[: empty.index("</tr>")]


def test_the_list_is_paginated(world):
    for n in range(53):
        make_indicator(world, f"indicator-{n:02d}", name=f"Indicator {n:02d}")
    client = Client()
    url = reverse("indicator_list", args=[world.place.slug])
    first = client.get(url).content.decode()
    assert "53 indicators" in first and "Indicator 49" in first and "Indicator 50" not in first
    assert 'rel="next"' in first
    second = client.get(url + "?page=2").content.decode()
    assert "Indicator 50" in second and "Indicator 52" in second and "Indicator 00" not in second


def test_the_lists_queries_do_not_grow_with_indicators_or_figures(world):
    client = Client()
    url = reverse("indicator_list", args=[world.place.slug])
    indicator = make_indicator(world)
    add_observations(indicator, "E47000001", {"2021": 1.0})
    assert_max_queries(client, url, 5)
    with count_queries() as small:
        client.get(url)
    for n in range(60):
        more = make_indicator(world, f"more-{n}", name=f"More {n}")
        add_observations(more, "E47000001", {"2020": 2.0, "2021": 3.0})
    _many_figures(indicator, areas=50, years=range(2000, 2024))
    with count_queries() as big:
        client.get(url)
    assert len(big.captured_queries) == len(small.captured_queries)


def test_area_codes_lists_each_area_once_in_order(world):
    from placecraft.evidence.selectors import area_codes

    indicator = make_indicator(world)
    other = make_indicator(world, "other", name="Other")
    assert area_codes(indicator) == []
    _many_figures(indicator, areas=5, years=range(2019, 2024))
    add_observations(other, "E00000001", {"2020": 1.0})
    add_observations(indicator, "E47000001", {"2020": 1.0})
    assert area_codes(indicator) == [f"E05{a:06d}" for a in range(5)] + ["E47000001"]
    assert area_codes(indicator, limit=2) == ["E05000000", "E05000001"]
    assert area_codes(other) == ["E00000001"]


def test_comparison_takes_the_latest_period_in_the_places_areas(world):
    from placecraft.evidence.selectors import comparison

    indicator = make_indicator(world)
    assert comparison(indicator, world.place, "E06000001") == ("", [])
    add_observations(indicator, "E06000001", {"2021": 7.0, "2022": 7.2, "2022-Q4": 1.0})
    add_observations(indicator, "E47000001", {"2021": 7.1, "2022": 7.3})
    add_observations(indicator, "E06000099", {"2024": 9.9})  # not one of the place's areas
    period, rows = comparison(indicator, world.place, "E06000001")
    assert period == "2022"
    assert rows == [
        ("E06000001", "Northgate Council", 7.2),
        ("E47000001", "Testshire Combined Authority", 7.3),
    ]
