"""Parameter types shared by API operations.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)
"""

from datetime import UTC, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, StringConstraints


def _in_utc(value: datetime) -> datetime:
    """PostgreSQL refuses a UTC offset beyond ±15:59 (a 500), which ISO 8601 allows; the same
    moment in UTC is always accepted. A time without an offset is taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        # Beyond the first or last representable moment: the nearest one means the same here.
        offset = value.utcoffset() or timedelta()
        return (datetime.min if offset > timedelta() else datetime.max).replace(tzinfo=UTC)


UpdatedSince = Annotated[datetime, AfterValidator(_in_utc)]


# A slug as the pages make them. Checked here so that text no slug can hold (a NUL character,
# which PostgreSQL refuses in a query: a 500) is a 422 before it reaches the database.
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=100)]

# A geography code to filter by: letters and digits (GSS codes are a letter and eight digits).
GeographyCode = Annotated[str, StringConstraints(pattern=r"^\s*[A-Za-z0-9]*\s*$", max_length=20)]
