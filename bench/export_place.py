"""Benchmark: ``export_place`` of a place holding 400,000 ballots, with its time and peak memory.

Usage (a database of the benchmark's own; SQLite by default, in a temporary folder)::

    .venv/bin/python bench/export_place.py [--ballots 400000] [--json]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/placecraft_bench_export \\
        .venv/bin/python bench/export_place.py

It migrates the database, builds the place quickly with bulk inserts (nine rounds, like nine
elections, of ten projects each; the ballots split between them, one in twenty cast by a signed-in
resident, the rest imported or on paper, so people come into the archive too), then runs
``manage.py export_place`` in a child process and reports its wall time and peak resident
memory (the child's maximum RSS), the archive's size and the number of objects it holds. A place
already built in the database is reused.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-ballots"
ROUNDS = 9
PROJECTS = 10
PAGE = 10_000


def build(ballots: int) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from placecraft.budgeting.models import Ballot
    from placecraft.places.models import Place

    place = Place.objects.filter(slug=SLUG).first()
    if place is not None:
        print(f"Reusing {SLUG}: {Ballot.objects.filter(round__place=place).count():,} ballots")
        return
    started = time.perf_counter()
    with transaction.atomic():
        made = _build(ballots, make_password(None))
    print(f"Built {SLUG}: {made:,} ballots in {time.perf_counter() - started:.1f} s")


def _build(ballots: int, password: str) -> int:
    from placecraft.accounts.models import User
    from placecraft.budgeting import services
    from placecraft.budgeting.models import Ballot, Project
    from placecraft.places.models import Organisation, Place

    place = Place.objects.create(name="Benchmark", slug=SLUG)
    council = Organisation.objects.create(
        place=place, name="Bench Council", slug="bench-council", kind="council"
    )
    voters = ballots // 20
    User.objects.bulk_create(
        (
            User(email=f"voter{n}@bench.example", name=f"Voter {n}", password=password)
            for n in range(voters)
        ),
        batch_size=PAGE,
    )
    voter_ids = list(
        User.objects.filter(email__endswith="@bench.example")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    per_round = -(-ballots // ROUNDS)
    made = 0
    for number in range(ROUNDS):
        round = services.create_round(
            actor=None,
            place=place,
            organisation=council,
            data={
                "title": f"Community budget {2016 + number}",
                "budget": Decimal(100_000),
                "visibility": "public",
                "area_name": "Bench",
                "areas": ["North", "South"],
                "max_choices": 3,
            },
        )
        projects = Project.objects.bulk_create(
            Project(
                round=round,
                title=f"Project {p} of {2016 + number}",
                reference=f"P{p + 1}",
                cost=5_000 + 1_000 * p,
                feasibility="feasible",
            )
            for p in range(PROJECTS)
        )
        ids = [p.pk for p in projects]
        count = min(per_round, ballots - made)
        Ballot.objects.bulk_create(
            (
                Ballot(
                    round=round,
                    channel="account" if n < len(voter_ids) // ROUNDS else "imported",
                    voter_id=voter_ids[number * (len(voter_ids) // ROUNDS) + n]
                    if n < len(voter_ids) // ROUNDS
                    else None,
                    external_id="" if n < len(voter_ids) // ROUNDS else f"v{n}",
                    projects=[ids[n % PROJECTS], ids[(n * 7 + 3) % PROJECTS]],
                    area="North" if n % 2 else "South",
                    confirmed_age=True,
                )
                for n in range(count)
            ),
            batch_size=PAGE,
        )
        made += count
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ballots", type=int, default=400_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="placecraft-bench-export-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres"):
        from import_observations import ensure_database  # the same folder

        ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    build(args.ballots)

    archive = Path(folder) / "place.zip"
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "export_place", SLUG, str(archive)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"export_place failed:\n{result.stderr}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    import zipfile

    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    figures = {
        "database": "postgresql" if url.startswith("postgres") else "sqlite",
        "ballots": manifest["counts"].get("budgeting.Ballot", 0),
        "objects": sum(manifest["counts"].values()),
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "archive_mb": round(archive.stat().st_size / 1e6, 1),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(result.stdout.strip())
        for key, value in figures.items():
            print(f"{key:>12}: {value}")
    archive.unlink()


if __name__ == "__main__":
    main()
