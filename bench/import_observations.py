"""Benchmark: import a 1,000,000-row observations CSV, beside PostgreSQL's own ``\\copy``.

Usage (PostgreSQL must be running; the benchmark uses a database of its own, created if absent)::

    createdb -h 127.0.0.1 -U postgres placecraft_bench_obs   # once (or let the script do it)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/placecraft_bench_obs \\
        .venv/bin/python bench/import_observations.py [--rows 1000000]

It writes a tidy CSV (geography_code,period,value,lower,upper: 10,000 areas × 100 quarters for a
million rows) to a temporary folder, then times

1. the web import's check (``import_observations(dry_run=True)``, recording progress on a
   PendingImport row as the background task does): parse and validate every row, COPY into a
   staging table, duplicate check, the preview figures; nothing written;
2. ``import_observations`` into an empty indicator (the same, then INSERT … ON CONFLICT into the
   observations table in one transaction), with progress recorded the same way;
3. the same file again: every figure is matched, and comes back unchanged (a refreshed series
   where little changed; unchanged figures are not rewritten);
4. the file with every value revised: every figure is matched and rewritten (the worst case of
   the re-import path);
5. ``psql -c "\\copy plain_table FROM file CSV HEADER"`` of the same rows into a plain table with
   no constraints or checks: the floor for getting these bytes into PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/placecraft_bench_obs"


def write_csv(path: Path, rows: int, shift: float = 0.0) -> None:
    areas = max(rows // 100, 1)
    with path.open("w", encoding="utf-8") as out:
        out.write("geography_code,period,value,lower,upper\n")
        written = 0
        for a in range(areas):
            code = f"E01{a + 1:06d}"
            for q in range(100):
                if written == rows:
                    return
                year, quarter = 2000 + q // 4, q % 4 + 1
                value = 50 + (a * 7 + q * 3) % 400 / 10 + shift
                out.write(
                    f"{code},{year}-Q{quarter},{value:.1f},{value - 1.5:.1f},{value + 1.5:.1f}\n"
                )
                written += 1


def ensure_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    env = {**os.environ, "PGPASSWORD": parts.password or ""}
    exists = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "psql",
            "-h",
            parts.hostname or "127.0.0.1",
            "-p",
            str(parts.port or 5432),
            "-U",
            parts.username or "postgres",
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",  # noqa: S608
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(  # noqa: S603
            [  # noqa: S607
                "createdb",
                "-h",
                parts.hostname or "127.0.0.1",
                "-p",
                str(parts.port or 5432),
                "-U",
                parts.username or "postgres",
                name,
            ],
            env=env,
            check=True,
        )


def psql_copy(url: str, path: Path) -> float:
    parts = urlsplit(url)
    env = {**os.environ, "PGPASSWORD": parts.password or ""}
    base = [
        "psql",
        "-h",
        parts.hostname or "127.0.0.1",
        "-p",
        str(parts.port or 5432),
        "-U",
        parts.username or "postgres",
        "-d",
        parts.path.lstrip("/"),
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
    ]
    subprocess.run(  # noqa: S603
        [
            *base,
            "-c",
            "DROP TABLE IF EXISTS bench_plain_observations; CREATE TABLE bench_plain_observations "
            "(geography_code text, period text, value double precision, lower double precision, upper double precision)",  # noqa: E501
        ],
        env=env,
        check=True,
    )
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [
            *base,
            "-c",
            f"\\copy bench_plain_observations FROM '{path}' WITH (FORMAT csv, HEADER true)",
        ],
        env=env,
        check=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of the benchmark's own.")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    from placecraft.accounts.models import User
    from placecraft.evidence.importer import import_observations
    from placecraft.evidence.models import Indicator, Observation, PendingImport
    from placecraft.evidence.services import progress_recorder
    from placecraft.places.models import Organisation, Place

    call_command("migrate", verbosity=0)
    place, _ = Place.objects.get_or_create(slug="bench", defaults={"name": "Benchmark"})
    org, _ = Organisation.objects.get_or_create(
        place=place, slug="bench-council", defaults={"name": "Bench", "kind": "council"}
    )
    indicator, _ = Indicator.objects.get_or_create(
        place=place,
        slug="bench-indicator",
        defaults={
            "organisation": org,
            "name": "Bench",
            "definition": "d",
            "unit": "%",
            "direction": "higher",
            "geography_level": "lsoa",
            "category": "health",
        },
    )
    Observation.objects.filter(indicator=indicator).delete()
    user, _ = User.objects.get_or_create(email="bench@example.org", defaults={"name": "Bench"})
    pending = PendingImport.objects.create(
        indicator=indicator, uploaded_by=user, original_name="bench.csv", status="checking"
    )
    progress = progress_recorder(pending.pk)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "observations.csv"
        started = time.perf_counter()
        write_csv(path, args.rows)
        size = path.stat().st_size
        print(
            f"Wrote {args.rows:,} rows ({size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"  # noqa: E501
        )
        with path.open("rb") as stream:
            check = import_observations(
                indicator=indicator, stream=stream, dry_run=True, progress=progress
            )
        print(f"check (dry run) with progress:      {check.seconds:6.1f} s  ({check.rows:,} rows)")
        with path.open("rb") as stream:
            first = import_observations(indicator=indicator, stream=stream, progress=progress)
        print(
            f"import_observations, new rows:      {first.seconds:6.1f} s  ({first.rows:,} rows, {first.added:,} new)"  # noqa: E501
        )
        with path.open("rb") as stream:
            again = import_observations(indicator=indicator, stream=stream, progress=progress)
        print(
            f"import_observations, same again:    {again.seconds:6.1f} s  ({again.replaced:,} matched, unchanged)"  # noqa: E501
        )
        revised = Path(folder) / "revised.csv"
        write_csv(revised, args.rows, shift=0.1)
        with revised.open("rb") as stream:
            changed = import_observations(indicator=indicator, stream=stream, progress=progress)
        print(
            f"import_observations, all revised:   {changed.seconds:6.1f} s  ({changed.replaced:,} replaced)"  # noqa: E501
        )
        copy_seconds = psql_copy(url, path)
        print(f"psql \\copy into a plain table:      {copy_seconds:6.1f} s")
        print(f"ratio (new rows / \\copy): {first.seconds / copy_seconds:.1f}×")
    pending.delete()


if __name__ == "__main__":
    main()
