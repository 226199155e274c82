"""schemathesis with a write token, on the missions and indicators operations: the anonymous
run in test_schemathesis.py stops at 401 on writes, so this one sends a token from the owner of
a mission and an indicator and aims its slugs at them.

Only the server-error and conformance checks run: the forms and the importer refuse some input
the document cannot describe (a blank narrative, an unknown GSS code), so "schema-valid input
must be accepted" does not hold, by design."""

from __future__ import annotations

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from placecraft.api.tests.test_schemathesis import keep_test_connection  # noqa: F401
from placecraft.api.tokens import create_token
from placecraft.evidence.tests.factories import public_indicator
from placecraft.missions.tests.factories import public_mission

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


def test_token_writes_conform_to_the_schema(world, keep_test_connection, bob):  # noqa: F811
    mission = public_mission(world)
    indicator = public_indicator(world)
    token = create_token(user=bob, name="schemathesis", scope="write", organisation=None, days=1)
    headers = {"Authorization": f"Bearer {token.secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [
        result.ok()  # type: ignore[union-attr]
        for result in schema.include(path_regex="/(missions|indicators)").get_all_operations()
    ]
    assert len(operations) == 12
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case):
            parameters = {**(case.path_parameters or {}), "place": world.place.slug}
            if "slug" in parameters:
                parameters["slug"] = indicator.slug if "/indicators" in case.path else mission.slug
            case.path_parameters = parameters
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
