"""Charts drawn on the server as SVG: no JavaScript, readable when printed.

A chart is never the only way to get its figures: every page that shows one also shows a table
of the same numbers and a sentence that says what the chart shows. The SVG carries a <title> and
<desc> for screen readers and is otherwise decorative detail. All text is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK Frontend colours, in an order where neighbours differ in hue and lightness. Each series
# also gets its own dash pattern and marker so the chart works without colour.
PALETTE = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#505a5f", "#912b88")
DASHES = ("", "8 4", "3 3", "10 3 3 3", "1 4", "6 2 2 2 2 2", "12 4")
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"'


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def _wrap(text: str, width: int = 18) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _label(x: float, y: float, text: str, anchor: str = "middle", size: int = 13) -> str:
    lines = _wrap(text)
    top = y - (len(lines) - 1) * size * 0.6
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + i * size * 1.2:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text {FONT} font-size="{size}" text-anchor="{anchor}" fill="#0b0c0c">{spans}</text>'


def _open(chart_id: str, width: int, height: int, title: str, description: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def _legend(series: Sequence[Series], top: float, width: int) -> tuple[str, float]:
    parts: list[str] = []
    x, y = 20.0, top
    for i, item in enumerate(series):
        colour, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        text_width = 8 * len(item.name) + 50
        if x + text_width > width and x > 20:
            x, y = 20.0, y + 22
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.0f}" y1="{y:.0f}" x2="{x + 30:.0f}" y2="{y:.0f}" stroke="{colour}" '
            f'stroke-width="3"{dash_attr}/>'
            f'<text {FONT} font-size="13" x="{x + 36:.0f}" y="{y + 4:.0f}" fill="#0b0c0c">'
            f"{escape(item.name)}</text>"
        )
        x += text_width
    return "".join(parts), y + 20


def radar(
    chart_id: str,
    axes: Sequence[str],
    series: Sequence[Series],
    minimum: float,
    maximum: float,
    *,
    title: str,
    description: str,
) -> SafeString:
    """One spoke per axis, one closed shape per series; values run from the centre (minimum)
    to the rim (maximum). Missing values leave a gap in the shape."""
    width, radius = 600, 150
    cx, cy = width / 2, 215
    n = max(len(axes), 3)
    span = (maximum - minimum) or 1

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / n
        r = radius * (value - minimum) / span
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts: list[str] = []
    # Rings at every whole step of the scale, labelled up the first spoke.
    steps = round(span)
    for step in range(steps + 1):
        value = minimum + step
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, value) for i in range(n)))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="#b1b4b6" stroke-width="1"/>')
        x, y = point(0, value)
        parts.append(
            f'<text {FONT} font-size="11" x="{x + 4:.1f}" y="{y + 4:.1f}" fill="#505a5f">'
            f"{value:g}</text>"
        )
    for i, axis in enumerate(axes):
        x, y = point(i, maximum)
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#b1b4b6"/>'
        )
        lx, ly = point(i, maximum + span * 0.22)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        parts.append(_label(lx, ly, axis, anchor))
    # Overlapping fills turn grey: with several series, outlines carry the shape.
    opacity = 0.12 if len(series) == 1 else 0.03
    for s, item in enumerate(series):
        colour, dash = PALETTE[s % len(PALETTE)], DASHES[s % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = [
            point(i, value) if value is not None else None for i, value in enumerate(item.values)
        ]
        present = [p for p in points if p is not None]
        if len(present) == len(points) and len(points) >= 3:
            shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in present)
            parts.append(
                f'<polygon points="{shape}" fill="{colour}" fill-opacity="{opacity}" '
                f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
        for x, y in present:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
    legend, bottom = _legend(series, 460, width)
    height = int(bottom + 10)
    return mark_safe(  # every piece of text above is escaped
        _open(chart_id, width, height, title, description) + "".join(parts) + legend + "</svg>"
    )


def trend(
    chart_id: str,
    periods: Sequence[str],
    series: Sequence[Series],
    minimum: float,
    maximum: float,
    *,
    title: str,
    description: str,
) -> SafeString:
    """A line per series across periods (rounds), on a fixed scale from minimum to maximum."""
    width, left, right, top, plot_height = 600, 50, 30, 20, 220
    span = (maximum - minimum) or 1
    count = max(len(periods), 1)
    step = (width - left - right) / max(count - 1, 1)

    def xy(index: int, value: float) -> tuple[float, float]:
        x = left + (index * step if count > 1 else (width - left - right) / 2)
        return x, top + plot_height * (1 - (value - minimum) / span)

    parts: list[str] = []
    for tick in range(round(span) + 1):
        value = minimum + tick
        _, y = xy(0, value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#b1b4b6"/>'
            f'<text {FONT} font-size="11" x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="#505a5f">{value:g}</text>'
        )
    for i, period in enumerate(periods):
        x, _ = xy(i, minimum)
        parts.append(_label(x, top + plot_height + 20, period))
    for s, item in enumerate(series):
        colour, dash = PALETTE[s % len(PALETTE)], DASHES[s % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        run: list[str] = []
        for i, point in enumerate(item.values):
            if point is None:
                if len(run) > 1:
                    parts.append(_polyline(run, colour, dash_attr))
                run = []
                continue
            x, y = xy(i, point)
            run.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
        if len(run) > 1:
            parts.append(_polyline(run, colour, dash_attr))
    legend, bottom = _legend(series, top + plot_height + 60, width)
    return mark_safe(  # every piece of text above is escaped
        _open(chart_id, width, int(bottom + 10), title, description)
        + "".join(parts)
        + legend
        + "</svg>"
    )


def _polyline(points: list[str], colour: str, dash_attr: str) -> str:
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
        f'stroke-width="2.5"{dash_attr}/>'
    )


@dataclass(frozen=True)
class Cell:
    shade: float  # 0 (white) to 1 (full colour)
    text: str = ""


_SHADES = ("#ffffff", "#d2e2f1", "#a5c6e3", "#6a9fce", "#1d70b8")


def heatmap(
    chart_id: str,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[Cell]],
    *,
    title: str,
    description: str,
) -> SafeString:
    """A grid of rows × columns, each cell shaded by its share and labelled with its text."""
    label_width, cell_width, cell_height, header = 230, 92, 44, 56
    width = label_width + cell_width * len(columns) + 10
    parts: list[str] = []
    for j, column in enumerate(columns):
        parts.append(_label(label_width + cell_width * (j + 0.5), 22, column, size=12))
    for i, row in enumerate(rows):
        y = header + i * cell_height
        parts.append(_label(label_width - 10, y + cell_height / 2 + 4, row, anchor="end", size=12))
        for j, cell in enumerate(cells[i]):
            shade = _SHADES[min(len(_SHADES) - 1, max(0, round(cell.shade * (len(_SHADES) - 1))))]
            ink = "#ffffff" if shade in _SHADES[-2:] else "#0b0c0c"
            x = label_width + j * cell_width
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell_width - 2}" height="{cell_height - 2}" '
                f'fill="{shade}" stroke="#b1b4b6"/>'
            )
            if cell.text:
                parts.append(
                    f'<text {FONT} font-size="12" x="{x + cell_width / 2 - 1:.0f}" '
                    f'y="{y + cell_height / 2 + 3:.0f}" text-anchor="middle" fill="{ink}">'
                    f"{escape(cell.text)}</text>"
                )
    height = header + cell_height * len(rows) + 10
    return mark_safe(  # every piece of text above is escaped
        _open(chart_id, width, height, title, description) + "".join(parts) + "</svg>"
    )
