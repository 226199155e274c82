"""Charts drawn on the server as SVG: no JavaScript, readable when printed.

A chart is never the only way to get its figures: every page that shows one also shows a table
of the same numbers and a sentence that says what the chart shows. The SVG carries a <title> and
<desc> for screen readers and is otherwise decorative detail. All text is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK Frontend colours, in an order where neighbours differ in hue and lightness. Each series
# also gets its own dash pattern and marker so the chart works without colour.
PALETTE = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#505a5f", "#912b88")
DASHES = ("", "8 4", "3 3", "10 3 3 3", "1 4", "6 2 2 2 2 2", "12 4")
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"'

# For categories that must never be confused (kinds of organisation): the Okabe–Ito colours,
# told apart with any common colour-vision deficiency, with grey as a ninth, each paired with
# its own marker shape so nothing rests on colour alone. Markers carry a dark outline so the
# light colours stand out from the white background.
CATEGORY_COLOURS = (
    "#0072b2",  # blue
    "#d55e00",  # vermillion
    "#009e73",  # bluish green
    "#e69f00",  # orange
    "#cc79a7",  # reddish purple
    "#56b4e9",  # sky blue
    "#f0e442",  # yellow
    "#000000",  # black
    "#999999",  # grey
)


def _regular(points: int, outer: float, inner: float | None = None) -> str:
    corners = []
    steps = points * (2 if inner else 1)
    for i in range(steps):
        r = inner if inner and i % 2 else outer
        angle = -math.pi / 2 + 2 * math.pi * i / steps
        corners.append(f"{r * math.cos(angle):.1f},{r * math.sin(angle):.1f}")
    return "M" + "L".join(corners) + "Z"


# Marker outlines about 16 px across, centred on (0, 0); one per category colour.
CATEGORY_SHAPES = (
    "M-7,0A7,7 0 1,0 7,0A7,7 0 1,0 -7,0Z",  # circle
    "M-6,-6H6V6H-6Z",  # square
    "M0,-8L8,0L0,8L-8,0Z",  # diamond
    "M0,-8L7.5,6L-7.5,6Z",  # triangle
    "M0,8L7.5,-6L-7.5,-6Z",  # triangle pointing down
    _regular(5, 7.5),  # pentagon
    _regular(6, 7.5),  # hexagon
    _regular(5, 8.5, 3.8),  # star
    "M-2.5,-7H2.5V-2.5H7V2.5H2.5V7H-2.5V2.5H-7V-2.5H-2.5Z",  # plus
)


def category_marker(index: int, x: float, y: float) -> str:
    """The marker for category ``index``: its own colour and its own shape."""
    colour = CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)]
    shape = CATEGORY_SHAPES[index % len(CATEGORY_SHAPES)]
    return (
        f'<path d="{shape}" transform="translate({x:.1f} {y:.1f})" fill="{colour}" '
        'stroke="#0b0c0c" stroke-width="1"/>'
    )


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


def _label(
    x: float, y: float, text: str, anchor: str = "middle", size: int = 13, wrap: int = 18
) -> str:
    lines = _wrap(text, wrap)
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
    # Widen the chart where a label at the rim would run off it, and move the centre across.
    lefts, rights = [0.0], [float(width)]
    for i, axis in enumerate(axes):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        lx = cx + radius * 1.22 * math.cos(angle)
        w = max(text_width(line, 13) for line in _wrap(axis))
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        lefts.append(lx - (w / 2 if anchor == "middle" else w if anchor == "end" else 0) - 4)
        rights.append(lx + (w / 2 if anchor == "middle" else 0 if anchor == "end" else w) + 4)
    cx -= min(lefts)
    width = math.ceil(max(rights) - min(lefts))

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
    # Each period's label wraps to the room between neighbours; the first and last set the
    # margins, so no label is cut off at the edge.
    wrap = max(8, int((width - left - right) / max(count - 1, 1) / text_width("x", 13)) - 1)
    if periods:
        halves = [max(text_width(line, 13) for line in _wrap(p, wrap)) / 2 + 4 for p in periods]
        left, right = max(left, math.ceil(halves[0])), max(right, math.ceil(halves[-1]))
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
        parts.append(_label(x, top + plot_height + 20, period, wrap=wrap))
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
    lines = max((len(_wrap(p, wrap)) for p in periods), default=1)
    legend, bottom = _legend(series, top + plot_height + 44 + 16 * lines, width)
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
    label_width, cell_width, cell_height = 230, 92, 44
    width = label_width + cell_width * len(columns) + 10
    # Column labels wrap to their cell; the header grows with the longest, its first line
    # kept clear of the top edge.
    lines = max((len(_wrap(column, 11)) for column in columns), default=1)
    middle = 16 + (lines - 1) * 12 * 0.6
    header = math.ceil(16 + (lines - 1) * 12 * 1.2 + 40)
    parts: list[str] = []
    for j, column in enumerate(columns):
        parts.append(_label(label_width + cell_width * (j + 0.5), middle, column, size=12, wrap=11))
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


# Indicator charts (evidence app): a trend on a time axis with baseline, targets and trajectory,
# and a comparison between areas. Each returns the SVG with the table and the sentence that must
# be shown beside it.


@dataclass(frozen=True)
class DatedValue:
    when: date
    value: float
    label: str
    lower: float | None = None
    upper: float | None = None
    # The first day of the period ``label`` names (``when`` is its last day). With it, the
    # value is drawn at the middle of its period, under that period's label.
    start: date | None = None

    @property
    def middle(self) -> float:
        """The middle of the period as a day number (``when`` itself if no start is known)."""
        if self.start is None:
            return float(self.when.toordinal())
        return (self.start.toordinal() + self.when.toordinal()) / 2


@dataclass(frozen=True)
class ChartWithData:
    svg: SafeString
    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2 or 5 × a power of ten) covering ``low`` to ``high``."""
    if high <= low:
        high = low + 1 if low == 0 else low + abs(low) * 0.1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _fmt(value: float, places: int) -> str:
    return f"{value:,.{places}f}"


