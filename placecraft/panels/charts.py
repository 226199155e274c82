"""Make-up charts: shares of groups in two or three populations side by side (a panel against its
pool and the place's population; the people who took part against the population). SVG drawn on
the server, always shown with a table of the same figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from placecraft.core.charts import DASHES, FONT, PALETTE


@dataclass(frozen=True)
class Group:
    feature: str
    value: str
    shares: tuple[float | None, ...]  # percentages, one per series; None where not known


def share_bars(
    chart_id: str,
    series: Sequence[str],
    groups: Sequence[Group],
    *,
    title: str,
    description: str,
) -> SafeString:
    """One block per group with one horizontal bar per series, on a 0–100% scale. Bars differ by
    colour and by outline pattern, and every bar is labelled with its figure."""
    label_width, plot_width, bar, gap, right = 220, 330, 14, 12, 70
    width = label_width + plot_width + right
    legend_height = 24 * len(series) + 10
    parts: list[str] = []
    for i, name in enumerate(series):
        y = 10 + i * 24
        dash = DASHES[i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="24" height="{bar}" '
            f'fill="{PALETTE[i % len(PALETTE)]}" stroke="#0b0c0c"{dash_attr}/>'
            f'<text {FONT} font-size="13" x="{label_width + 32}" y="{y + 12}" fill="#0b0c0c">'
            f"{escape(name)}</text>"
        )
    y = legend_height + 10
    feature = None
    for group in groups:
        if group.feature != feature:
            feature = group.feature
            parts.append(
                f'<text {FONT} font-size="14" font-weight="bold" x="0" y="{y + 14}" '
                f'fill="#0b0c0c">{escape(feature)}</text>'
            )
            y += 24
        block = len(series) * bar
        parts.append(
            f'<text {FONT} font-size="13" x="{label_width - 8}" y="{y + block / 2 + 4:.0f}" '
            f'text-anchor="end" fill="#0b0c0c">{escape(group.value)}</text>'
        )
        for i, share in enumerate(group.shares):
            top = y + i * bar
            if share is None:
                parts.append(
                    f'<text {FONT} font-size="11" x="{label_width + 4}" y="{top + 11}" '
                    f'fill="#505a5f">no figure</text>'
                )
                continue
            length = plot_width * max(0.0, min(share, 100.0)) / 100
            dash = DASHES[i % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<rect x="{label_width}" y="{top}" width="{length:.1f}" height="{bar - 2}" '
                f'fill="{PALETTE[i % len(PALETTE)]}" stroke="#0b0c0c" stroke-width="0.5"'
                f"{dash_attr}/>"
                f'<text {FONT} font-size="11" x="{label_width + length + 4:.1f}" y="{top + 11}" '
                f'fill="#0b0c0c">{share:.1f}%</text>'
            )
        y += block + gap
    height = int(y + 10)
    parts.append(
        f'<line x1="{label_width}" y1="{legend_height}" x2="{label_width}" y2="{height - 10}" '
        f'stroke="#0b0c0c"/>'
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )
    return mark_safe(svg)  # every piece of text above is escaped


def shares(
    counts: dict[tuple[str, str], int], totals: dict[str, int]
) -> dict[tuple[str, str], float]:
    """Counts by (feature, value) as percentages of each feature's total."""
    return {
        key: (100 * n / totals[key[0]]) if totals.get(key[0]) else 0.0 for key, n in counts.items()
    }
