"""The results chart: one bar per project on the ballot, its votes (or points), winners marked.

Drawn on the server as SVG with the shared chart helpers; the page shows the same figures in a
table, and the chart's description says what it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import mark_safe

from placecraft.core.charts import FONT, ChartWithData, _label, _open, nice_ticks

if TYPE_CHECKING:
    from placecraft.budgeting.models import ProjectResult, Round

WINNER, OTHER = "#00703c", "#b1b4b6"


def results_chart(round: Round, results: Sequence[ProjectResult]) -> ChartWithData:
    """Bars from most votes down. Winners are green and labelled "funded" so the chart does not
    rely on colour alone."""
    cumulative = round.ballot_type == "cumulative"
    unit = "points" if cumulative else "votes"
    ordered = sorted(results, key=lambda r: (-r.score, r.project.reference))
    width, label_width, bar_height, gap, top = 720, 260, 20, 6, 10
    high = nice_ticks(0.0, float(max((r.score for r in ordered), default=1)))[-1] or 1.0
    plot_width = width - label_width - 150
    parts: list[str] = []
    for i, r in enumerate(ordered):
        y0 = top + i * (bar_height + gap)
        length = max(plot_width * r.score / high, 1)
        colour = WINNER if r.selected else OTHER
        parts.append(
            _label(
                label_width - 8,
                y0 + bar_height / 2 + 4,
                r.project.title[:60],
                anchor="end",
                size=12,
            )
        )
        mark = " – funded" if r.selected else ""
        parts.append(
            f'<rect x="{label_width}" y="{y0}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{colour}"/>'
            f'<text {FONT} font-size="12" x="{label_width + length + 6:.1f}" '
            f'y="{y0 + bar_height / 2 + 4:.1f}" fill="#0b0c0c">'
            f"{escape(f'{r.score:,}{mark}')}</text>"
        )
    height = top + max(len(ordered), 1) * (bar_height + gap) + 10
    winners = [r for r in ordered if r.selected]
    title = f"{unit.capitalize()} for each project"
    summary = f"{len(ordered)} projects were on the ballot and {len(winners)} were funded. " + (
        f"The most {unit} went to {ordered[0].project.title} ({ordered[0].score:,})."
        if ordered
        else ""
    )
    svg = _open("pb-results-chart", width, height, title, summary) + "".join(parts) + "</svg>"
    rows = tuple(
        (r.project.title, f"{r.score:,}", "Funded" if r.selected else "Not funded") for r in ordered
    )
    return ChartWithData(mark_safe(svg), summary, ("Project", unit.capitalize(), "Outcome"), rows)
