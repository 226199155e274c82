"""A mission's funding picture: money behind it by source, from its funding lines and the
grants and contracts linked to it, as a bar chart with the same figures in a table.

Amounts in different currencies are never added together: each (source, currency) is its own
row, and the chart shows the currency with the most money (the table shows every row).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from placecraft.core.charts import FONT
from placecraft.missions.models import Mission
from placecraft.partners import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place


@dataclass(frozen=True)
class SourceRow:
    source: str
    kind: str  # "Funding line", "Grants", "Contracts"
    currency: str
    amount: Decimal
    count: int


@dataclass(frozen=True)
class FundingPicture:
    rows: list[SourceRow]
    chart: SafeString | None
    chart_currency: str
    totals: dict[str, Decimal]


def funding_picture(user: AnyUser, place: Place, mission: Mission) -> FundingPicture:
    """Three aggregate queries, whatever the number of lines, grants and contracts."""
    rows: list[SourceRow] = []
    for item in (
        access.visible_funding(user, place)
        .filter(missions=mission)
        .values("source", "currency")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by("source", "currency")
    ):
        rows.append(
            SourceRow(item["source"], "Funding line", item["currency"], item["total"], item["n"])
        )
    for item in (
        access.visible_grants(user, place)
        .filter(mission_links__mission=mission)
        .values("funder_org_name", "currency")
        .annotate(total=Sum("amount_awarded"), n=Count("id"))
        .order_by("funder_org_name", "currency")
    ):
        rows.append(
            SourceRow(
                f"Grants from {item['funder_org_name']}",
                "Grants",
                item["currency"],
                item["total"],
                item["n"],
            )
        )
    for item in (
        access.visible_contracts(user, place)
        .filter(missions=mission, value_amount__isnull=False)
        .values("buyer_name", "currency")
        .annotate(total=Sum("value_amount"), n=Count("id"))
        .order_by("buyer_name", "currency")
    ):
        rows.append(
            SourceRow(
                f"Contracts let by {item['buyer_name'] or 'an unnamed buyer'}",
                "Contracts",
                item["currency"],
                item["total"],
                item["n"],
            )
        )
    rows.sort(key=lambda r: (-r.amount, r.source))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row.currency] += row.amount
    if not rows:
        return FundingPicture([], None, "", {})
    currency = max(totals, key=lambda c: totals[c])
    shown = [r for r in rows if r.currency == currency]
    chart = bar_chart(
        "funding-picture",
        [(r.source, float(r.amount)) for r in shown],
        currency=currency,
        title=f"Money behind {mission.title} by source ({currency})",
        description=f"A bar for each of {len(shown)} sources, longest first. "
        "The table below gives the same figures.",
    )
    return FundingPicture(rows, chart, currency, dict(totals))


def money(amount: float, currency: str) -> str:
    symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency, "")
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def bar_chart(
    chart_id: str,
    bars: list[tuple[str, float]],
    *,
    currency: str,
    title: str,
    description: str,
) -> SafeString:
    """Horizontal bars, labelled with their values, on a scale from zero."""
    width, left, right, bar, gap = 720, 260, 120, 24, 12
    top = 10
    height = top + len(bars) * (bar + gap) + 10
    largest = max((value for _, value in bars), default=0) or 1
    parts: list[str] = []
    for i, (label, value) in enumerate(bars):
        y = top + i * (bar + gap)
        length = (width - left - right) * value / largest
        text = label if len(label) <= 38 else label[:37] + "…"
        parts.append(
            f'<text {FONT} font-size="13" x="{left - 10}" y="{y + bar * 0.7:.1f}" '
            f'text-anchor="end" fill="#0b0c0c">{escape(text)}</text>'
            f'<rect x="{left}" y="{y}" width="{max(length, 1):.1f}" height="{bar}" fill="#1d70b8"/>'
            f'<text {FONT} font-size="13" x="{left + length + 6:.1f}" y="{y + bar * 0.7:.1f}" '
            f'fill="#0b0c0c">{escape(money(value, currency))}</text>'
        )
    return mark_safe(  # every piece of text above is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )
