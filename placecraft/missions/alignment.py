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


def _arrow(start: tuple[float, float], end: tuple[float, float], label: str = "") -> str:
    x1, y1 = start[0] + BOX_W, start[1] + BOX_H / 2
    x2, y2 = end[0], end[1] + BOX_H / 2
    if x2 <= x1:  # same column: loop round the right-hand side
        x2, mid, tip = end[0] + BOX_W, x1 + 40, end[0] + BOX_W + 6
    else:
        mid, tip = (x1 + x2) / 2, x2 - 6
    path = (
        f'<path d="M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {tip:.0f},{y2:.0f}" '
        'fill="none" stroke="#505a5f" stroke-width="1.5" marker-end="url(#arrow)"/>'
    )
    if label:
        path += (
            f'<text {FONT} font-size="12" x="{mid:.0f}" y="{(y1 + y2) / 2 - 3:.0f}" '
            f'fill="#0b0c0c" text-anchor="middle">{escape(label)}</text>'
        )
    return path


def _svg(height: int, summary: str, body: str) -> SafeString:
    # Every text in the body was escaped where it was made.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" viewBox="0 0 {WIDTH} {height}" '  # noqa: E501
        f'width="{WIDTH}" height="{height}" aria-labelledby="alignment-title alignment-desc">'
        '<title id="alignment-title">Alignment map</title>'
        f'<desc id="alignment-desc">{escape(summary)}</desc>'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '  # noqa: E501
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#505a5f"/></marker></defs>'
        + body
        + "</svg>"
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Owner:
    """An organisation that owns missions, in the overview."""

    pk: int
    name: str
    slug: str
    kind: str
    missions: int
    #: (what it contributes to, how many links): other owners' names, then national missions
    to_owners: list[tuple[str, int]]
    to_outcomes: list[tuple[str, int]]


@dataclass(frozen=True)
class Overview:
    svg: SafeString
    owners: list[Owner]
    summary: str


def overview(
    owners: Sequence[tuple[int, str, str, str, int]],
    owner_links: Sequence[tuple[int, int, int]],
    outcome_links: Sequence[tuple[int, int, int]],
    outcomes: Sequence[ReferenceOutcome],
) -> Overview:
    """The map at the scale of organisations: a box for each organisation owning missions and
    each national mission, an arrow with the number of contributions between them. Drawn from
    counts, so its size follows the organisations, not the missions."""
    names = {pk: name for pk, name, _, _, _ in owners}
    titles = {o.pk: o.title for o in outcomes}
    to_owners: dict[int, list[tuple[str, int]]] = {}
    for source, target, n in owner_links:
        if source in names and target in names:
            to_owners.setdefault(source, []).append((names[target], n))
    to_outcomes: dict[int, list[tuple[str, int]]] = {}
    for source, outcome, n in outcome_links:
        if source in names and outcome in titles:
            to_outcomes.setdefault(source, []).append((titles[outcome], n))
    rows = [
        Owner(
            pk,
            name,
            slug,
            kind,
            n,
            sorted(to_owners.get(pk, [])),
            sorted(to_outcomes.get(pk, [])),
        )
        for pk, name, slug, kind, n in owners
    ]
    authority = [r for r in rows if r.kind == OrganisationKind.STRATEGIC_AUTHORITY]
    others = [r for r in rows if r.kind != OrganisationKind.STRATEGIC_AUTHORITY]
    positions: dict[object, tuple[float, float]] = {}
    parts: list[str] = []
    headings = ("Councils and partners", "Strategic authority", "National missions and outcomes")
    for x, heading in zip(COLUMNS_X, headings, strict=True):
        parts.append(
            f'<text {FONT} font-size="14" font-weight="bold" x="{x}" y="22" fill="#0b0c0c">{escape(heading)}</text>'  # noqa: E501
        )
    fills = (("#d2e2f1", "#0b0c0c"), ("#1d70b8", "#ffffff"), ("#ffffff", "#0b0c0c"))
    columns: list[list[tuple[object, str]]] = [
        [(r.pk, f"{r.name} ({_plural(r.missions, 'mission')})") for r in others],
        [(r.pk, f"{r.name} ({_plural(r.missions, 'mission')})") for r in authority],
        [(("o", o.pk), o.title) for o in outcomes],
    ]
    for column, items in enumerate(columns):
        for row, (key, text) in enumerate(items):
            x, y = COLUMNS_X[column], TOP + row * (BOX_H + GAP)
            positions[key] = (x, y)
            parts.append(_box(x, y, text, *fills[column]))
    edges: list[str] = []
    by_name = {r.name: r.pk for r in rows}
    by_title = {o.title: o.pk for o in outcomes}
    links = 0
    for r in rows:
        for name, n in r.to_owners:
            edges.append(_arrow(positions[r.pk], positions[by_name[name]], str(n)))
            links += n
        for title, n in r.to_outcomes:
            edges.append(_arrow(positions[r.pk], positions[("o", by_title[title])], str(n)))
            links += n
    tallest = max((len(c) for c in columns), default=0)
    height = TOP + tallest * (BOX_H + GAP) + 10
    missions = sum(r.missions for r in rows)
    summary = (
        f"{_plural(missions, 'mission')} of {_plural(len(rows), 'organisation')}, with "
        f"{_plural(links, 'contribution')} between them and to the national missions; each "
        "arrow is labelled with its number of contributions. The list below gives the same "
        "information."
    )
    return Overview(_svg(height, summary, "".join(edges) + "".join(parts)), rows, summary)


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
        edges.append(_arrow(start, end))

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
    return AlignmentMap(_svg(height, summary, "".join(edges) + "".join(parts)), rows, summary)
