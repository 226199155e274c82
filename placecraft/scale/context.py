"""What every domain seeder shares: the place being built, the counts scaled by the factor, a
seeded random generator, and fast bulk inserts."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db import connection, models

# The profile's counts at factor 1 (issue 11): a strategic authority with a dozen councils.
STRATEGIC_AUTHORITY: dict[str, int] = {
    "councils": 12,
    "partners": 800,
    "people": 5_000,
    "missions": 60,
    "indicators": 300,
    "observations": 1_000_000,
    "sprints": 200,
    "weeknotes": 10_000,
    "stories": 2_000,
    "events": 100,
    "champions": 200,
    "commitments": 20_000,
    "survey_responses": 20_000,
    "pb_projects": 100,
    "ballots": 100_000,
    "panel_pool": 5_000,
    "grants": 1_000,
    "contracts": 100,
    "funding_lines": 100,
    "ideas": 2_000,
    "risks": 300,
}

# Parts of the structure that do not grow with the factor (a dozen councils stay a dozen), and
# floors so that even a tiny factor has enough of everything for every page to have content.
FIXED = {"councils"}
MINIMUM = {"missions": 6, "indicators": 6, "sprints": 4, "pb_projects": 10, "events": 3}

BATCH = 2_000


@dataclass
class Scale:
    place: Any
    factor: float
    rng: random.Random
    say: Callable[[str], None]
    counts: dict[str, int] = field(default_factory=lambda: dict(STRATEGIC_AUTHORITY))
    authority: Any = None
    councils: list[Any] = field(default_factory=list)
    partners: list[Any] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    # Member ids by organisation id, so authors and owners are people who belong there.
    members: dict[int, list[int]] = field(default_factory=dict)
    named: dict[str, Any] = field(default_factory=dict)
    other_place: Any = None
    other_org: Any = None
    missions: list[Any] = field(default_factory=list)
    flagship: Any = None
    indicators: list[Any] = field(default_factory=list)
    sprints: list[Any] = field(default_factory=list)
    today: date = field(default_factory=date.today)

    def n(self, key: str, minimum: int = 1) -> int:
        """The profile's count for ``key`` at this factor (never below ``minimum``)."""
        if key in FIXED:
            return self.counts[key]
        return max(minimum, MINIMUM.get(key, 1), round(self.counts[key] * self.factor))

    @property
    def public_authorities(self) -> list[Any]:
        return [self.authority, *self.councils]

    @property
    def organisations(self) -> list[Any]:
        return [self.authority, *self.councils, *self.partners]

    def member_of(self, organisation_id: int) -> int | None:
        ids = self.members.get(organisation_id)
        return self.rng.choice(ids) if ids else None

    def days_ago(self, most: int) -> date:
        return self.today - timedelta(days=self.rng.randint(0, most))

    def models(self, app_label: str, *names: str) -> tuple[Any, ...] | None:
        """The app's models, or None (with a printed note) when the app or a model is missing,
        so the seeder works while apps are still being written."""
        if not apps.is_installed(f"placecraft.{app_label}"):
            self.say(f"  skipped: the {app_label} app is not installed")
            return None
        found = []
        for name in names:
            try:
                found.append(apps.get_model(app_label, name))
            except LookupError:
                self.say(f"  skipped: {app_label} has no {name} model")
                return None
        return tuple(found)


def insert(model: type[models.Model], objects: Iterable[models.Model]) -> list[Any]:
    """bulk_create in batches; returns the objects (with primary keys on PostgreSQL and SQLite)."""
    made: list[Any] = []
    batch: list[models.Model] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH:
            made.extend(model._default_manager.bulk_create(batch))
            batch = []
    if batch:
        made.extend(model._default_manager.bulk_create(batch))
    return made


def copy_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert rows that nothing else points at (observations, answers, ballots).

    PostgreSQL's COPY is several times faster than INSERT for a million rows; elsewhere the rows
    go through bulk_create. ``rows`` hold Python values in the order of ``fields``; JSON fields
    take already-encoded JSON text, which COPY hands to the column's type as it is.
    """
    meta = model._meta
    columns = [str(meta.get_field(name).column) for name in fields]  # type: ignore[union-attr]
    count = 0
    if connection.vendor == "postgresql":
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        sql = f"COPY {connection.ops.quote_name(str(meta.db_table))} ({quoted}) FROM STDIN"
        # Django's cursor wrapper passes copy() through to psycopg's cursor.
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    import json

    json_fields = {
        i for i, name in enumerate(fields) if isinstance(meta.get_field(name), models.JSONField)
    }

    def build(row: Sequence[Any]) -> models.Model:
        values = {
            name: json.loads(value) if i in json_fields else value
            for i, (name, value) in enumerate(zip(fields, row, strict=True))
        }
        return model(**values)

    for obj in insert(model, (build(row) for row in rows)):
        del obj
        count += 1
    return count


class Timer:
    """Prints how long each domain took, so slow parts of the seeding are visible."""

    def __init__(self, say: Callable[[str], None], label: str) -> None:
        self.say = say
        self.label = label

    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        self.say(f"{self.label}…")
        return self

    def __exit__(self, *exc: object) -> None:
        self.say(f"  {self.label}: {time.perf_counter() - self.start:.1f} s")


WORDS = [
    "active",
    "travel",
    "healthy",
    "homes",
    "warm",
    "streets",
    "clean",
    "air",
    "green",
    "jobs",
    "good",
    "work",
    "young",
    "people",
    "safe",
    "nights",
    "food",
    "security",
    "digital",
    "skills",
    "river",
    "valley",
    "town",
    "centre",
    "community",
    "energy",
    "social",
    "care",
    "early",
    "years",
    "reading",
    "nature",
    "recovery",
    "bus",
    "network",
    "housing",
    "retrofit",
    "wellbeing",
    "net",
    "zero",
    "high",
    "street",
    "health",
    "equity",
    "carers",
    "learning",
]


def title(rng: random.Random, words: int = 3) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def paragraph(rng: random.Random, sentences: int = 3) -> str:
    return " ".join(f"{title(rng, rng.randint(6, 12))}." for _ in range(sentences))
