from datetime import date

from django.urls import reverse

from placecraft.core import charts
from placecraft.evidence.tests.factories import add_observations, make_indicator


def test_trend_chart_has_svg_table_and_summary():
    chart = charts.indicator_trend(
        "c",
        title="Life <script>",
        unit="%",
        observations=[
            charts.DatedValue(date(2020, 12, 31), 50.0, "2020"),
            charts.DatedValue(date(2021, 12, 31), 55.0, "2021"),
        ],
        baseline=charts.DatedValue(date(2020, 12, 31), 50.0, "2020"),
        targets=[charts.DatedValue(date(2030, 12, 31), 70.0, "2030")],
        trajectory=[(date(2020, 12, 31), 50.0), (date(2030, 12, 31), 70.0)],
    )
    assert (
        chart.svg.startswith("<svg")
        and "<script>" not in chart.svg
        and "&lt;script&gt;" in chart.svg
    )
    assert 'stroke-dasharray="6 4"' in chart.svg  # the trajectory
    assert chart.rows == (("2020", "50.0"), ("2021", "55.0"))
    assert "rose from 50.0 in 2020 to 55.0 % in 2021" in chart.summary
    assert "target is 70.0 by 2030" in chart.summary


def test_comparison_chart_ranks_areas():
    chart = charts.geography_comparison(
        "c",
        title="Score",
        unit="pts",
        period_label="2021",
        bars=[("A", 1.0), ("B", 3.0), ("C", 2.0)],
        highlight="C",
    )
    assert [row[0] for row in chart.rows] == ["B", "C (this area)", "A"]
    assert "C is 2 of 3" in chart.summary


def test_indicator_page_shows_trend_and_comparison_with_tables(world, client):
    indicator = make_indicator(world)
    add_observations(indicator, "E06000001", {"2020": 7.0, "2021": 7.2})
    add_observations(indicator, "E47000001", {"2020": 7.1, "2021": 7.3})
    page = client.get(
        reverse("indicator_detail", args=[world.place.slug, indicator.slug])
    ).content.decode()
    assert page.count("<svg") == 2 and page.count("<table") == 2
    assert "Compared with other areas" in page and "Northgate Council" in page