def indicator_trend(
    chart_id: str,
    *,
    title: str,
    unit: str,
    observations: Sequence[DatedValue],
    baseline: DatedValue | None = None,
    targets: Sequence[DatedValue] = (),
    trajectory: Sequence[tuple[date, float]] = (),
    decimal_places: int = 1,
) -> ChartWithData:
    """The figures over time as a line (with confidence intervals as whiskers), the baseline as a
    ringed point, targets as diamonds and the trajectory as a dashed line."""
    width, left, right, top, plot_height = 640, 64, 24, 20, 230
    everything = (
        [o.value for o in observations] + [t.value for t in targets] + [v for _, v in trajectory]
    )
    everything += [v for o in observations for v in (o.lower, o.upper) if v is not None]
    if baseline is not None:
        everything.append(baseline.value)
    dated = [*observations, *targets] + ([baseline] if baseline is not None else [])
    parts: list[str] = []
    if not everything:
        summary = f"There are no figures for {title} yet."
        svg = (
            _open(chart_id, width, 60, title, summary)
            + _label(width / 2, 34, "No figures yet")
            + "</svg>"
        )
        return ChartWithData(mark_safe(svg), summary, (), ())
    ticks = nice_ticks(min(everything), max(everything))
    low, high = ticks[0], ticks[-1]
    tick_labels = [_fmt(t, decimal_places if t != int(t) else 0) for t in ticks]
    left = max(left, math.ceil(max(text_width(t, 11) for t in tick_labels)) + 12)
    # The axis runs from the start of the first period to the end of the last, and each value
    # sits at the middle of its own period, under that period's label.
    days = [float(v.start.toordinal()) for v in dated if v.start is not None]
    days += [float(v.when.toordinal()) for v in dated] + [
        float(d.toordinal()) for d, _ in trajectory
    ]
    first, last = min(days), max(days)
    span_days = max(last - first, 1.0)
    plot_width = width - left - right
    middles = {v.when: v.middle for v in dated}

    def x_at(day: float) -> float:
        return left + 10 + (plot_width - 20) * (day - first) / span_days

    def x(value: DatedValue) -> float:
        return x_at(value.middle)

    def y(value: float) -> float:
        return top + plot_height * (1 - (value - low) / ((high - low) or 1))

    for tick, tick_label in zip(ticks, tick_labels, strict=True):
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" stroke="#dddddd"/>'  # noqa: E501
            f'<text {FONT} font-size="11" x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" '
            f'fill="#505a5f">{escape(tick_label)}</text>'
        )
    parts.extend(_period_axis(dated, x, top + plot_height, width))
    parts.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - right}" y2="{top + plot_height}" stroke="#505a5f"/>'  # noqa: E501
        f'<text {FONT} font-size="11" x="4" y="{top - 6}" fill="#505a5f">{escape(unit)}</text>'
    )
    if trajectory:
        points = " ".join(
            f"{x_at(middles.get(d, d.toordinal())):.1f},{y(v):.1f}" for d, v in trajectory
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="#505a5f" stroke-width="2" stroke-dasharray="6 4"/>'  # noqa: E501
        )
    for o in observations:
        if o.lower is not None and o.upper is not None:
            parts.append(
                f'<line x1="{x(o):.1f}" y1="{y(o.lower):.1f}" x2="{x(o):.1f}" '
                f'y2="{y(o.upper):.1f}" stroke="#1d70b8" stroke-width="1" stroke-opacity="0.6"/>'
            )
    if len(observations) > 1:
        points = " ".join(f"{x(o):.1f},{y(o.value):.1f}" for o in observations)
        parts.append(f'<polyline points="{points}" fill="none" stroke="#1d70b8" stroke-width="3"/>')
    for o in observations:
        parts.append(f'<circle cx="{x(o):.1f}" cy="{y(o.value):.1f}" r="4" fill="#1d70b8"/>')
    if baseline is not None:
        parts.append(
            f'<circle cx="{x(baseline):.1f}" cy="{y(baseline.value):.1f}" r="8" fill="none" '
            'stroke="#4c2c92" stroke-width="2.5"/>'
        )
    for t in targets:
        cx, cy = x(t), y(t.value)
        parts.append(
            f'<polygon points="{cx:.1f},{cy - 8:.1f} {cx + 8:.1f},{cy:.1f} {cx:.1f},{cy + 8:.1f} '
            f'{cx - 8:.1f},{cy:.1f}" fill="#00703c"/>'
        )
    legend_y = top + plot_height + 42
    legend = [
        f'<line x1="{left}" y1="{legend_y}" x2="{left + 26}" y2="{legend_y}" stroke="#1d70b8" stroke-width="3"/>'  # noqa: E501
        f'<text {FONT} font-size="12" x="{left + 32}" y="{legend_y + 4}" fill="#0b0c0c">Figures</text>'  # noqa: E501
    ]
    if baseline is not None:
        legend.append(
            f'<circle cx="{left + 120}" cy="{legend_y}" r="7" fill="none" stroke="#4c2c92" stroke-width="2.5"/>'  # noqa: E501
            f'<text {FONT} font-size="12" x="{left + 134}" y="{legend_y + 4}" fill="#0b0c0c">Baseline</text>'  # noqa: E501
        )
    if trajectory:
        legend.append(
            f'<line x1="{left + 210}" y1="{legend_y}" x2="{left + 236}" y2="{legend_y}" stroke="#505a5f" '  # noqa: E501
            'stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text {FONT} font-size="12" x="{left + 242}" y="{legend_y + 4}" fill="#0b0c0c">Trajectory</text>'  # noqa: E501
        )
    if targets:
        cx = left + 330
        legend.append(
            f'<polygon points="{cx},{legend_y - 7} {cx + 7},{legend_y} {cx},{legend_y + 7} {cx - 7},{legend_y}" fill="#00703c"/>'  # noqa: E501
            f'<text {FONT} font-size="12" x="{cx + 13}" y="{legend_y + 4}" fill="#0b0c0c">Target</text>'  # noqa: E501
        )

    summary = _trend_summary(title, unit, observations, baseline, targets, decimal_places)
    svg = (
        _open(chart_id, width, legend_y + 16, title, summary)
        + "".join(parts)
        + "".join(legend)
        + "</svg>"
    )
    has_interval = any(o.lower is not None for o in observations)
    headers: tuple[str, ...] = ("Period", f"Value ({unit})") + (
        ("Lower", "Upper") if has_interval else ()
    )
    rows = [
        (o.label, _fmt(o.value, decimal_places))
        + (
            (
                _fmt(o.lower, decimal_places) if o.lower is not None else "–",
                _fmt(o.upper, decimal_places) if o.upper is not None else "–",
            )
            if has_interval
            else ()
        )
        for o in observations
    ]
    return ChartWithData(mark_safe(svg), summary, headers, tuple(rows))


