"""Charts drawn on the server: what a reader sees must match the figures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest
from django.urls import reverse

from placecraft.evidence.tests.factories import add_observations, make_indicator, mission_link
from placecraft.testing import World

SVG = "{http://www.w3.org/2000/svg}"


def _svg(page: str, chart_id: str) -> ET.Element:
    match = re.search(rf'<svg[^>]*id="{chart_id}".*?</svg>', page, re.S)
    assert match, f"no chart {chart_id} on the page"
    return ET.fromstring(match[0])


def _label_x(svg: ET.Element) -> dict[str, float]:
    """Each one-line text on the chart and where it is centred."""
    return {
        "".join(text.itertext()).strip(): float(text.get("x", "nan"))
        for text in svg.iter(f"{SVG}text")
        if text.get("x") is not None
    }


def _points(svg: ET.Element, radius: str = "4") -> list[float]:
    return [float(c.get("cx", "nan")) for c in svg.iter(f"{SVG}circle") if c.get("r") == radius]


@pytest.mark.parametrize(
    "periods",
    [
        ["2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023"],
        ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4", "2022-Q1", "2022-Q2", "2022-Q3"],
        [f"2022-{month:02d}" for month in range(1, 11)],
        ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21", "2021/22"],
    ],
    ids=["yearly", "quarterly", "monthly", "financial-year"],
)
def test_each_figure_is_drawn_at_its_own_period(world: World, client, periods):
    indicator = make_indicator(world)
    add_observations(indicator, "E06000001", {p: 5.0 + i / 4 for i, p in enumerate(periods)})
    page = client.get(
        reverse("indicator_detail", args=[world.place.slug, indicator.slug])
    ).content.decode()
    svg = _svg(page, "trend")
    labels, points = _label_x(svg), _points(svg)
    assert len(points) == len(periods)
    for period, cx in zip(periods, points, strict=True):
        assert period in labels, f"{period} has no label on the time axis"
        assert abs(labels[period] - cx) < 0.5, f"the {period} figure is not drawn at {period}"


def test_a_long_monthly_series_keeps_its_labels_apart_and_under_their_figures(world, client):
    periods = [f"{2019 + m // 12}-{m % 12 + 1:02d}" for m in range(40)]
    indicator = make_indicator(world)
    add_observations(indicator, "E06000001", {p: 5.0 for p in periods})
    page = client.get(
        reverse("indicator_detail", args=[world.place.slug, indicator.slug])
    ).content.decode()
    svg = _svg(page, "trend")
    labels, points = _label_x(svg), _points(svg)
    shown = [(labels[p], cx) for p, cx in zip(periods, points, strict=True) if p in labels]
    assert periods[0] in labels and len(shown) >= 6
    assert all(abs(x - cx) < 0.5 for x, cx in shown)
    centres = sorted(x for x, _ in shown)
    assert all(b - a > 7 * 11 * 0.6 for a, b in pairwise(centres))


def test_the_public_mission_page_draws_baseline_figures_and_target_at_their_periods(
    world: World, client
):
    link = mission_link(world)  # figures for 2019-2021, baseline 2019, target 2030
    page = client.get(
        reverse("mission_detail", args=[world.place.slug, link.mission.slug])
    ).content.decode()
    svg = _svg(page, f"chart-{link.pk}")
    labels = _label_x(svg)
    for period, cx in zip(["2019", "2020", "2021"], _points(svg), strict=True):
        assert abs(labels[period] - cx) < 0.5, f"the {period} figure is not drawn at {period}"
    (baseline,) = _points(svg, "8")
    assert abs(labels["2019"] - baseline) < 0.5
    (target,) = [p for p in svg.iter(f"{SVG}polygon") if p.get("fill") == "#00703c"][:1]
    corners = [float(xy.split(",")[0]) for xy in target.get("points", "").split()]
    assert abs(labels["2030"] - sum(corners) / 4) < 0.5
