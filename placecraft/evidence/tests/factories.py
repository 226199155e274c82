from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from placecraft.evidence import services
from placecraft.evidence.models import (
    ImportStatus,
    Indicator,
    MissionIndicator,
    Observation,
    PendingImport,
)
from placecraft.evidence.periods import parse_period
from placecraft.missions.tests.factories import public_mission
from placecraft.testing import World


def make_indicator(
    world: World, slug: str = "wellbeing", *, visibility: str = "public", **extra: Any
) -> Indicator:
    data = {
        "name": extra.pop("name", "Life satisfaction"),
        "slug": slug,
        "definition": "Average rating from 0 to 10.",
        "unit": "score out of 10",
        "direction": "higher",
        "geography_level": "local-authority",
        "category": "wellbeing",
        "organisation": world.council,
        "visibility": visibility,
        "decimal_places": 2,
        **extra,
    }
    return services.create_indicator(actor=None, place=world.place, data=data)


def add_observations(indicator: Indicator, code: str, values: dict[str, float]) -> None:
    for text, value in values.items():
        period = parse_period(text)
        Observation.objects.create(
            indicator=indicator,
            geography_code=code,
            period=period.code,
            period_start=period.start,
            period_end=period.end,
            value=value,
        )


def public_indicator(world: World) -> Indicator:
    def build(w: World) -> Indicator:
        indicator = make_indicator(w)
        add_observations(indicator, "E06000001", {"2019": 7.1, "2020": 7.2, "2021": 7.4})
        add_observations(indicator, "E47000001", {"2019": 7.3, "2020": 7.3, "2021": 7.5})
        return indicator

    indicator: Indicator = world.once("public_indicator", build)
    return indicator


def private_indicator(world: World) -> Indicator:
    indicator: Indicator = world.once(
        "private_indicator",
        lambda w: make_indicator(w, "internal", visibility="private", name="Internal"),
    )
    return indicator


def mission_link(world: World) -> MissionIndicator:
    def build(w: World) -> MissionIndicator:
        return services.link_indicator(
            actor=None,
            mission=public_mission(w),
            indicator=public_indicator(w),
            data={
                "geography_code": "E06000001",
                "headline": True,
                "baseline_period": "2019",
                "baseline_value": 7.1,
            },
            targets=[("2030", 8.0)],
        )

    link: MissionIndicator = world.once("mission_link", build)
    return link


def pending_import(world: World) -> PendingImport:
    def build(w: World) -> PendingImport:
        pending = PendingImport(
            indicator=public_indicator(w),
            uploaded_by=w.users["council_admin"],
            original_name="x.csv",
            status=ImportStatus.CHECKED,
            row_count=1,
            rows_done=1,
            summary={
                "rows": 1,
                "added": 1,
                "replaced": 0,
                "geographies": 1,
                "first_period": "2022",
                "last_period": "2022",
                "preview": [
                    {
                        "row": 2,
                        "area": "E06000001",
                        "period": "2022",
                        "value": 7.6,
                        "lower": None,
                        "upper": None,
                    }
                ],
            },
        )
        pending.file.save(
            "matrix-test.csv",
            ContentFile(b"geography_code,period,value\nE06000001,2022,7.6\n"),
            save=True,
        )
        return pending

    pending: PendingImport = world.once("pending_import", build)
    return pending


def rejected_import(world: World) -> PendingImport:
    def build(w: World) -> PendingImport:
        return PendingImport.objects.create(
            indicator=public_indicator(w),
            uploaded_by=w.users["council_admin"],
            original_name="bad.csv",
            status=ImportStatus.REJECTED,
            row_count=40,
            rows_done=40,
            errors=[
                {"row": n, "message": f"The value “x{n}” is not a number."} for n in range(2, 32)
            ],
            error_count=40,
        )

    pending: PendingImport = world.once("rejected_import", build)
    return pending


def indicator_args(world: World) -> list[Any]:
    return [world.place.slug, public_indicator(world).slug]


def private_indicator_args(world: World) -> list[Any]:
    return [world.place.slug, private_indicator(world).slug]


def pending_args(world: World) -> list[Any]:
    return [world.place.slug, public_indicator(world).slug, pending_import(world).pk]


def rejected_args(world: World) -> list[Any]:
    return [world.place.slug, public_indicator(world).slug, rejected_import(world).pk]


def link_args(world: World) -> list[Any]:
    link = mission_link(world)
    return [world.place.slug, link.mission.slug, link.pk]


def mission_args(world: World) -> list[Any]:
    return [world.place.slug, mission_link(world).mission.slug]
