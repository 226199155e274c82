"""The starter catalogue: definitions of beyond-GDP indicators and where their figures usually
come from. Definitions only — the catalogue holds no figures."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from placecraft.evidence.models import Category, Direction, Frequency, GeographyLevel

CATALOGUE_FILE = Path(__file__).resolve().parent / "catalogue" / "indicators.yaml"


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    definition: str
    unit: str
    direction: str
    category: str
    source: str
    source_url: str
    geography_level: str
    frequency: str
    decimal_places: int

    @property
    def category_label(self) -> str:
        return Category(self.category).label


@cache
def entries() -> tuple[Entry, ...]:
    with CATALOGUE_FILE.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    found: list[Entry] = []
    problems: list[str] = []
    for item in raw["indicators"]:
        entry = Entry(
            key=item["key"],
            name=item["name"],
            definition=" ".join(item["definition"].split()),
            unit=item["unit"],
            direction=item["direction"],
            category=item["category"],
            source=item["source"],
            source_url=item.get("source_url", ""),
            geography_level=item["geography_level"],
            frequency=item["frequency"],
            decimal_places=int(item.get("decimal_places", 1)),
        )
        for value, allowed, what in (
            (entry.direction, Direction.values, "direction"),
            (entry.category, Category.values, "category"),
            (entry.geography_level, GeographyLevel.values, "geography_level"),
            (entry.frequency, Frequency.values, "frequency"),
        ):
            if value not in allowed:
                problems.append(f"{entry.key}: {what} “{value}” is not one of {', '.join(allowed)}")
        found.append(entry)
    if problems:
        raise ValueError("Problems in the indicator catalogue:\n" + "\n".join(problems))
    return tuple(found)


def entry(key: str) -> Entry | None:
    return next((e for e in entries() if e.key == key), None)
