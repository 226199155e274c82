"""Many voters at once on PostgreSQL: 32 clients cast 1,000 ballots with voting codes, some
reusing codes on purpose. The tally is exact, nobody votes twice, and every reuse is refused."""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest
from django.db import connection, connections

from placecraft.budgeting import services
from placecraft.budgeting.models import Ballot, VotingCode
from placecraft.budgeting.services import Choices, CodeAlreadyUsed, Eligibility
from placecraft.budgeting.tests.factories import make_round, project_ids
from placecraft.testing import build_world

CLIENTS = 32
BALLOTS = 1000
REUSES = 200


@pytest.mark.django_db(transaction=True)
def test_concurrent_code_voting_is_exact():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises every write, so it cannot show a race "
            "(run with DATABASE_URL=postgres://…)"
        )
    world = build_world()
    round = make_round(world, max_choices=None)
    issued = services.issue_codes(
        actor=world.users["council_admin"], round=round, label="Load test", size=BALLOTS
    )
    ids = list(project_ids(round).values())
    rng = random.Random(7)
    attempts = [(code, tuple(rng.sample(ids, rng.randint(1, len(ids))))) for code in issued.codes]
    # Some clients reuse codes that others are using at the same moment.
    attempts += [(rng.choice(issued.codes), (ids[0],)) for _ in range(REUSES)]
    rng.shuffle(attempts)
    lock = threading.Lock()
    accepted: list[tuple[str, tuple[int, ...]]] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def client(share: list[tuple[str, tuple[int, ...]]]) -> None:
        try:
            for code, chosen in share:
                try:
                    services.cast_ballot_with_code(
                        round=round,
                        code=code,
                        choices=Choices(chosen),
                        eligibility=Eligibility(area="North", connection="live"),
                    )
                except CodeAlreadyUsed as refusal:
                    assert "already been used" in refusal.messages[0]
                    with lock:
                        refused.append(code)
                else:
                    with lock:
                        accepted.append((code, chosen))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [
        threading.Thread(target=client, args=(attempts[i::CLIENTS],)) for i in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    # Every code voted exactly once; every other attempt was refused, with a clear message.
    assert len(accepted) == BALLOTS
    assert len(refused) == REUSES
    assert len({code for code, _ in accepted}) == BALLOTS
    assert Ballot.objects.filter(round=round).count() == BALLOTS
    assert VotingCode.objects.filter(round=round, used_at__isnull=True).count() == 0
    # The tally in the database is exactly the tally of accepted ballots.
    expected = Counter(p for _, chosen in accepted for p in chosen)
    stored = Counter(p for b in Ballot.objects.filter(round=round) for p in b.projects)
    assert stored == expected
