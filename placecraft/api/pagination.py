"""Pagination for API lists: ninja's limit and offset, with bounds.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)

ninja's own LimitOffsetPagination accepts any size of integer, and a large enough ``offset`` or
``limit`` overflows the database's integers (a 500 on SQLite and PostgreSQL alike). The bounds
here are far beyond any real list, and an out-of-range value is a 422 like any other bad input.
"""

from collections.abc import Callable
from typing import Any

from ninja import Field, Schema
from ninja.conf import settings
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class Mapped:
    """A sliceable, countable view of a queryset whose items are turned into output after
    slicing, so the paginator's LIMIT/OFFSET and COUNT still run in the database."""

    def __init__(self, queryset: Any, out: Callable[[Any], Any]) -> None:
        self.queryset = queryset
        self.out = out

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        items = self.queryset[index]
        if isinstance(index, slice):
            return [self.out(item) for item in items]
        return self.out(items)
