"""Test support shared by every app's tests: the named users and their world, the access matrix
and the page registry. Imported only by tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from placecraft.places.models import Membership, Organisation, Place, PlaceAdmin, Role

USERS = (
    "place_admin",
    "council_admin",
    "council_member",
    "partner_member",
    "resident",
    "outsider",
    "anonymous",
)


@dataclass
class World:
    """The fixture place, its organisations and the named users, plus objects that apps'
    matrix and registry entries create on demand with ``once``."""

    place: Any
    other_place: Any
    council: Any
    authority: Any
    partner: Any
    other_org: Any
    users: dict[str, Any]
    _made: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, factory: Callable[[World], Any]) -> Any:
        if key not in self._made:
            self._made[key] = factory(self)
        return self._made[key]


Args = Callable[[World], list[Any]]


def place_args(world: World) -> list[Any]:
    return [world.place.slug]


def no_args(world: World) -> list[Any]:
    return []


@dataclass(frozen=True)
class Access:
    """One row of the access matrix: a URL, and what each named user gets from it."""

    url_name: str
    args: Args
    expect: dict[str, int]
    method: str = "GET"
    data: Callable[[World], dict[str, Any]] | None = None


def expect(**statuses: int) -> dict[str, int]:
    missing = set(USERS) - set(statuses)
    extra = set(statuses) - set(USERS)
    if missing or extra:
        raise ValueError(
            f"State every user's status: missing {sorted(missing)}, unknown {sorted(extra)}"
        )
    return statuses


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(USERS, status)


def signed_in(status: int = 200, anonymous: int = 302) -> dict[str, int]:
    return {**dict.fromkeys(USERS, status), "anonymous": anonymous}


@dataclass(frozen=True)
class Page:
    """One page in the registry: checked with axe in Chromium and for its query count."""

    url_name: str
    args: Args
    user: str = "anonymous"
    max_queries: int = 15
    query: str = ""


@contextmanager
def count_queries() -> Iterator[CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as context:
        yield context


def assert_max_queries(client: Any, url: str, maximum: int) -> int:
    """Request ``url`` and fail, listing the queries, when it takes more than ``maximum``.

    A first, uncounted request warms the caches a real visitor would also find warm. The
    cache of whole public pages is turned off for the counted request: a page served from it
    runs no queries at all, so counting it would measure nothing."""
    client.get(url)
    with override_settings(PLACECRAFT_PAGE_CACHE_SECONDS=0), count_queries() as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    assert not response.has_header("X-Page-Cache"), f"{url} was served from the page cache"
    n = len(context.captured_queries)
    listing = "\n".join(q["sql"][:200] for q in context.captured_queries)
    assert n <= maximum, f"{url} ran {n} queries (budget {maximum}):\n{listing}"
    return n


def make_user(email: str, name: str) -> Any:
    from allauth.account.models import EmailAddress

    from placecraft.accounts.models import User

    user = User.objects.create_user(email=email, password="correct horse battery", name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def build_world() -> World:
    from allauth.mfa.models import Authenticator

    place = Place.objects.create(name="Testshire", slug="testshire", gss_codes=["E47000001"])
    other_place = Place.objects.create(name="Elsewhere", slug="elsewhere")
    authority = Organisation.objects.create(
        place=place,
        name="Testshire Combined Authority",
        slug="testshire-ca",
        kind="strategic-authority",
        gss_code="E47000001",
    )
    council = Organisation.objects.create(
        place=place,
        name="Northgate Council",
        slug="northgate",
        kind="council",
        gss_code="E06000001",
    )
    partner = Organisation.objects.create(
        place=place, name="Helping Hands", slug="helping-hands", kind="vcse"
    )
    other_org = Organisation.objects.create(
        place=other_place, name="Elsewhere Council", slug="elsewhere-council", kind="council"
    )
    users = {
        "place_admin": make_user("alice@example.org", "Alice Admin"),
        "council_admin": make_user("bob@example.org", "Bob Boss"),
        "council_member": make_user("charlie@example.org", "Charlie Council"),
        "partner_member": make_user("dana@example.org", "Dana Partner"),
        "resident": make_user("erin@example.org", "Erin Resident"),
        "outsider": make_user("oscar@example.org", "Oscar Outsider"),
    }
    PlaceAdmin.objects.create(place=place, user=users["place_admin"])
    # Place admins must have a second factor; alice has set hers up.
    Authenticator.objects.create(
        user=users["place_admin"], type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    Membership.objects.create(user=users["place_admin"], organisation=authority, role=Role.ADMIN)
    Membership.objects.create(user=users["council_admin"], organisation=council, role=Role.ADMIN)
    Membership.objects.create(
        user=users["council_member"], organisation=council, role=Role.CONTRIBUTOR
    )
    Membership.objects.create(user=users["partner_member"], organisation=partner, role=Role.ADMIN)
    Membership.objects.create(user=users["outsider"], organisation=other_org, role=Role.ADMIN)
    return World(
        place=place,
        other_place=other_place,
        council=council,
        authority=authority,
        partner=partner,
        other_org=other_org,
        users=users,
    )


def run_background_tasks() -> None:
    """Run every queued background task with django-tasks-db's own worker, then return.

    The worker command closes "old" database connections between tasks; inside a test's
    transaction on PostgreSQL that would close the test's own connection, so that step is
    switched off here (the claiming, running and recording are the worker's own)."""
    from unittest import mock

    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()
