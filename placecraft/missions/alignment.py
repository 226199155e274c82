"""The alignment map: every mission in the place, what it contributes to, and the national
missions, drawn as a server-side SVG with the same content as a list beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from placecraft.missions.models import Mission, ReferenceOutcome
from placecraft.places.models import OrganisationKind

FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"'
BOX_W, BOX_H, GAP, TOP = 210, 48, 14, 40
COLUMNS_X = (10, 330, 650)
WIDTH = 870


@dataclass(frozen=True)
class MapRow:
    mission: Mission
    contributes_to: list[Mission]
    outcomes: list[ReferenceOutcome]


@dataclass(frozen=True)
class AlignmentMap:
    svg: SafeString
    rows: list[MapRow]
    summary: str


def _wrap(text: str, width: int = 28, lines: int = 2) -> list[str]:
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return out


def _box(x: float, y: float, text: str, fill: str, ink: str) -> str:
    lines = _wrap(text)
    first = y + BOX_H / 2 + 5 - (len(lines) - 1) * 8
    spans = "".join(
        f'<tspan x="{x + 10:.0f}" y="{first + i * 16:.0f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="{fill}" stroke="#0b0c0c"/>'  # noqa: E501
        f'<text {FONT} font-size="13" fill="{ink}">{spans}</text>'
    )


def build(
    missions: Sequence[Mission],
    links: Sequence[tuple[int, int]],
    outcomes: Sequence[ReferenceOutcome],
) -> AlignmentMap:
    by_id = {m.pk: m for m in missions}
    authority = [m for m in missions if m.organisation.kind == OrganisationKind.STRATEGIC_AUTHORITY]
    others = [m for m in missions if m.organisation.kind != OrganisationKind.STRATEGIC_AUTHORITY]
    positions: dict[object, tuple[float, float]] = {}
    parts: list[str] = []
    headings = (
        "Council and partner missions",
        "Strategic authority missions",
        "National missions and outcomes",
    )
    for x, heading in zip(COLUMNS_X, headings, strict=True):
        parts.append(
            f'<text {FONT} font-size="14" font-weight="bold" x="{x}" y="22" fill="#0b0c0c">{escape(heading)}</text>'  # noqa: E501
        )
    columns: list[list[object]] = [list(others), list(authority), list(outcomes)]
    for column, items in enumerate(columns):
        for row, item in enumerate(items):
            x, y = COLUMNS_X[column], TOP + row * (BOX_H + GAP)
            positions[("o", item.pk) if column == 2 else item.pk] = (x, y)  # type: ignore[attr-defined]
    edges: list[str] = []

    def arrow(start: tuple[float, float], end: tuple[float, float]) -> None:
        x1, y1 = start[0] + BOX_W, start[1] + BOX_H / 2
        x2, y2 = end[0], end[1] + BOX_H / 2
        if x2 <= x1:  # same column: loop round the right-hand side
            x2 = end[0] + BOX_W
            mid = x1 + 40
            edges.append(
                f'<path d="M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2 + 6:.0f},{y2:.0f}" '  # noqa: E501
                'fill="none" stroke="#505a5f" stroke-width="1.5" marker-end="url(#arrow)"/>'
            )
            return
        mid = (x1 + x2) / 2
        edges.append(
            f'<path d="M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2 - 6:.0f},{y2:.0f}" '  # noqa: E501
            'fill="none" stroke="#505a5f" stroke-width="1.5" marker-end="url(#arrow)"/>'
        )

    targets: dict[int, list[Mission]] = {}
    for from_id, to_id in links:
        if from_id in by_id and to_id in by_id:
            targets.setdefault(from_id, []).append(by_id[to_id])
            arrow(positions[from_id], positions[to_id])
    rows = []
    for mission in missions:
        mission_outcomes = list(mission.reference_outcomes.all())
        for outcome in mission_outcomes:
            if ("o", outcome.pk) in positions:
                arrow(positions[mission.pk], positions[("o", outcome.pk)])
        rows.append(
            MapRow(
                mission,
                sorted(targets.get(mission.pk, []), key=lambda m: m.title),
                mission_outcomes,
            )
        )
    for column, items in enumerate(columns):
        for item in items:
            key = ("o", item.pk) if column == 2 else item.pk  # type: ignore[attr-defined]
            bx, by = positions[key]
            fill, ink = (
                ("#ffffff", "#0b0c0c")
                if column == 2
                else ("#1d70b8", "#ffffff")
                if column == 1
                else ("#d2e2f1", "#0b0c0c")
            )
            parts.append(_box(bx, by, str(item), fill, ink))
    tallest = max((len(c) for c in columns), default=0)
    height = TOP + tallest * (BOX_H + GAP) + 10
    links_count = sum(len(r.contributes_to) + len(r.outcomes) for r in rows)
    summary = (
        f"{len(missions)} mission{'s' if len(missions) != 1 else ''} with {links_count} "
        f"contribution{'s' if links_count != 1 else ''} between them and to the national missions. "
        "The list below gives the same information."
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" viewBox="0 0 {WIDTH} {height}" '  # noqa: E501
        f'width="{WIDTH}" height="{height}" aria-labelledby="alignment-title alignment-desc">'
        '<title id="alignment-title">Alignment map</title>'
        f'<desc id="alignment-desc">{escape(summary)}</desc>'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '  # noqa: E501
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#505a5f"/></marker></defs>'
        + "".join(edges)
        + "".join(parts)
        + "</svg>"
    )
    return AlignmentMap(mark_safe(svg), rows, summary)
