"""Input a client can send that once made the API answer 500 (issue #10), tried on every GET
operation in the OpenAPI document, so an endpoint added later is covered without changes here:

- ``offset`` or ``limit`` beyond the database's integers;
- ``updated_since`` with a UTC offset PostgreSQL refuses (beyond ±15:59);
- a NUL character (which PostgreSQL refuses in a query) in a string path or query parameter,
  or in a written field (for every write operation in the API access matrix);
- an integer path or query parameter beyond the database's integers.

Each must be refused (422), not found (404) or, for a time that means a real moment, answered.
Path parameters are filled from the API access matrix, with the owner's token, so the calls
reach objects that exist rather than stopping at a missing place.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from placecraft.api.api import api
from placecraft.api.tests.test_api_access_matrix import MATRIX, PREFIX
from placecraft.api.tokens import create_token
from placecraft.places.models import Membership, Role
from placecraft.testing import World, make_user

HUGE = 10**24
NUL = "a%00b"


def _get_operations() -> list[tuple[str, dict[str, Any]]]:
    schema = api.get_openapi_schema()
    return sorted(
        (path.removeprefix(PREFIX), operations["get"])
        for path, operations in schema["paths"].items()
        if "get" in operations
    )


OPERATIONS = _get_operations()


def _parameters(operation: dict[str, Any], where: str) -> dict[str, str]:
    """Parameter names in ``where`` (path or query) and their JSON schema type."""
    found = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] != where:
            continue
        schema = parameter.get("schema", {})
        kinds = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
        found[parameter["name"]] = (
            "integer" if "integer" in kinds else ("string" if "string" in kinds else "other")
        )
    return found


def _cases(path: str, operation: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], set[int]]]:
    """(what, path with values to put in, query, statuses allowed)."""
    path_params = _parameters(operation, "path")
    query_params = _parameters(operation, "query")
    cases: list[tuple[str, str, dict[str, Any], set[int]]] = []
    if "offset" in query_params:
        cases.append(("offset", path, {"offset": HUGE}, {422}))
    if "limit" in query_params:
        cases.append(("limit", path, {"limit": HUGE}, {422}))
    if "updated_since" in query_params:
        # A real moment (in UTC it is the previous afternoon), so it is answered.
        cases.append(("updated_since", path, {"updated_since": "2024-01-01T00:00:00+23:00"}, {200}))
    for name, kind in path_params.items():
        bad = NUL if kind == "string" else str(HUGE) if kind == "integer" else None
        if bad is not None:
            cases.append((f"path {name}", path.replace(f"{{{name}}}", bad), {}, {404, 422}))
    for name, kind in query_params.items():
        if name in ("offset", "limit", "updated_since"):
            continue
        if kind == "string":
            cases.append((f"query {name}", path, {name: "a\x00b"}, {422}))
        elif kind == "integer":
            cases.append((f"query {name}", path, {name: HUGE}, {200, 404, 422}))
    return cases


def _member_of_everything(world: World) -> Any:
    """Someone who may see every object the matrix makes, so the calls reach them."""
    user = make_user("mo@example.org", "Mo Member")
    for organisation in (world.council, world.partner, world.authority):
        Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
    return user


def test_the_document_has_get_operations_with_each_kind_of_parameter():
    """So the walk below is not vacuous."""
    cases = [what for path, op in OPERATIONS for what, *_ in _cases(path, op)]
    for what in ("offset", "limit", "updated_since", "path place", "path pk", "path slug"):
        assert what in cases, what


@pytest.mark.parametrize(("path", "operation"), OPERATIONS, ids=[p for p, _ in OPERATIONS])
def test_input_a_client_can_send_never_gives_a_server_error(client, world: World, path, operation):
    row = MATRIX.get(("GET", path))
    assert row is not None, f"GET {path} has no row in the API access matrix (MATRIX)"
    params = row.params(world)
    token = create_token(
        user=_member_of_everything(world), name="bad input", scope="read", organisation=None, days=1
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}
    problems = []
    for what, template, query, allowed in _cases(path, operation):
        # Values already put into the template stay; the rest come from the matrix.
        url = PREFIX + template.format(
            **{k: v for k, v in params.items() if f"{{{k}}}" in template}
        )
        response = client.get(url, query, **auth)
        if response.status_code not in allowed:
            problems.append(f"{what}: {response.status_code} {response.content[:200]!r}")
    assert not problems, "\n".join(problems)


WRITES = sorted((m, p) for m, p in MATRIX if m != "GET")


@pytest.mark.parametrize(("method", "path"), WRITES, ids=[f"{m} {p}" for m, p in WRITES])
def test_a_nul_character_in_a_written_field_never_gives_a_server_error(client, world, method, path):
    """PostgreSQL refuses a NUL character in text, whether it is stored or looked up: such a
    body is refused (422) before any operation sees it."""
    row = MATRIX[(method, path)]
    assert row.body is not None
    url = PREFIX + path.format(**row.params(world))
    secret = create_token(
        user=_member_of_everything(world), name="w", scope="write", organisation=None, days=1
    ).secret
    body = row.body(world)
    items = body if isinstance(body, list) else [body]
    problems = []
    for name in [k for k, v in items[0].items() if isinstance(v, str)]:
        bad = [{**item, name: "a\x00b"} for item in items]
        response = client.generic(
            method,
            url,
            json.dumps(bad if isinstance(body, list) else bad[0]),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        if response.status_code != 422:
            problems.append(f"{name}: {response.status_code} {response.content[:200]!r}")
    assert not problems, "\n".join(problems)
