"""schemathesis against the OpenAPI document: no 5xx, and every response matches its schema.

Every operation in the document is exercised, so endpoints that later apps add are covered
without changes here."""

from __future__ import annotations

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings


def test_every_operation_conforms_to_the_schema(world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 4
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case):
            case.call_and_validate()

        check()
