"""The 360Giving export validates against the package schema (a fixture written from the
standard's documented fields)."""

from __future__ import annotations

import json

import jsonschema  # type: ignore[import-untyped]
from django.urls import reverse

from placecraft.missions.tests.factories import private_mission, public_mission
from placecraft.partners import giving, services
from placecraft.partners.tests.factories import FIXTURES, grants

SCHEMA = json.loads((FIXTURES / "360-giving-package-schema.json").read_text())


def validate(package):
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(package), key=str)
    assert not errors, errors


def test_export_of_mission_aligned_grants_validates(client, world):
    found = grants(world)
    with (FIXTURES / "grants.csv").open("rb") as stream:
        giving.import_grants(
            actor=None,
            place=world.place,
            organisation=world.council,
            stream=stream,
            file_name="g.csv",
        )
    services.create_grant_rule(
        actor=None,
        place=world.place,
        organisation=world.council,
        data={"kind": "recipient", "value": "Helping Hands", "mission": public_mission(world)},
    )
    response = client.get(reverse("grant_export", args=[world.place.slug]))
    package = response.json()
    validate(package)
    ids = [g["id"] for g in package["grants"]]
    # Only grants aligned to a mission: the walking grant is not linked to one.
    assert ids == ["360G-testshire-0001", "360G-testshire-0101"]
    bus = package["grants"][0]
    assert bus["amountAwarded"] == 45000 and bus["awardDate"] == "2024-06-01"
    assert bus["classifications"] == [
        {"vocabulary": "Placecraft mission", "code": "moving-freely", "title": "Moving freely"}
    ]
    # What the publisher said is kept.
    assert bus["beneficiaryLocation"][0]["geoCode"] == "E06000001"
    assert found[0].identifier == "360G-testshire-0001"


def test_export_hides_missions_the_reader_may_not_see(client, world, bob):
    found = grants(world)
    services.set_grant_missions(actor=None, grant=found[1], missions=[private_mission(world)])
    anonymous = client.get(reverse("grant_export", args=[world.place.slug])).json()
    assert [g["id"] for g in anonymous["grants"]] == ["360G-testshire-0001"]
    client.force_login(bob)
    package = client.get(reverse("grant_export", args=[world.place.slug])).json()
    validate(package)
    assert len(package["grants"]) == 2


def test_the_exporter_is_reusable_for_other_records(world):
    package = giving.grants_package(
        [
            {
                "id": "360G-x-1",
                "title": "A community grant",
                "description": "From participatory budgeting.",
                "currency": "GBP",
                "amountAwarded": 500,
                "awardDate": "2025-05-05",
                "recipientOrganization": [{"id": "GB-X", "name": "X"}],
                "fundingOrganization": [{"id": "GB-Y", "name": "Y"}],
            }
        ],
        publisher_name="Testshire",
    )
    validate(package)


def test_the_schema_rejects_what_the_standard_requires(world):
    bad = giving.grants_package([{"id": "x", "title": "t"}], publisher_name="Testshire")
    validator = jsonschema.Draft4Validator(SCHEMA)
    assert list(validator.iter_errors(bad))
