"""Searching the learning log with plain database lookups, the same on SQLite and PostgreSQL.

Every word typed must appear somewhere in the entry (its title, the four questions, its source,
its mission or a theme), case-insensitively. Logs hold thousands of entries, not millions: a
full-text index would tie us to one database for no visible gain.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from placecraft.impact.models import LearningTags

SEARCH_FIELDS = (
    "title",
    "what_we_tried",
    "what_happened",
    "what_we_learned",
    "what_we_will_change",
    "log_tags__origin_label",
)


def search_learnings(queryset: Any, text: str) -> Any:
    """Every word must appear somewhere in the entry: plain ``icontains`` lookups, which work the
    same on SQLite and PostgreSQL."""
    for word in text.split()[:8]:
        q = Q()
        for name in SEARCH_FIELDS:
            q |= Q(**{f"{name}__icontains": word})
        q |= Q(
            pk__in=LearningTags.themes.through.objects.filter(theme__name__icontains=word).values(
                "learningtags__learning_id"
            )
        )
        queryset = queryset.filter(q)
    return queryset
