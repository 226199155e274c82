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


def test_survey_rounds_compare_in_date_order_and_an_undated_round_says_so(world: World, bob):
    from datetime import date

    from django.test import Client

    from placecraft.frameworks.tests.factories import make_survey

    make_survey(world, {"Adults": 5}, round_label="Pilot", seed=1)
    later = make_survey(
        world, {"Adults": 5}, round_label="Spring 2025", round_date=date(2025, 3, 1), seed=2
    )
    make_survey(
        world, {"Adults": 5}, round_label="Spring 2024", round_date=date(2024, 3, 1), seed=3
    )
    client = Client()
    client.force_login(bob)
    page = client.get(
        reverse("exercise_compare", args=[world.place.slug, later.pk])
    ).content.decode()
    wanted = ["Spring 2024", "Spring 2025", "Pilot (no date)"]
    table = re.search(r"Rounds compared</caption>(.*?)</table>", page, re.S)
    assert table is not None
    assert re.findall(r'<th scope="row"[^>]*><a[^>]*>([^<]*)</a>', table[1]) == wanted
    axis = {
        " ".join(t.itertext()).strip(): float(next(t.iter(f"{SVG}tspan")).get("x", "nan"))
        for t in _svg(page, "trend").iter(f"{SVG}text")
        if t.find(f"{SVG}tspan") is not None
    }
    assert sorted(wanted, key=lambda label: axis[label]) == wanted


def _overflowing_text(svg: ET.Element) -> list[str]:
    """Texts whose estimated box (0.6 em a character, one line per tspan) leaves the viewBox."""
    _, _, width, height = (float(n) for n in svg.get("viewBox", "").split())
    outside = []
    for text in svg.iter(f"{SVG}text"):
        size = float(text.get("font-size", "16"))
        anchor = text.get("text-anchor", "start")
        lines = list(text.iter(f"{SVG}tspan")) or [text]
        for line in lines:
            words = (line.text or "") if line is not text else "".join(text.itertext())
            x = float(line.get("x") or text.get("x") or "0")
            y = float(line.get("y") or text.get("y") or "0")
            w = len(words) * size * 0.6
            left = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
            if left < 0 or left + w > width or y - size < 0 or y + size * 0.3 > height:
                outside.append(words)
    return outside


def test_no_chart_text_runs_off_the_chart():
    from datetime import date

    from placecraft.core import charts

    long_axes = [
        "Purpose and direction of travel",
        "Relationships beyond the organisation",
        "Learning from what happens",
        "Accountability arrangements",
        "Resources and capabilities",
    ]
    rounds = ["First round of the survey", "Second round", "Third and latest round"]
    svgs = [
        charts.radar(
            "r",
            long_axes,
            [charts.Series("A very long series name for a round", [1, 2, 3, 4, 5])],
            1,
            5,
            title="t",
            description="d",
        ),
        charts.trend(
            "t",
            rounds,
            [charts.Series(a, [1, 3, 5]) for a in long_axes],
            1,
            5,
            title="t",
            description="d",
        ),
        charts.heatmap(
            "h",
            long_axes,
            rounds,
            [[charts.Cell(0.5, "3") for _ in rounds] for _ in long_axes],
            title="t",
            description="d",
        ),
        charts.indicator_trend(
            "i",
            title="Emissions",
            unit="tonnes CO₂e per person per year",
            observations=[
                charts.DatedValue(date(2020, 12, 31), 1_250_000.5, "2020", start=date(2020, 1, 1)),
                charts.DatedValue(date(2021, 12, 31), 1_375_000.5, "2021", start=date(2021, 1, 1)),
            ],
        ).svg,
    ]
    for svg in svgs:
        assert _overflowing_text(ET.fromstring(svg)) == []


def test_each_kind_of_organisation_has_its_own_colour_and_shape_on_the_system_map():
    from placecraft.partners import sysmap
    from placecraft.places.models import OrganisationKind

    kinds = [value for value, _ in OrganisationKind.choices]
    network = sysmap.Network(
        missions=[sysmap.Node("mission:1", "Warm homes", "mission")],
        partners=[
            sysmap.Node(f"organisation:{i}", f"Partner {i}", "partner", kind)
            for i, kind in enumerate(kinds)
        ],
    )
    svg = ET.fromstring(sysmap.draw(network, title="Map"))
    elements = list(svg)
    labels = dict(OrganisationKind.choices)

    def look(element: ET.Element) -> tuple[str, str, str]:
        """What tells a kind apart: its colour and its outline (tag and shape, wherever drawn)."""
        return element.get("fill", ""), element.tag, element.get("d", element.get("r", ""))

    legend = {}
    for i, element in enumerate(elements):
        text = "".join(element.itertext()).strip()
        if element.tag == f"{SVG}text" and text in labels.values():
            legend[text] = look(elements[i - 1])
    assert len(legend) == len(kinds)
    assert len({colour for colour, _, _ in legend.values()}) == len(kinds), "a colour is shared"
    assert len({(tag, shape) for _, tag, shape in legend.values()}) == len(kinds), (
        "a shape is shared"
    )
    # Each partner on the map wears its kind's colour and shape.
    for i, element in enumerate(elements):
        text = "".join(element.itertext()).strip()
        if text.startswith("Partner "):
            kind = kinds[int(text.split()[1])]
            assert look(elements[i - 1]) == legend[labels[kind]]


def test_a_long_name_on_the_system_map_is_shortened_with_its_full_text_kept():
    from placecraft.partners import sysmap

    name = (
        "The Northgate and District Community Transport, Food Bank and Warm Spaces "
        "Partnership Trust"
    )
    network = sysmap.Network(
        missions=[sysmap.Node("mission:1", "Warm homes", "mission")],
        partners=[sysmap.Node("organisation:1", name, "partner", "vcse")],
    )
    svg = ET.fromstring(sysmap.draw(network, title="Map"))
    (label,) = [t for t in svg.iter(f"{SVG}text") if "Northgate" in "".join(t.itertext())]
    shown = " ".join((span.text or "") for span in label.iter(f"{SVG}tspan"))
    assert shown.endswith("…") and len(shown) < len(name)
    assert label.findtext(f"{SVG}title") == name
