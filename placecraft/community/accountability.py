"""You said, we did: for one mission, what residents proposed (ideas), what forums recommended and
which budget projects they chose, joined to what happened, with status and dates."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, overload

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

from placecraft.community.models import (
    Feedback,
    FeedbackStatus,
    Forum,
    ForumKind,
    Idea,
    IdeaResponse,
    IdeaStatus,
    Recommendation,
    ResponseStatus,
)
from placecraft.core import listing
from placecraft.missions.models import Mission
from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place


@dataclass(frozen=True)
class Row:
    kind: str  # "Idea", "Recommendation", "Budget project"
    title: str
    url: str
    said_on: date | datetime | None
    status: str
    what_happened: str
    updated_on: date | datetime | None


@dataclass(frozen=True)
class ShownRow:
    """A row as the table prints it, its dates and text written here rather than through a
    ``date`` and a ``linebreaksbr`` filter per cell: fifty rows of those were a good part of
    the page's time."""

    kind: str
    title: str
    url: str
    said_on: str
    status: str
    what_happened: SafeString
    updated_on: str  # "" when never


def _shown_rows(rows: Iterable[Row]) -> list[ShownRow]:
    return [
        ShownRow(
            row.kind,
            row.title,
            row.url,
            listing.short_date(row.said_on),
            row.status,
            # As ``linebreaksbr``: escaped, then each line break a <br>.
            mark_safe(escape(normalize_newlines(row.what_happened)).replace("\n", "<br>")),
            listing.short_date(row.updated_on),
        )
        for row in rows
    ]


#: Rows of the "you said, we did" table on one page: a budget round alone can bring a thousand.
PAGE_SIZE = 50


class _Rows:
    """Every row of the table, in order (ideas, then recommendations, then budget projects),
    without reading them: the paginator asks for the total and then for one slice, and only the
    kinds that slice reaches are read, each for its own part of it."""

    def __init__(self, parts: list[tuple[int, Callable[[int, int], list[Row]]]]) -> None:
        self.parts = parts

    def count(self) -> int:
        return sum(total for total, _ in self.parts)

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        rows: list[Row] = []
        offset = 0
        for total, read in self.parts:
            low, high = max(start - offset, 0), min(stop - offset, total)
            if low < high:
                rows += read(low, high)
            offset += total
        return rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self[0 : self.count()])


def you_said_we_did(
    user: AnyUser, place: Place, mission: Mission, page_number: str | None = None
) -> dict[str, Any]:
    ideas = (
        Idea.objects.filter(mission=mission, process__place=place, hidden_at__isnull=True)
        .filter(access.visible_q(user, place, "process__"))
        .order_by("-created_at", "-id")
    )
    recommendations = (
        Recommendation.objects.filter(mission=mission, forum__place=place)
        .filter(access.visible_q(user, place, "forum__"))
        .order_by("number", "id")
    )
    projects = _projects(user, place, mission)
    totals, counts = _counts(ideas, recommendations, projects)

    def idea_rows(low: int, high: int) -> list[Row]:
        # The latest response to each idea, read with the idea rather than every response.
        last = IdeaResponse.objects.filter(idea=OuterRef("pk")).order_by("-created_at", "-id")
        page = ideas.only("pk", "title", "status", "created_at").annotate(
            last_body=Subquery(last.values("body")[:1]),
            last_at=Subquery(last.values("created_at")[:1]),
        )[low:high]
        address = listing.address_for("idea_detail", place.slug)
        return [
            Row(
                "Idea",
                idea.title,
                address(idea.pk),
                idea.created_at,
                idea.get_status_display(),
                idea.last_body if idea.last_at else "No response yet.",
                idea.last_at,
            )
            for idea in page
        ]

    def recommendation_rows(low: int, high: int) -> list[Row]:
        page = recommendations.select_related("forum").only(
            "number",
            "title",
            "made_on",
            "status",
            "response",
            "responded_at",
            "forum__title",
        )[low:high]
        address = listing.address_for("forum_detail", place.slug)
        return [
            Row(
                "Recommendation",
                f"{rec.forum.title}: {rec.title}",
                address(rec.forum_id) + f"#rec-{rec.number}",
                rec.made_on,
                rec.get_status_display(),
                rec.response or "The council has not responded yet.",
                rec.responded_at,
            )
            for rec in page
        ]

    def project_rows(low: int, high: int) -> list[Row]:
        return _budget_rows(place, projects[low:high])

    rows = _Rows(
        [
            (totals["idea"], idea_rows),
            (totals["recommendation"], recommendation_rows),
            (totals["project"], project_rows),
        ]
    )
    page: Page[Row] = Paginator(rows, PAGE_SIZE).get_page(page_number)
    # Published and hidden feedback in one read, split here: moderators see both lists.
    updates = list(
        mission.updates.order_by("-published_at").prefetch_related(
            Prefetch(
                "feedback",
                queryset=Feedback.objects.filter(
                    status__in=[FeedbackStatus.PUBLISHED, FeedbackStatus.HIDDEN]
                ).select_related("author"),
                to_attr="shown_feedback",
            ),
        )[:10]
    )
    for update in updates:
        shown = update.shown_feedback
        update.published_feedback = [f for f in shown if f.status == FeedbackStatus.PUBLISHED]  # type: ignore[attr-defined]
        update.hidden_feedback = [f for f in shown if f.status == FeedbackStatus.HIDDEN]  # type: ignore[attr-defined]
    forums = list(
        Forum.objects.filter(place=place, missions=mission, kind=ForumKind.ACCOUNTABILITY).filter(
            access.visible_q(user, place)
        )
    )
    return {
        "rows": _shown_rows(page.object_list),
        "page": page,
        "total": page.paginator.count,
        "updates": updates,
        "forums": forums,
        "counts": sorted(counts.items()),
    }


