"""API endpoints for indicators and their observations, added to /api/v1 with ``api.add_router``.

(No ``from __future__ import annotations`` here: django-ninja reads the real annotations.)

Reads go through the same access functions as the pages. Posting observations needs a write
token from a contributor of the indicator's owner, and goes through the importer itself
(``importer.import_rows``): every check (GSS codes, periods, numbers, duplicates), the
all-or-nothing transaction, the replacing of figures by area and period, and the audit entry are
exactly those of an uploaded file. Problems are numbered by item, from 1.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from placecraft.api.auth import require_write
from placecraft.api.filters import GeographyCode, Slug, UpdatedSince
from placecraft.api.pagination import BoundedLimitOffsetPagination
from placecraft.api.schemas import Error
from placecraft.evidence import access, importer
from placecraft.evidence.models import Category, Indicator, Observation
from placecraft.evidence.periods import PeriodError, parse_period
from placecraft.places import access as places_access

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    slug: str
    name: str
    definition: str
    unit: str
    direction: str
    source: str
    source_url: str
    geography_level: str
    frequency: str
    category: str
    decimal_places: int
    owner: str
    visibility: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_owner(obj: Indicator) -> str:
        return obj.organisation.slug


class ObservationOut(Schema):
    geography_code: str
    period: str
    period_start: date
    period_end: date
    value: float
    lower: float | None
    upper: float | None


class ObservationIn(Schema):
    """One figure, as one row of the CSV import. Numbers may also be sent as strings, as they
    would be in a CSV cell; either way they are checked as the importer checks them."""

    geography_code: str
    period: str
    value: float | str
    lower: float | str | None = None
    upper: float | str | None = None


class ImportOut(Schema):
    rows: int
    added: int
    replaced: int
    geographies: int
    first_period: str
    last_period: str


class ImportInvalid(Schema):
    """Items the importer refuses give ``{"item", "message"}``, numbered from 1; JSON that does
    not fit the input schema gives pydantic's ``{"loc", "msg"}``."""

    detail: str
    errors: list[dict[str, Any]]


# Indicators ---------------------------------------------------------------------------------


@router.get("/places/{place}/indicators", response=list[IndicatorOut])
@paginate(BoundedLimitOffsetPagination)
def list_indicators(
    request: HttpRequest,
    place: Slug,
    category: Category | None = None,
    updated_since: UpdatedSince | None = None,
) -> Any:
    indicators = access.visible_indicators(
        request.user, places_access.get_place(place)
    ).select_related("organisation")
    if category:
        indicators = indicators.filter(category=category)
    if updated_since:
        indicators = indicators.filter(updated_at__gte=updated_since)
    return indicators.order_by("name", "pk")


@router.get("/places/{place}/indicators/{slug}", response={200: IndicatorOut, 404: Error})
def get_indicator(request: HttpRequest, place: Slug, slug: Slug) -> Any:
    return access.get_indicator(request.user, places_access.get_place(place), slug)


# Observations -------------------------------------------------------------------------------


@router.get(
    "/places/{place}/indicators/{slug}/observations",
    response=list[ObservationOut],
    tags=["observations"],
)
@paginate(BoundedLimitOffsetPagination)
def list_observations(
    request: HttpRequest,
    place: Slug,
    slug: Slug,
    geography_code: GeographyCode | None = None,
    period: str | None = None,
) -> Any:
    """Figures in time order for each area. ``period`` takes any form the importer accepts
    (2023, 2023-04, 2023-Q2, 2023/24)."""
    indicator = access.get_indicator(request.user, places_access.get_place(place), slug)
    observations = Observation.objects.filter(indicator=indicator)
    if geography_code:
        observations = observations.filter(geography_code=geography_code.strip().upper())
    if period:
        try:
            observations = observations.filter(period=parse_period(period).code)
        except PeriodError as problem:
            raise ValidationError(str(problem)) from None
    return observations.order_by("geography_code", "period_start", "period")


@router.post(
    "/places/{place}/indicators/{slug}/observations",
    response={200: ImportOut, 401: Error, 403: Error, 404: Error, 422: ImportInvalid},
    tags=["observations"],
)
def post_observations(
    request: HttpRequest, place: Slug, slug: Slug, payload: list[ObservationIn]
) -> Any:
    """Add figures, or replace those the indicator already has for the same area and period.
    All or nothing: if any item has a problem, nothing changes and every problem is listed."""
    require_write(request)
    indicator = access.get_indicator_for_editor(request.user, places_access.get_place(place), slug)
    if not payload:
        return Status(
            422,
            {
                "detail": "Send at least one observation.",
                "errors": [],
            },
        )
    try:
        result = importer.import_rows(
            indicator=indicator, rows=[item.dict() for item in payload], actor=request.user
        )
    except importer.ImportFailed as failure:
        total = failure.total
        problems = f"{total:,} problem{'s' if total != 1 else ''}"
        more = f" (the first {len(failure.errors)} are listed)" if failure.truncated else ""
        return Status(
            422,
            {
                "detail": f"Nothing was changed: {problems}{more}.",
                "errors": [
                    {"item": error.row, "message": error.message} for error in failure.errors
                ],
            },
        )
    return {
        "rows": result.rows,
        "added": result.added,
        "replaced": result.replaced,
        "geographies": result.geographies,
        "first_period": result.first_period,
        "last_period": result.last_period,
    }
