"""More than one machine: two independent app servers, one PostgreSQL, one Redis, two workers.

Starts two gunicorn masters (ports 8721 and 8722, two workers each) with the same
``DATABASE_URL`` and ``CACHE_URL``, and shows that

1. a session started on one server (a real sign-in through the login form) works on the other;
2. rate limits (``placecraft.core.ratelimit``, here the API's per-address limit) count requests
   to both servers together;
3. invalidating the page cache (an audited change, made by a third process) reaches both: both
   stop serving the cached page and show the change;
4. background tasks are claimed exactly once when two ``db_worker`` processes compete for them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/placecraft_bench \\
        .venv/bin/python bench/two_servers.py [--redis redis://127.0.0.1:6379/12]

It uses (and creates if needed) a small ``seed_scale`` place, ``two-servers``. It exits with
status 1 if any check fails. Everything it starts, it stops.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import (  # bench/ is not a package: found through sys.path
    DEFAULT_DATABASE_URL,
    bench_env,
    db_worker,
    ensure_database,
    gunicorn,
    manage,
)

PLACE = "two-servers"
RATE = 12  # API requests a minute per address, for this script only
TASKS = 40
failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


def opener(jar: http.cookiejar.CookieJar | None = None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [NoRedirect()]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def get(o: urllib.request.OpenerDirector, url: str) -> tuple[int, dict[str, str], str]:
    try:
        with o.open(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def sign_in(base: str, jar: http.cookiejar.CookieJar, email: str, password: str) -> int:
    o = opener(jar)
    _, _, page = get(o, f"{base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    data = urllib.parse.urlencode(
        {"login": email, "password": password, "csrfmiddlewaretoken": token[1] if token else ""}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    try:
        with o.open(request, timeout=30) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def sessions(a: str, b: str) -> None:
    print("1. A session started on one server works on the other")
    jar = http.cookiejar.CookieJar()
    status = sign_in(a, jar, f"council-member@{PLACE}.scale.example", "correct horse battery")
    check(status == 302, f"signed in on server A (answer {status}, a redirect)")
    status, _, page = get(opener(jar), f"{b}/dashboard/")
    check(status == 200 and "Charlie Council" in page, f"server B knows the person ({status})")
    status, _, _ = get(opener(), f"{b}/dashboard/")
    check(status == 302, f"without the cookie server B sends to sign-in ({status})")


def rate_limits(a: str, b: str) -> None:
    print(f"2. Rate limits count across both servers (API: {RATE} a minute per address)")
    # A fixed one-minute window: start early in one so the count cannot reset half way.
    if time.time() % 60 > 40:
        time.sleep(61 - time.time() % 60)
    statuses = [get(opener(), f"{(a, b)[i % 2]}/api/v1/places")[0] for i in range(RATE + 4)]
    allowed = statuses.count(200)
    check(
        allowed == RATE, f"{allowed} of {len(statuses)} answered, alternating A and B: {statuses}"
    )
    check(statuses[RATE:] == [429] * 4, "every request after the limit refused, on both servers")


def page_cache(env: dict[str, str], a: str, b: str) -> None:
    print("3. Page-cache invalidation reaches both servers")
    url = f"/p/{PLACE}/"
    for base in (a, b):
        get(opener(), base + url)
    hits = [get(opener(), base + url)[1].get("X-Page-Cache") for base in (a, b)]
    check(hits == ["hit", "hit"], f"the place home is served from the cache on both ({hits})")
    new_name = f"Council renamed {int(time.time())}"
    # An audited change made by a third process, as an editor on any server would make it.
    manage(
        env,
        "shell",
        "-c",
        "from placecraft.places.models import Organisation as O; "
        "from placecraft.places.services import update_organisation as u; "
        f"u(actor=None, organisation=O.objects.get(place__slug='{PLACE}', slug='council-01'), "
        f"data={{'name': '{new_name}'}})",
    )
    # A renders afresh (its cached copy belongs to the old version); B may then be served the
    # page A just cached under the new version, which already shows the change.
    for name, base in (("A", a), ("B", b)):
        _, headers, page = get(opener(), base + url)
        how = "from the cache" if headers.get("X-Page-Cache") == "hit" else "rendered afresh"
        check(new_name in page, f"server {name} shows the change at once ({how})")


def tasks(env: dict[str, str]) -> None:
    print(f"4. {TASKS} background tasks, two workers: each claimed and run exactly once")
    prefix = f"two-servers:{int(time.time())}"
    enqueue = (
        "import json; from bench_tasks import mark; "
        f"print(json.dumps([str(mark.enqueue('{prefix}:' + str(i)).id) for i in range({TASKS})]))"
    )
    with db_worker(env), db_worker(env):
        ids = json.loads(manage(env, "shell", "-c", enqueue).strip().splitlines()[-1])
        report = (
            "import json; from django_tasks_db.models import DBTaskResult as R; "
            "from django.core.cache import cache; "
            f"rows = list(R.objects.filter(id__in={ids!r}).values('status', 'worker_ids', 'args_kwargs')); "  # noqa: E501
            "print(json.dumps({'rows': rows, 'marks': [cache.get(r['args_kwargs']['args'][0]) "
            "for r in rows]}, default=str))"
        )
        deadline = time.monotonic() + 120
        while True:
            state = json.loads(manage(env, "shell", "-c", report).strip().splitlines()[-1])
            done = [r for r in state["rows"] if r["status"] in ("SUCCESSFUL", "SUCCEEDED")]
            if len(done) == TASKS or time.monotonic() > deadline:
                break
            time.sleep(1)
    workers = {w for r in state["rows"] for w in r["worker_ids"]}
    check(len(done) == TASKS, f"{len(done)} of {TASKS} tasks finished")
    check(all(len(r["worker_ids"]) == 1 for r in state["rows"]), "each claimed by one worker")
    check(state["marks"] == [1] * TASKS, f"each ran once (runs per task: {set(state['marks'])})")
    print(f"     shared between {len(workers)} workers")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    env = bench_env(
        database_url,
        CACHE_URL=options.redis,
        API_ANONYMOUS_RATE_PER_MINUTE=str(RATE),
        PAGE_CACHE_SECONDS="300",
    )
    ensure_database(database_url)
    manage(env, "migrate", "--no-input", "-v0")
    seed = "seed_scale --profile strategic-authority --factor 0.01 --if-missing --place"
    manage(env, *seed.split(), PLACE)
    with ExitStack() as stack:
        a = stack.enter_context(gunicorn(env, port=8721))
        b = stack.enter_context(gunicorn(env, port=8722))
        print(f"Two gunicorn masters: {a} and {b}, one database, cache {options.redis}")
        sessions(a, b)
        rate_limits(a, b)
        page_cache(env, a, b)
    tasks(env)
    print("All checks passed." if not failures else f"{len(failures)} checks FAILED.")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
