"""Many respondents at once on PostgreSQL: single-use codes give one response each however many
requests race for them, and an open link's cap holds when the last places are taken at once."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from placecraft.frameworks import services
from placecraft.frameworks.models import Response, ResponseAccess, SurveyCode
from placecraft.frameworks.tests.factories import make_exercise, make_survey
from placecraft.testing import build_world

CLIENTS = 16


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises every write, so it cannot show a race "
            "(run with DATABASE_URL=postgres://…)"
        )


def _race(attempts: list[Callable[[], object]]) -> tuple[int, list[str]]:
    """Run the attempts from CLIENTS threads; the number accepted and the refusals' messages."""
    lock = threading.Lock()
    accepted = 0
    refused: list[str] = []
    errors: list[BaseException] = []

    def client(share: list[Callable[[], object]]) -> None:
        nonlocal accepted
        try:
            for attempt in share:
                try:
                    attempt()
                except ValidationError as refusal:
                    with lock:
                        refused.append(refusal.messages[0])
                else:
                    with lock:
                        accepted += 1
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=client, args=(attempts[i::CLIENTS],)) for i in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return accepted, refused


def _answers(exercise) -> dict[str, dict[str, int]]:
    return {p.slug: {"rating": 3} for p in exercise.version.content.prompts if p.kind == "rating"}


@pytest.mark.django_db(transaction=True)
def test_each_code_gives_one_response_however_many_requests_race_for_it():
    _needs_postgresql()
    world = build_world()
    exercise = make_exercise(world, "missions-mindset", "survey")
    assert exercise.response_access == ResponseAccess.CODES
    codes = services.make_codes(
        actor=world.users["council_admin"], exercise=exercise, team=None, number=60
    )
    rng = random.Random(3)
    # Every code is tried three times, the tries shuffled across the clients.
    tries = [code for code in codes for _ in range(3)]
    rng.shuffle(tries)
    answers = _answers(exercise)
    accepted, refused = _race(
        [
            partial(
                services.submit_survey_response,
                exercise=exercise,
                team=None,
                answers=answers,
                code=code,
            )
            for code in tries
        ]
    )
    assert accepted == 60 and len(refused) == 120
    assert set(refused) == {"This code has already been used."}
    assert Response.objects.filter(exercise=exercise).count() == 60
    assert not SurveyCode.objects.filter(exercise=exercise, used=False).exists()


@pytest.mark.django_db(transaction=True)
def test_an_open_links_cap_holds_when_its_last_places_are_taken_at_once():
    _needs_postgresql()
    world = build_world()
    exercise = make_survey(world, {}, response_cap=25)
    answers = _answers(exercise)
    accepted, refused = _race(
        [
            lambda: services.submit_survey_response(exercise=exercise, team=None, answers=answers)
            for _ in range(80)
        ]
    )
    assert accepted == 25 and len(refused) == 55
    assert Response.objects.filter(exercise=exercise).count() == 25
