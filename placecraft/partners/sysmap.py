"""The system map: partners, missions, commitments and funding as a network.

One function builds the network a person may see (a fixed number of queries, whatever the size
of the place); the same network is drawn as SVG on the server, listed as tables on the page, and
exported as a Kumu JSON blueprint and as CSV node and edge lists.

The layout is deterministic, so the same data always gives the same picture: missions in a row
across the middle, partners on an ellipse around them in groups by kind (ordered by kind, then
name), and funding sources in a row underneath.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Min, Sum
from django.utils.safestring import SafeString, mark_safe

from placecraft.core.charts import FONT, category_marker
from placecraft.missions.models import Mission
from placecraft.partners import access
from placecraft.partners.models import Arrangement, CommitmentStatus, FundingLine, PartnerProfile
from placecraft.places.access import AnyUser
from placecraft.places.models import OrganisationKind, Place

KIND_ORDER = [value for value, _ in OrganisationKind.choices]
KIND_LABELS = dict(OrganisationKind.choices)


@dataclass(frozen=True)
class Node:
    key: str  # "mission:12", "organisation:4", "source:UK Shared Prosperity Fund"
    label: str
    type: str  # mission, partner, funding source
    kind: str = ""  # an organisation kind, for partners
    description: str = ""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    type: str  # commitment, interest, funding, contribution
    label: str = ""
    status: str = ""
    amount: Decimal | None = None
    currency: str = ""


@dataclass
class Network:
    missions: list[Node] = field(default_factory=list)
    partners: list[Node] = field(default_factory=list)
    sources: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    # True when there were too many partner–mission links to draw one by one, and partners
    # are shown as one node per kind instead (see ``build_network``).
    by_kind: bool = False

    @property
    def nodes(self) -> list[Node]:
        return self.missions + self.partners + self.sources

    def label_of(self, key: str) -> str:
        return next((n.label for n in self.nodes if n.key == key), key)


# The page draws each partner when there are at most this many partner–mission links; above it
# (a whole strategic authority: hundreds of partners, thousands of links) a picture of every
# link is unreadable and slow, so partners are grouped by kind until a mission or kind is chosen.
DETAIL_LIMIT = 300


def _commitment_edge(source: str, target: str, row: dict[str, Any], by: str) -> Edge:
    """One link for the commitments in ``row``: the commitment itself when there is one, else
    how many, with the money pledged when it is all in one currency."""
    n = row["n"]
    # The lowest and the highest currency are the same when there is only one.
    amount = row["amount"] if row["first_currency"] == row["last_currency"] else None
    currency = row["first_currency"] if amount is not None else ""
    if n == 1 and not by:
        status = CommitmentStatus(row["status"]).label
        return Edge(source, target, "commitment", row["title"], status, amount, currency)
    label = f"{n} commitments" + (f" by {by}" if by else "")
    return Edge(source, target, "commitment", label, "", amount, currency)


def build_network(
    user: AnyUser,
    place: Place,
    *,
    mission_slug: str = "",
    kind: str = "",
    limit: int | None = None,
    missions: list[Mission] | None = None,
) -> Network:
    """The network the person may see. Commitments are added up in the database, one link per
    partner and mission (its title and status when there is one commitment, the number and the
    money pledged when there are more). With ``limit`` (the page) and more links than that,
    partners are grouped into one node per kind; without it (the exports) every partner is kept.
    ``missions`` are the missions the person may see (``visible_missions``, with their slug,
    title and statement, by title), when the caller has read them already.
    """
    if missions is None:
        missions = visible_missions(user, place)
    if mission_slug:
        missions = [m for m in missions if m.slug == mission_slug]
    mission_ids = [m.pk for m in missions]
    network = Network(
        missions=[
            Node(f"mission:{m.pk}", m.title, "mission", description=m.statement) for m in missions
        ]
    )
    # The partner is always in the commitment's place: saying so lets the database read only
    # this place's organisations for their names and kinds.
    commitments = access.visible_commitments_to(user, place, mission_ids).filter(
        organisation__place=place
    )
    interests = PartnerProfile.missions_of_interest.through.objects.filter(
        mission_id__in=mission_ids, partnerprofile__organisation__place=place
    )
    if kind:
        commitments = commitments.filter(organisation__kind=kind)
        interests = interests.filter(partnerprofile__organisation__kind=kind)
    # Per kind of partner and mission first: small whatever the place's size, and the number of
    # partners in each adds up to the number of partner–mission links, which decides whether
    # each partner is drawn.
    per_kind = list(
        commitments.values("organisation__kind", "mission_id")
        .annotate(
            n=Count("*"),  # not of ids: everything this reads is in partners_co_totals_idx
            partners=Count("organisation_id", distinct=True),
            amount=Sum("pledged_amount"),
            first_currency=Min("currency"),
            last_currency=Max("currency"),
        )
        .order_by("organisation__kind", "mission_id")
    )
    interest_per_kind = list(
        interests.values("mission_id", org_kind=F("partnerprofile__organisation__kind"))
        .annotate(partners=Count("partnerprofile__organisation_id", distinct=True))
        .order_by("org_kind", "mission_id")
    )
    links = sum(r["partners"] for r in per_kind) + sum(r["partners"] for r in interest_per_kind)
    network.by_kind = limit is not None and links > limit
    organisations: dict[int, tuple[str, str]] = {}
    if network.by_kind:
        _by_kind(network, per_kind, interest_per_kind)
    else:
        pairs = (
            commitments.values(
                "organisation_id", "organisation__name", "organisation__kind", "mission_id"
            )
            .annotate(
                n=Count("id"),
                amount=Sum("pledged_amount"),
                first_currency=Min("currency"),
                last_currency=Max("currency"),
                title=Min("title"),
                status=Min("status"),
            )
            .order_by("organisation__name", "organisation_id", "mission_id")
        )
        committed: set[tuple[int, int]] = set()
        for row in pairs:
            organisations[row["organisation_id"]] = (
                row["organisation__name"],
                row["organisation__kind"],
            )
            committed.add((row["organisation_id"], row["mission_id"]))
            network.edges.append(
                _commitment_edge(
                    f"organisation:{row['organisation_id']}",
                    f"mission:{row['mission_id']}",
                    row,
                    "",
                )
            )
        wanted = (
            interests.values(
                "mission_id",
                org_id=F("partnerprofile__organisation_id"),
                org_name=F("partnerprofile__organisation__name"),
                org_kind=F("partnerprofile__organisation__kind"),
            )
            .distinct()
            .order_by("org_name", "org_id", "mission_id")
        )
        for interest in wanted:
            if (interest["org_id"], interest["mission_id"]) not in committed:
                organisations[interest["org_id"]] = (interest["org_name"], interest["org_kind"])
                network.edges.append(
                    Edge(
                        f"organisation:{interest['org_id']}",
                        f"mission:{interest['mission_id']}",
                        "interest",
                        "interested in",
                    )
                )
    # Funding as plain rows (each line, then its missions and its contributors through the
    # link tables): a place has hundreds of lines, and model instances with a related manager
    # for each cost more than the rows themselves.
    lines = list(
        access.visible_funding(user, place)
        .filter(missions__in=mission_ids)
        .distinct()
        .order_by("source", "name")
        .values_list("pk", "name", "source", "arrangement", "amount", "currency")
    )
    line_ids = [line[0] for line in lines]
    line_missions: dict[int, list[int]] = defaultdict(list)
    for line_id, mission_id in (
        FundingLine.missions.through.objects.filter(
            fundingline_id__in=line_ids, mission_id__in=mission_ids
        )
        .order_by("mission__title", "mission_id")
        .values_list("fundingline_id", "mission_id")
    ):
        line_missions[line_id].append(mission_id)
    line_contributors: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for line_id, org_id, org_name, org_kind in (
        FundingLine.contributors.through.objects.filter(fundingline_id__in=line_ids)
        .order_by("organisation__name", "organisation_id")
        .values_list(
            "fundingline_id", "organisation_id", "organisation__name", "organisation__kind"
        )
    ):
        line_contributors[line_id].append((org_id, org_name, org_kind))
    arrangements = dict(Arrangement.choices)
    sources: dict[str, Node] = {}
    kind_nodes: set[str] = set()
    for line_id, name, source, arrangement, amount, currency in lines:
        source_key = f"source:{source}"
        sources.setdefault(source_key, Node(source_key, source, "funding source"))
        for mission_id in line_missions[line_id]:
            network.edges.append(
                Edge(
                    source_key,
                    f"mission:{mission_id}",
                    "funding",
                    name,
                    arrangements.get(arrangement, arrangement),
                    amount,
                    currency,
                )
            )
        for org_id, org_name, org_kind in line_contributors[line_id]:
            if kind and org_kind != kind:
                continue
            if network.by_kind:
                key = f"kind:{org_kind}"
                if key not in kind_nodes and key not in {n.key for n in network.partners}:
                    kind_nodes.add(key)
                    network.partners.append(
                        Node(key, KIND_LABELS.get(org_kind, org_kind), "partners", org_kind)
                    )
            else:
                key = f"organisation:{org_id}"
                organisations[org_id] = (org_name, org_kind)
            network.edges.append(Edge(key, source_key, "contribution", name))
    network.sources = sorted(sources.values(), key=lambda n: n.label)
    if network.by_kind:
        network.partners.sort(key=lambda n: _kind_rank(n.kind))
    else:
        network.partners = [
            Node(f"organisation:{pk}", name, "partner", org_kind)
            for pk, (name, org_kind) in sorted(
                organisations.items(), key=lambda item: (_kind_rank(item[1][1]), item[1][0])
            )
        ]
    return network


def visible_missions(user: AnyUser, place: Place) -> list[Mission]:
    """The missions a map can show, with what it shows of them."""
    return list(
        access.visible_missions(user, place)
        .only("pk", "slug", "title", "statement")
        .order_by("title")
    )


def _kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else 99


def _partners(n: int) -> str:
    return f"{n} partner{'s' if n != 1 else ''}"


def _by_kind(
    network: Network, per_kind: list[dict[str, Any]], interest_per_kind: list[dict[str, Any]]
) -> None:
    """Partners grouped by kind: one node per kind, one link per kind and mission."""
    kinds = {r["organisation__kind"] for r in per_kind} | {r["org_kind"] for r in interest_per_kind}
    network.partners = [Node(f"kind:{k}", KIND_LABELS.get(k, k), "partners", k) for k in kinds]
    committed = set()
    for row in per_kind:
        committed.add((row["organisation__kind"], row["mission_id"]))
        network.edges.append(
            _commitment_edge(
                f"kind:{row['organisation__kind']}",
                f"mission:{row['mission_id']}",
                row,
                _partners(row["partners"]),
            )
        )
    for row in interest_per_kind:
        if (row["org_kind"], row["mission_id"]) not in committed:
            network.edges.append(
                Edge(
                    f"kind:{row['org_kind']}",
                    f"mission:{row['mission_id']}",
                    "interest",
                    f"{_partners(row['partners'])} interested",
                )
            )


# Drawing --------------------------------------------------------------------------------------

WIDTH = 1000
EDGE_STYLE = {
    "commitment": ("#0b0c0c", "", 1.6),
    "interest": ("#505a5f", "4 4", 1.0),
    "funding": ("#00703c", "2 3", 1.6),
    "contribution": ("#00703c", "8 3", 1.0),
}


def escape(text: object) -> str:
    """Django's ``escape`` without its wrapping for lazy text, which costs more than the
    escaping itself when a large map writes thousands of labels and cells."""
    return html.escape(str(text))


def _lines(text: str, width: int) -> list[str]:
    """``text`` wrapped to ``width`` characters, at most three lines; a longer text is cut
    short with an ellipsis (the caller keeps the full text in the label's title)."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > 3:
        out = out[:3]
        out[2] = out[2][: width - 1].rstrip(" ,;:") + "…"
    return out or [""]


def _text(x: float, y: float, text: str, anchor: str, width: int = 22, size: int = 12) -> str:
    lines = _lines(text, width)
    top = y - (len(lines) - 1) * size * 0.6
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + i * size * 1.2:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    # The full name, for screen readers and on hover, when the label shows less of it.
    full = f"<title>{escape(text)}</title>" if " ".join(lines) != " ".join(text.split()) else ""
    return (
        f'<text {FONT} font-size="{size}" text-anchor="{anchor}" fill="#0b0c0c">'
        f"{full}{spans}</text>"
    )


def layout(network: Network) -> tuple[dict[str, tuple[float, float]], float]:
    positions: dict[str, tuple[float, float]] = {}
    partners = network.partners
    rx = WIDTH / 2 - 190
    ry = max(150.0, min(420.0, 60 + 9 * len(partners)))
    cx, cy = WIDTH / 2, ry + 60
    groups: list[list[Node]] = []
    for node in partners:
        if groups and groups[-1][0].kind == node.kind:
            groups[-1].append(node)
        else:
            groups.append([node])
    slots = len(partners) + len(groups)  # an empty slot after each kind keeps groups apart
    slot = 0
    for group in groups:
        for node in group:
            angle = -math.pi / 2 + 2 * math.pi * (slot + 0.5) / max(slots, 1)
            positions[node.key] = (cx + rx * math.cos(angle), cy + ry * math.sin(angle))
            slot += 1
        slot += 1
    count = len(network.missions)
    span = rx * 1.3
    for i, node in enumerate(network.missions):
        x = cx if count == 1 else cx - span / 2 + span * i / (count - 1)
        positions[node.key] = (x, cy)
    bottom = cy + ry + 90
    sources = network.sources
    for i, node in enumerate(sources):
        columns = max(min(len(sources), 5), 1)
        row, col = divmod(i, columns)
        x = 110 + (WIDTH - 220) * (col + 0.5) / columns
        positions[node.key] = (x, bottom + row * 60)
    height = bottom + (math.ceil(len(sources) / 5) * 60 if sources else 0) + 20
    return positions, height


def kind_marker(kind: str, x: float, y: float) -> str:
    """Each kind of organisation has its own colour and its own shape."""
    return category_marker(_kind_rank(kind) % 99, x, y)


def draw(network: Network, *, title: str) -> SafeString:
    positions, height = layout(network)
    cx = WIDTH / 2
    parts: list[str] = []
    for edge in network.edges:
        if edge.source not in positions or edge.target not in positions:
            continue
        (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
        colour, dash, stroke = EDGE_STYLE.get(edge.type, ("#0b0c0c", "", 1.0))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{stroke}" stroke-opacity="0.7"{dash_attr}/>'
        )
    for node in network.partners:
        x, y = positions[node.key]
        parts.append(kind_marker(node.kind, x, y))
        anchor = "start" if x > cx + 5 else ("end" if x < cx - 5 else "middle")
        dx = 11 if anchor == "start" else (-11 if anchor == "end" else 0)
        parts.append(_text(x + dx, y + 4, node.label, anchor))
    for node in network.missions:
        x, y = positions[node.key]
        parts.append(
            f'<rect x="{x - 70:.1f}" y="{y - 28:.1f}" width="140" height="56" rx="4" '
            'fill="#ffffff" stroke="#1d70b8" stroke-width="3"/>'
        )
        parts.append(_text(x, y + 4, node.label, "middle", width=20))
    for node in network.sources:
        x, y = positions[node.key]
        parts.append(
            f'<rect x="{x - 8:.1f}" y="{y - 8:.1f}" width="16" height="16" fill="#00703c" '
            f'transform="rotate(45 {x:.1f} {y:.1f})"/>'
        )
        parts.append(_text(x, y + 26, node.label, "middle"))
    partners = (
        f"{len(network.partners)} kinds of partner around them"
        if network.by_kind
        else f"{len(network.partners)} partners around them grouped by kind"
    )
    description = (
        f"{len(network.missions)} missions in a row across the middle, {partners}, "
        f"{len(network.sources)} funding sources below, and {len(network.edges)} links. "
        "The tables below list the same links."
    )
    legend_kinds = sorted({n.kind for n in network.partners}, key=KIND_ORDER.index)
    legend = []
    y = height + 10
    for i, kind in enumerate(legend_kinds):
        col, row = i % 3, i // 3
        lx, ly = 20 + col * 330, y + row * 22
        legend.append(
            kind_marker(kind, lx + 7, ly)
            + f'<text {FONT} font-size="12" x="{lx + 20}" y="{ly + 4}" fill="#0b0c0c">'
            f"{escape(KIND_LABELS.get(kind, kind))}</text>"
        )
    y += math.ceil(len(legend_kinds) / 3) * 22 + 8
    for i, (kind, label) in enumerate(
        (
            ("commitment", "Commitment"),
            ("interest", "Interest"),
            ("funding", "Funding"),
            ("contribution", "Pays into"),
        )
    ):
        colour, dash, stroke = EDGE_STYLE[kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        lx = 20 + i * 240
        legend.append(
            f'<line x1="{lx}" y1="{y}" x2="{lx + 36}" y2="{y}" stroke="{colour}" '
            f'stroke-width="{stroke + 1}"{dash_attr}/>'
            f'<text {FONT} font-size="12" x="{lx + 44}" y="{y + 4}" fill="#0b0c0c">{label}</text>'
        )
    total_height = int(y + 20)
    return mark_safe(  # every piece of text above is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart app-system-map" role="img" '
        f'viewBox="0 0 {WIDTH} {total_height}" width="{WIDTH}" height="{total_height}" '
        f'aria-labelledby="system-map-title system-map-desc" id="system-map">'
        f'<title id="system-map-title">{escape(title)}</title>'
        f'<desc id="system-map-desc">{escape(description)}</desc>'
        + "".join(parts)
        + "".join(legend)
        + "</svg>"
    )


def link_rows(network: Network, money: dict[int, str]) -> SafeString:
    """The rows of the links table, the map's text equivalent. It can run to hundreds of rows,
    so they are written here like the picture rather than through a template row by row.
    ``money`` holds each edge's amount already formatted, by ``id(edge)``."""
    labels = {node.key: escape(node.label) for node in network.nodes}
    cell = '</td><td class="govuk-table__cell">'
    rows = []
    for edge in network.edges:
        detail = edge.label
        if edge.status:
            detail += f" ({edge.status.lower()})"
        if id(edge) in money:
            detail += f", {money[id(edge)]}"
        rows.append(
            '<tr class="govuk-table__row"><td class="govuk-table__cell">'
            f"{labels.get(edge.source, '')}{cell}{escape(edge.type.capitalize())}{cell}"
            f"{labels.get(edge.target, '')}{cell}{escape(detail)}</td></tr>"
        )
    return mark_safe("".join(rows))  # every cell is escaped


# Exports --------------------------------------------------------------------------------------


def _unique_labels(network: Network) -> dict[str, str]:
    seen: dict[str, int] = defaultdict(int)
    for node in network.nodes:
        seen[node.label] += 1
    return {
        node.key: node.label if seen[node.label] == 1 else f"{node.label} ({node.type})"
        for node in network.nodes
    }


def kumu_blueprint(network: Network) -> dict[str, Any]:
    """Kumu's JSON import format: elements by label, connections from label to label."""
    labels = _unique_labels(network)
    elements = []
    for node in network.nodes:
        element: dict[str, Any] = {
            "label": labels[node.key],
            "type": node.type.title(),
            "description": node.description,
        }
        if node.kind:
            element["tags"] = [KIND_LABELS.get(node.kind, node.kind)]
        elements.append(element)
    connections = []
    for edge in network.edges:
        connection: dict[str, Any] = {
            "from": labels.get(edge.source, edge.source),
            "to": labels.get(edge.target, edge.target),
            "type": edge.type.title(),
            "label": edge.label,
        }
        if edge.status:
            connection["status"] = edge.status
        if edge.amount is not None:
            connection["amount"] = float(edge.amount)
            connection["currency"] = edge.currency
        connections.append(connection)
    return {"elements": elements, "connections": connections}


NODE_HEADER = ["id", "label", "type", "kind"]
EDGE_HEADER = ["from", "to", "type", "label", "status", "amount", "currency"]


def node_rows(network: Network) -> list[list[str]]:
    return [
        [n.key, n.label, n.type, KIND_LABELS.get(n.kind, n.kind) if n.kind else ""]
        for n in network.nodes
    ]


def edge_rows(network: Network) -> list[list[str]]:
    return [
        [
            e.source,
            e.target,
            e.type,
            e.label,
            e.status,
            "" if e.amount is None else f"{e.amount}",
            e.currency,
        ]
        for e in network.edges
    ]