def _period_axis(
    dated: Sequence[DatedValue], x: Callable[[DatedValue], float], axis_y: float, width: int
) -> list[str]:
    """A tick at the middle of every period on the chart, and its label under it wherever the
    label has room (labels never overlap each other or run off the chart)."""
    periods: dict[str, DatedValue] = {}
    for value in dated:
        periods.setdefault(value.label, value)
    parts: list[str] = []
    right_edge = 0.0
    for label, value in sorted(periods.items(), key=lambda item: item[1].middle):
        centre = x(value)
        parts.append(
            f'<line x1="{centre:.1f}" y1="{axis_y}" x2="{centre:.1f}" y2="{axis_y + 5}" '
            'stroke="#505a5f"/>'
        )
        half = text_width(label, 11) / 2
        if centre - half >= right_edge + 4 and centre + half <= width:
            parts.append(
                f'<text {FONT} font-size="11" x="{centre:.1f}" y="{axis_y + 18}" '
                f'text-anchor="middle" fill="#505a5f">{escape(label)}</text>'
            )
            right_edge = centre + half
    return parts


def text_width(text: str, size: float) -> float:
    """A generous estimate of the width of ``text`` in the chart font at ``size`` pixels."""
    return len(text) * size * 0.6


def _trend_summary(
    title: str,
    unit: str,
    observations: Sequence[DatedValue],
    baseline: DatedValue | None,
    targets: Sequence[DatedValue],
    places: int,
) -> str:
    parts: list[str] = []
    if observations:
        first, last = observations[0], observations[-1]
        if len(observations) > 1:
            change = (
                "rose"
                if last.value > first.value
                else "fell"
                if last.value < first.value
                else "stayed"
            )
            parts.append(
                f"{title} {change} from {_fmt(first.value, places)} in {first.label} to "
                f"{_fmt(last.value, places)} {unit} in {last.label}."
            )
        else:
            parts.append(f"{title} was {_fmt(last.value, places)} {unit} in {last.label}.")
    else:
        parts.append(f"There are no figures for {title} yet.")
    if baseline is not None:
        parts.append(f"The baseline is {_fmt(baseline.value, places)} in {baseline.label}.")
    for target in targets:
        parts.append(f"The target is {_fmt(target.value, places)} by {target.label}.")
    return " ".join(parts)


def geography_comparison(
    chart_id: str,
    *,
    title: str,
    unit: str,
    period_label: str,
    bars: Sequence[tuple[str, float]],
    highlight: str = "",
    decimal_places: int = 1,
) -> ChartWithData:
    """One horizontal bar per area for the same period, largest first; ``highlight`` names the
    area the page is about, drawn darker and marked in the table."""
    ordered = sorted(bars, key=lambda bar: -bar[1])
    width, label_width, bar_height, gap, top = 640, 220, 22, 8, 10
    values = [v for _, v in ordered] or [0.0]
    ticks = nice_ticks(min(0.0, min(values)), max(0.0, max(values)))
    low, high = ticks[0], ticks[-1]
    plot_width = width - label_width - 70

    def x(value: float) -> float:
        return label_width + plot_width * (value - low) / ((high - low) or 1)

    parts: list[str] = []
    for i, (name, value) in enumerate(ordered):
        y0 = top + i * (bar_height + gap)
        colour = "#003078" if name == highlight else "#5694ca"
        start, end = sorted((x(0.0 if low <= 0 <= high else low), x(value)))
        parts.append(_label(label_width - 8, y0 + bar_height / 2 + 4, name, anchor="end", size=12))
        parts.append(
            f'<rect x="{start:.1f}" y="{y0}" width="{max(end - start, 1):.1f}" height="{bar_height}" fill="{colour}"/>'  # noqa: E501
            f'<text {FONT} font-size="12" x="{end + 6:.1f}" y="{y0 + bar_height / 2 + 4:.1f}" fill="#0b0c0c">'  # noqa: E501
            f"{escape(_fmt(value, decimal_places))}</text>"
        )
    height = top + len(ordered) * (bar_height + gap) + 10
    if ordered:
        best, worst = ordered[0], ordered[-1]
        summary = (
            f"{title}, {period_label}: highest in {best[0]} ({_fmt(best[1], decimal_places)} {unit}), "  # noqa: E501
            f"lowest in {worst[0]} ({_fmt(worst[1], decimal_places)} {unit})."
        )
        names = [name for name, _ in ordered]
        if highlight in names:
            rank = names.index(highlight) + 1
            summary += f" {highlight} is {rank} of {len(ordered)}, counting from the highest."
    else:
        summary = f"There are no figures to compare for {title}."
    svg = _open(chart_id, width, height, title, summary) + "".join(parts) + "</svg>"
    rows = tuple(
        (f"{name} (this area)" if name == highlight else name, _fmt(value, decimal_places))
        for name, value in ordered
    )
    return ChartWithData(
        mark_safe(svg),
        summary,
        ("Area", f"{period_label} ({unit})"),
        rows,
    )
