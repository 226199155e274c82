"""The access matrix, extended to the API: every operation in the OpenAPI document is called with
tokens that must not reach the fixture place's non-public work.

- oscar's token (a user of another place) and rita's token restricted to her own small
  organisation get 404 for objects only their owners may see, see no more than an anonymous
  caller in lists and public objects, and cannot write (403 or 404, never 2xx);
- without a token a write is refused with 401, and rita's read-only token gets 403;
- rita's unrestricted tokens show the same calls do reach the objects: her read token sees each
  private object, and her write token's writes succeed.

The walk is driven by the document: an operation without a row in MATRIX fails, so a new
endpoint is not covered by accident.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from placecraft.api.api import api
from placecraft.api.tokens import create_token
from placecraft.budgeting.tests.factories import close_and_count, make_round
from placecraft.community.tests.factories import private_idea
from placecraft.evidence.tests.factories import add_observations, private_indicator
from placecraft.impact.tests.factories import make_learning, make_risk
from placecraft.missions.models import ProgressUpdate
from placecraft.missions.tests.factories import private_mission, public_mission
from placecraft.openness.tests.factories import (
    make_event,
    make_story,
    make_weeknote,
    private_champion,
)
from placecraft.panels.tests.factories import private_panel
from placecraft.partners.tests.factories import private_commitment
from placecraft.places.models import Membership, Organisation, Role
from placecraft.sprints.tests.factories import private_sprint
from placecraft.testing import World, make_user

PREFIX = "/api/v1"
Params = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Op:
    """How to call one operation: its path parameters (made from the world, creating the
    non-public objects it should not reveal), whether the object named is one only its owners
    may see, and for writes a valid body (so a refusal is about access, not the input)."""

    params: Params
    private: bool = False
    body: Callable[[World], Any] | None = None
    # For lists: the titles of non-public objects in it, which only their owners may read.
    hidden: Callable[[World], list[str]] | None = None
    owner_sees_hidden: bool = True


def place(world: World) -> dict[str, Any]:
    return {"place": world.place.slug}


def listing(*makers: Callable[[World], Any], owner_sees_hidden: bool = True) -> Op:
    """A list in the fixture place, with non-public objects in it that must stay out.
    ``owner_sees_hidden`` is False where the list never shows such objects, even to owners."""

    def hidden(world: World) -> list[str]:
        return [getattr(obj, "title", None) or obj.name for obj in (m(world) for m in makers)]

    return Op(
        lambda w: (hidden(w), place(w))[1], hidden=hidden, owner_sees_hidden=owner_sees_hidden
    )


def private_round(world: World) -> Any:
    return world.once("private_round", lambda w: make_round(w, visibility="private"))


def counted_private_round(world: World) -> Any:
    return world.once("counted_round", lambda w: close_and_count(w, private_round(w)))


def private_weeknote(world: World) -> Any:
    return world.once(
        "private_weeknote", lambda w: make_weeknote(w, "Quiet week", visibility="private")
    )


def private_story(world: World) -> Any:
    return world.once("private_story", lambda w: make_story(w, "quiet-story", visibility="private"))


def private_event(world: World) -> Any:
    return world.once("private_event", lambda w: make_event(w, "quiet-event", visibility="private"))


def private_risk(world: World) -> Any:
    return world.once("private_risk", lambda w: make_risk(w))


def private_learning(world: World) -> Any:
    return world.once("private_learning", lambda w: make_learning(w))


def private_update(world: World) -> ProgressUpdate:
    update: ProgressUpdate = world.once(
        "private_update",
        lambda w: ProgressUpdate.objects.create(
            mission=private_mission(w), period_label="Q1", status="on-track", narrative="Quiet."
        ),
    )
    return update


def figures(world: World) -> Any:
    def build(w: World) -> Any:
        indicator = private_indicator(w)
        add_observations(indicator, "E06000001", {"2021": 1.0, "2022": 2.0})
        return indicator

    return world.once("private_figures", build)


def with_place(**values: Callable[[World], Any]) -> Params:
    return lambda w: {**place(w), **{name: make(w) for name, make in values.items()}}


def pk(make: Callable[[World], Any]) -> Callable[[World], Any]:
    return lambda w: make(w).pk


def slug(make: Callable[[World], Any]) -> Callable[[World], Any]:
    return lambda w: make(w).slug


def soon(days: int, hours: int = 0) -> str:
    return (timezone.now() + timedelta(days=days, hours=hours)).isoformat()


NEW_MISSION = {
    "title": "By the API",
    "statement": "A statement.",
    "ambition": "An ambition.",
    "horizon_year": 2035,
    "owner": "northgate",
}
UPDATE = {"period_label": "Q2", "status": "on-track", "narrative": "Going well."}


MATRIX: dict[tuple[str, str], Op] = {
    # Places and organisations are public.
    ("GET", "/places"): Op(lambda w: {}),
    ("GET", "/places/{place}"): Op(place),
    ("GET", "/places/{place}/organisations"): Op(place),
    ("GET", "/places/{place}/organisations/{org}"): Op(with_place(org=lambda w: "northgate")),
    # Partners and commitments.
    ("GET", "/places/{place}/partners"): listing(private_mission, owner_sees_hidden=False),
    ("GET", "/places/{place}/partners/{org}"): Op(
        lambda w: {**place(w), "org": (private_mission(w), "northgate")[1]}
    ),
    ("GET", "/places/{place}/commitments"): listing(private_commitment),
    ("POST", "/places/{place}/commitments"): Op(
        lambda w: (public_mission(w), place(w))[1],
        body=lambda w: {"partner": "helping-hands", "mission": "moving-freely", "title": "API"},
    ),
    ("GET", "/places/{place}/commitments/{pk}"): Op(
        with_place(pk=pk(private_commitment)), private=True
    ),
    ("PATCH", "/places/{place}/commitments/{pk}"): Op(
        with_place(pk=pk(private_commitment)), body=lambda w: {"title": "Changed"}
    ),
    ("POST", "/places/{place}/commitments/{pk}/updates"): Op(
        with_place(pk=pk(private_commitment)),
        body=lambda w: {"status": "active", "progress": "On our way."},
    ),
    # Sprints.
    ("GET", "/places/{place}/sprints"): listing(private_sprint),
    ("GET", "/places/{place}/sprints/{slug}"): Op(
        with_place(slug=slug(private_sprint)), private=True
    ),
    ("GET", "/places/{place}/learning"): listing(private_sprint, owner_sees_hidden=False),
    # Working in the open.
    ("GET", "/places/{place}/weeknotes"): listing(private_weeknote),
    ("POST", "/places/{place}/weeknotes"): Op(
        place,
        body=lambda w: {
            "organisation": "northgate",
            "title": "By the API",
            "body": "We met.",
            "week_of": "2025-01-06",
        },
    ),
    ("GET", "/places/{place}/weeknotes/{pk}"): Op(
        with_place(pk=pk(private_weeknote)), private=True
    ),
    ("PATCH", "/places/{place}/weeknotes/{pk}"): Op(
        with_place(pk=pk(private_weeknote)), body=lambda w: {"title": "Changed"}
    ),
    ("GET", "/places/{place}/stories"): listing(private_story),
    ("GET", "/places/{place}/stories/{slug}"): Op(
        with_place(slug=slug(private_story)), private=True
    ),
    ("GET", "/places/{place}/events"): listing(private_event),
    ("POST", "/places/{place}/events"): Op(
        place,
        body=lambda w: {
            "organisation": "northgate",
            "title": "Open meeting",
            "summary": "Come along.",
            "starts_at": soon(20),
            "ends_at": soon(20, 2),
            "venue": "Town hall",
        },
    ),
    ("GET", "/places/{place}/events/{slug}"): Op(
        with_place(slug=slug(private_event)), private=True
    ),
    ("GET", "/places/{place}/champions"): listing(private_champion),
    # Participatory budgets.
    ("GET", "/places/{place}/budgets"): listing(private_round),
    ("GET", "/places/{place}/budgets/{pk}"): Op(with_place(pk=pk(private_round)), private=True),
    ("GET", "/places/{place}/budgets/{pk}/projects"): Op(
        with_place(pk=pk(private_round)), private=True
    ),
    ("GET", "/places/{place}/budgets/{pk}/results"): Op(
        with_place(pk=pk(counted_private_round)), private=True
    ),
    # Impact.
    ("GET", "/places/{place}/risks"): listing(private_risk),
    ("GET", "/places/{place}/risks/{pk}"): Op(with_place(pk=pk(private_risk)), private=True),
    ("GET", "/places/{place}/learning-log"): listing(private_learning),
    ("GET", "/places/{place}/learning-log/{pk}"): Op(
        with_place(pk=pk(private_learning)), private=True
    ),
    # Community.
    ("GET", "/places/{place}/ideas"): listing(private_idea),
    ("GET", "/places/{place}/ideas/{pk}"): Op(with_place(pk=pk(private_idea)), private=True),
    ("GET", "/places/{place}/panels/{pk}"): Op(with_place(pk=pk(private_panel)), private=True),
    ("GET", "/places/{place}/recommendations"): listing(private_idea, owner_sees_hidden=False),
    # Missions and their progress updates.
    ("GET", "/places/{place}/missions"): listing(private_mission),
    ("POST", "/places/{place}/missions"): Op(place, body=lambda w: NEW_MISSION),
    ("GET", "/places/{place}/missions/{slug}"): Op(
        with_place(slug=slug(private_mission)), private=True
    ),
    ("PATCH", "/places/{place}/missions/{slug}"): Op(
        with_place(slug=slug(private_mission)), body=lambda w: {"title": "Changed"}
    ),
    ("POST", "/places/{place}/missions/{slug}/status"): Op(
        with_place(slug=slug(private_mission)), body=lambda w: {"status": "scoping"}
    ),
    ("GET", "/places/{place}/missions/{slug}/updates"): Op(
        with_place(slug=lambda w: private_update(w).mission.slug), private=True
    ),
    ("POST", "/places/{place}/missions/{slug}/updates"): Op(
        with_place(slug=slug(private_mission)), body=lambda w: UPDATE
    ),
    ("GET", "/places/{place}/missions/{slug}/updates/{pk}"): Op(
        with_place(slug=lambda w: private_update(w).mission.slug, pk=pk(private_update)),
        private=True,
    ),
    # Indicators and observations.
    ("GET", "/places/{place}/indicators"): listing(private_indicator),
    ("GET", "/places/{place}/indicators/{slug}"): Op(
        with_place(slug=slug(private_indicator)), private=True
    ),
    ("GET", "/places/{place}/indicators/{slug}/observations"): Op(
        with_place(slug=slug(figures)), private=True
    ),
    ("POST", "/places/{place}/indicators/{slug}/observations"): Op(
        with_place(slug=slug(private_indicator)),
        body=lambda w: [{"geography_code": "E06000001", "period": "2023", "value": 3}],
    ),
}


def documented() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path.removeprefix(PREFIX))
        for path, operations in schema["paths"].items()
        for method in operations
    )


def test_the_matrix_has_a_row_for_exactly_the_documented_operations():
    operations = set(documented())
    missing = sorted(operations - set(MATRIX))
    stale = sorted(set(MATRIX) - operations)
    assert not missing, f"Operations with no row in the API access matrix: {missing}"
    assert not stale, f"Rows for operations that are no longer documented: {stale}"


def test_operation_names_are_unique():
    """Each operation's URL is named after its function (``api:<name>``): two functions with one
    name in different apps make ``reverse`` find the wrong endpoint."""
    names = [
        operation.view_func.__name__
        for _, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    ]
    assert len(names) == len(documented())
    assert sorted({n for n in names if names.count(n) > 1}) == []


@dataclass
class Tokens:
    other_place: dict[str, str]
    other_organisation: dict[str, str]
    owner_read: dict[str, str]
    owner_write: dict[str, str]


@pytest.fixture
def tokens(world: World) -> Tokens:
    """rita belongs to every organisation in the fixture place that owns something, and to a
    small one of her own; her restricted token acts only for that one."""
    rita = make_user("rita@example.org", "Rita Restricted")
    own = Organisation.objects.create(
        place=world.place, name="Rita's Bakery", slug="ritas-bakery", kind="sme"
    )
    for organisation in (world.council, world.partner, world.authority, own):
        Membership.objects.create(user=rita, organisation=organisation, role=Role.ADMIN)

    def bearer(user: Any, scope: str, organisation: Any = None) -> dict[str, str]:
        made = create_token(
            user=user, name="matrix", scope=scope, organisation=organisation, days=1
        )
        return {"HTTP_AUTHORIZATION": f"Bearer {made.secret}"}

    return Tokens(
        other_place=bearer(world.users["outsider"], "write"),
        other_organisation=bearer(rita, "write", own),
        owner_read=bearer(rita, "read"),
        owner_write=bearer(rita, "write"),
    )


def _call(client: Any, method: str, url: str, body: Any, auth: dict[str, str]) -> Any:
    if method == "GET":
        return client.get(url, **auth)
    return client.generic(method, url, json.dumps(body), content_type="application/json", **auth)


def _described(response: Any) -> str:
    return f"{response.status_code} {response.content[:300]!r}"


@pytest.mark.parametrize(
    ("method", "path"), documented(), ids=[f"{m} {p}" for m, p in documented()]
)
def test_other_places_and_organisations_are_kept_out(client, world, tokens, method, path):
    op = MATRIX.get((method, path))
    assert op is not None, f"{method} {path} has no row in the API access matrix (MATRIX)"
    url = PREFIX + path.format(**op.params(world))
    outsiders = {"other place": tokens.other_place, "other organisation": tokens.other_organisation}

    if method == "GET":
        anonymous = client.get(url)
        for who, auth in outsiders.items():
            response = client.get(url, **auth)
            if op.private:
                assert response.status_code == 404, f"{who}: {_described(response)}"
            else:
                # No more than the public sees.
                assert (response.status_code, response.json()) == (
                    anonymous.status_code,
                    anonymous.json(),
                ), who
        owner = client.get(url, **tokens.owner_read)
        if op.private:
            assert anonymous.status_code == 404, _described(anonymous)
            assert owner.status_code == 200, f"the owner's token: {_described(owner)}"
        else:
            assert anonymous.status_code == 200, _described(anonymous)
        for title in op.hidden(world) if op.hidden else []:
            # Nobody but the owners sees it listed (escaped as JSON writes it).
            text = json.dumps(title)[1:-1]
            assert text not in anonymous.content.decode(), f"{title!r} is listed publicly"
            if op.owner_sees_hidden:
                assert text in owner.content.decode(), f"{title!r} is not listed for its owners"
        return

    assert op.body is not None, f"{method} {path} needs a body in the matrix"
    body = op.body(world)
    response = _call(client, method, url, body, {})
    assert response.status_code == 401, f"no token: {_described(response)}"
    response = _call(client, method, url, body, tokens.owner_read)
    assert response.status_code == 403, f"a read-only token: {_described(response)}"
    for who, auth in outsiders.items():
        response = _call(client, method, url, body, auth)
        assert response.status_code in (403, 404), f"{who}: {_described(response)}"
    response = _call(client, method, url, body, tokens.owner_write)
    assert 200 <= response.status_code < 300, f"the owner's write token: {_described(response)}"