def _counts(
    ideas: QuerySet[Idea], recommendations: QuerySet[Recommendation], projects: QuerySet[Any]
) -> tuple[dict[str, int], dict[str, int]]:
    """How many rows of each kind, and of each status, counted in the database in one query
    (a budget project's status is its main result, or its round's phase until it has one)."""
    from placecraft.budgeting.models import Phase

    # A typed null: PostgreSQL takes an untyped parameter for text and refuses the union.
    no_result = Cast(Value(None), BooleanField())
    parts = [
        ideas.order_by()
        .annotate(kind=Value("idea"), key=F("status"), chosen=no_result)
        .values("kind", "key", "chosen")
        .annotate(n=Count("pk")),
        recommendations.order_by()
        .annotate(kind=Value("recommendation"), key=F("status"), chosen=no_result)
        .values("kind", "key", "chosen")
        .annotate(n=Count("pk")),
        projects.order_by()
        .annotate(kind=Value("project"), key=F("round__phase"), chosen=F("main_selected"))
        .values("kind", "key", "chosen")
        .annotate(n=Count("pk")),
    ]
    labels = {
        "idea": dict(IdeaStatus.choices),
        "recommendation": dict(ResponseStatus.choices),
        "project": dict(Phase.choices),
    }
    totals = {"idea": 0, "recommendation": 0, "project": 0}
    counts: dict[str, int] = {}
    for row in parts[0].union(*parts[1:], all=True):
        kind, key, chosen, n = row["kind"], row["key"], row["chosen"], row["n"]
        totals[kind] += n
        if chosen is None:
            status = str(labels[kind].get(key, key))
        else:
            status = "Funded" if chosen else "Not funded"
        counts[status] = counts.get(status, 0) + n
    return totals, counts


def _projects(user: AnyUser, place: Place, mission: Mission) -> QuerySet[Any]:
    """Projects in participatory budgets that serve the mission, with their main result."""
    from placecraft.budgeting.models import Project, ProjectResult

    main = ProjectResult.objects.filter(project=OuterRef("pk"), is_main=True)
    return (
        Project.objects.filter(round__missions=mission, round__place=place)
        .filter(access.visible_q(user, place, "round__"))
        .annotate(main_selected=Subquery(main.values("selected")[:1]))
        .order_by("round_id", "reference", "id")
    )


def _budget_rows(place: Place, projects: QuerySet[Any]) -> list[Row]:
    from placecraft.budgeting.models import ProjectResult

    main = ProjectResult.objects.filter(project=OuterRef("pk"), is_main=True)
    page = (
        projects.select_related("round")
        .only("title", "created_at", "round__phase", "round__counted_at")
        .annotate(main_reason=Subquery(main.values("reason")[:1]))
    )
    address = listing.address_for("pb_round_detail", place.slug)
    rows = []
    for project in page:
        selected = project.main_selected
        if selected is None:
            status = project.round.get_phase_display()
            happened = "Voting and counting are not finished."
        else:
            status, happened = ("Funded" if selected else "Not funded"), project.main_reason
        rows.append(
            Row(
                "Budget project",
                project.title,
                address(project.round_id),
                project.created_at,
                status,
                happened,
                project.round.counted_at,
            )
        )
    return rows
