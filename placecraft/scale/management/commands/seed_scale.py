"""Generate a place at realistic scale for benchmarks: ``seed_scale --profile
strategic-authority [--factor N] [--place SLUG]``. Prints the place's id last."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from placecraft.places.models import Place
from placecraft.scale import (
    budgeting,
    community,
    frameworks,
    impact,
    missions,
    partners,
    spine,
    sprints,
)
from placecraft.scale.context import Scale, Timer

# In dependency order: later domains point at missions, sprints and people made earlier.
DOMAINS = (
    ("spine", spine.seed),
    ("missions and evidence", missions.seed),
    ("frameworks", frameworks.seed),
    ("sprints and openness", sprints.seed),
    ("partners", partners.seed),
    ("budgeting", budgeting.seed),
    ("panels and community", community.seed),
    ("impact", impact.seed),
)


class Command(BaseCommand):
    help = "Generate a place at the scale of a whole strategic authority (for benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--profile", choices=["strategic-authority"], required=True)
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="Scales every count: 0.1 for a quick run, 10 for stress.",
        )
        parser.add_argument("--place", default="", help="Slug of the place to create.")
        parser.add_argument("--seed", type=int, default=11, help="Random seed.")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="When the place already exists, print its id and change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        factor: float = options["factor"]
        if factor <= 0:
            raise CommandError("--factor must be more than zero.")
        slug = options["place"] or f"scale-{str(factor).replace('.', '-')}"
        existing = Place.objects.filter(slug=slug).first()
        if existing is not None:
            if options["if_missing"]:
                self.stdout.write(str(existing.pk))
                return
            raise CommandError(f"A place with the slug {slug!r} exists already.")

        def say(text: str) -> None:
            self.stdout.write(text)
            self.stdout.flush()

        started = time.perf_counter()
        # All or nothing: a seeding that fails half way leaves no half-built place behind.
        with transaction.atomic():
            place = spine.create_place(slug=slug, name=f"Scaleshire ×{factor:g}")
            scale = Scale(place=place, factor=factor, rng=random.Random(options["seed"]), say=say)  # noqa: S311 - made-up data, seeded to be repeatable
            for label, seed in DOMAINS:
                with Timer(say, label):
                    seed(scale)
        if connection.vendor == "postgresql":
            # Bulk loads leave the planner's statistics and the visibility map behind;
            # autovacuum would catch up some time later, and until then plans are wrong and
            # index-only scans read the table (so the benchmark measures a database no
            # running site has). VACUUM cannot run inside a transaction (a test's, say).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with Timer(say, f"planner statistics ({command})"), connection.cursor() as cursor:
                cursor.execute(command)
        say(f"Seeded {slug} (factor {factor:g}) in {time.perf_counter() - started:.0f} s")
        self.stdout.write(str(place.pk))
