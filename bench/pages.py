"""Benchmark: every page in the page registry, against a place made by ``seed_scale``.

For each registry entry (signed-in and public) it requests the page through the Django test
client, ``--repeat`` times after two warm-up requests, and records the median and 95th
percentile server time and the number of database queries of one warm request. The registry's
``args(world)`` run against a ``World`` built from the scale place and its named users; the
objects they create (``world.once``) are rolled back at the end, so the database is left as it
was and the run can be repeated.

Public pages are measured with the page cache off: the table shows what rendering costs, which
is what every first visitor after a change waits for. (``bench/throughput.py`` measures the
cache.)

    DJANGO_SETTINGS_MODULE=bench_settings PYTHONPATH=bench DATABASE_URL=postgres://... \\
        .venv/bin/python bench/pages.py --place scale-1-0 [--repeat 40] [--json out.json]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import logging
import os
import pstats
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")

import django

django.setup()
# A page answering 403 or 404 is reported in the table; its log lines would only bury it.
logging.getLogger("django.request").setLevel(logging.CRITICAL)

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from placecraft.core.startup import settle  # noqa: E402
from placecraft.core.tests.registry import pages  # noqa: E402
from placecraft.places.models import Organisation, Place  # noqa: E402
from placecraft.scale.spine import NAMED  # noqa: E402
from placecraft.testing import World  # noqa: E402


class Rollback(Exception):
    pass


def scale_world(slug: str) -> World:
    from placecraft.accounts.models import User

    place = Place.objects.get(slug=slug)
    orgs = Organisation.objects.filter(place__slug__in=[slug, f"{slug}-else"])
    by_slug = {(o.place_id, o.slug): o for o in orgs}
    other_place = Place.objects.get(slug=f"{slug}-else")
    domain = f"{slug}.scale.example"
    users = {key: User.objects.get(email=f"{key.replace('_', '-')}@{domain}") for key in NAMED}
    world = World(
        place=place,
        other_place=other_place,
        council=by_slug[(place.pk, "council-01")],
        authority=by_slug[(place.pk, "combined-authority")],
        partner=by_slug[(place.pk, "partner-0001")],
        other_org=by_slug[(other_place.pk, "elsewhere-council")],
        users=users,
    )
    # The registry's factories make small objects of their own; for the pages the issue cares
    # about most, hand them the big generated ones instead, so the mission, indicator and sprint
    # pages are measured with a strategic authority's data behind them.
    from placecraft.evidence.models import Indicator
    from placecraft.missions.models import Mission
    from placecraft.sprints.models import Sprint

    world._made["public_mission"] = Mission.objects.get(place=place, slug="mission-001")
    world._made["public_indicator"] = Indicator.objects.get(place=place, slug="indicator-001")
    world._made["public_sprint"] = Sprint.objects.get(place=place, slug="sprint-001")
    return world


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def profile(client: Client, url: str, lines: int) -> None:
    """Print where one request's time goes (cumulative), to find what to fix."""
    profiler = cProfile.Profile()
    profiler.runcall(client.get, url)
    print(f"\n--- profile of {url}")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(lines)


def measure(world: World, repeat: int, only: str, profile_lines: int = 0) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    clients: dict[str, Client] = {}
    for index, page in enumerate(pages()):
        if only and not any(part in page.url_name for part in only.split(",")):
            continue
        row: dict[str, Any] = {
            "index": index,
            "page": page.url_name + page.query,
            "user": page.user,
            "budget": page.max_queries,
        }
        results.append(row)
        try:
            url = reverse(page.url_name, args=page.args(world)) + page.query
            row["url"] = url
            if page.user not in clients:
                client = Client()
                if page.user != "anonymous":
                    client.force_login(world.users[page.user])
                clients[page.user] = client
            client = clients[page.user]
            for _ in range(2):
                client.get(url)
            # What the warm-up loaded (modules imported on first use, say) is collected now,
            # not in the middle of a timed request: a server that has been up a while has
            # loaded it long ago.
            gc.collect()
            with CaptureQueriesContext(connection) as context:
                response = client.get(url)
            row["status"] = response.status_code
            row["queries"] = len(context.captured_queries)
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            row["median_ms"] = statistics.median(times)
            row["p95_ms"] = percentile(times, 95)
            if profile_lines:
                profile(client, url, profile_lines)
        except Exception as error:  # one broken page must not stop the bench
            row["status"] = "error"
            row["error"] = f"{type(error).__name__}: {error}"
            traceback.print_exc(limit=3, file=sys.stderr)
    return results


def print_table(rows: list[dict[str, Any]], title: str) -> None:
    print(f"\n{title}")
    print(f"{'page':38} {'user':15} {'status':>6} {'queries':>7} {'median ms':>9} {'p95 ms':>8}")
    for r in rows:
        flag = ""
        if isinstance(r.get("queries"), int) and r["queries"] > r["budget"]:
            flag += f"  over budget ({r['budget']})"
        if r.get("status") not in (200, None):
            flag += f"  {r.get('error', '')}"[:90]
        print(
            f"{r['page'][:38]:38} {r['user']:15} {r.get('status', ''):>6} "
            f"{r.get('queries', ''):>7} {r.get('median_ms', 0):9.1f} "
            f"{r.get('p95_ms', 0):8.1f}{flag}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--place", required=True)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument(
        "--only",
        default="",
        help="Only pages whose URL name contains this (or any of these, comma-separated).",
    )
    parser.add_argument("--json", help="Write the results to this file.")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="Print each page's top N functions."
    )
    options = parser.parse_args()
    settle()  # as each app server does after loading (config/wsgi.py)
    results: list[dict[str, Any]] = []
    with override_settings(PLACECRAFT_PAGE_CACHE_SECONDS=0):
        try:
            with transaction.atomic():
                world = scale_world(options.place)
                results = measure(world, options.repeat, options.only, options.profile)
                raise Rollback
        except Rollback:
            pass
    print_table(results, f"Registry pages on {options.place} ({options.repeat} requests each)")
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
