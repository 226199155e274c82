"""You said, we did: for one mission, what residents proposed (ideas), what forums recommended and
which budget projects they chose, joined to what happened, with status and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import OuterRef, Prefetch, Subquery

from placecraft.community.models import (
    Feedback,
    FeedbackStatus,
    Forum,
    ForumKind,
    Idea,
    IdeaResponse,
    Recommendation,
)
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


def you_said_we_did(user: AnyUser, place: Place, mission: Mission) -> dict[str, Any]:
    from django.urls import reverse

    # The latest response to each idea, read with the idea rather than every response.
    last_response = IdeaResponse.objects.filter(idea=OuterRef("pk")).order_by("-created_at", "-id")
    ideas = (
        Idea.objects.filter(mission=mission, process__place=place, hidden_at__isnull=True)
        .filter(access.visible_q(user, place, "process__"))
        .annotate(
            last_body=Subquery(last_response.values("body")[:1]),
            last_at=Subquery(last_response.values("created_at")[:1]),
        )
        .order_by("-created_at")
    )
    rows: list[Row] = []
    for idea in ideas:
        rows.append(
            Row(
                "Idea",
                idea.title,
                reverse("idea_detail", args=[place.slug, idea.pk]),
                idea.created_at,
                idea.get_status_display(),
                idea.last_body if idea.last_at else "No response yet.",
                idea.last_at,
            )
        )
    recommendations = (
        Recommendation.objects.filter(mission=mission, forum__place=place)
        .filter(access.visible_q(user, place, "forum__"))
        .select_related("forum")
    )
    for rec in recommendations:
        rows.append(
            Row(
                "Recommendation",
                f"{rec.forum.title}: {rec.title}",
                reverse("forum_detail", args=[place.slug, rec.forum_id]) + f"#rec-{rec.number}",
                rec.made_on,
                rec.get_status_display(),
                rec.response or "The council has not responded yet.",
                rec.responded_at,
            )
        )
    rows += _budget_rows(user, place, mission)
    # Published and hidden feedback in one read, split here: moderators see both lists.
    updates = list(
        mission.updates.order_by("-published_at").prefetch_related(
            Prefetch(
                "feedback",
                queryset=Feedback.objects.filter(
                    status__in=[FeedbackStatus.PUBLISHED, FeedbackStatus.HIDDEN]
                ),
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
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return {"rows": rows, "updates": updates, "forums": forums, "counts": sorted(counts.items())}


def _budget_rows(user: AnyUser, place: Place, mission: Mission) -> list[Row]:
    """Projects in participatory budgets that serve the mission, with their result."""
    from django.urls import reverse

    from placecraft.budgeting.models import Project, ProjectResult

    projects = (
        Project.objects.filter(round__missions=mission, round__place=place)
        .filter(access.visible_q(user, place, "round__"))
        .select_related("round")
        .prefetch_related(
            Prefetch("results", queryset=ProjectResult.objects.filter(is_main=True), to_attr="main")
        )
        .order_by("round_id", "reference")
    )
    rows = []
    for project in projects:
        result = project.main[0] if project.main else None
        status = (
            ("Funded" if result.selected else "Not funded")
            if result
            else project.round.get_phase_display()
        )
        rows.append(
            Row(
                "Budget project",
                project.title,
                reverse("pb_round_detail", args=[place.slug, project.round_id]),
                project.created_at,
                status,
                result.reason if result else "Voting and counting are not finished.",
                project.round.counted_at,
            )
        )
    return rows
