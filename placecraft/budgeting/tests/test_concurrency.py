"""Many voters at once on PostgreSQL: 32 clients cast 1,000 ballots with voting codes, some
reusing codes on purpose. The tally is exact, nobody votes twice, and every reuse is refused.
And a count that starts while a vote is being changed waits for the change."""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest
from django.db import connection, connections

from placecraft.budgeting import services
from placecraft.budgeting.models import Ballot, Phase, ProjectResult, VotingCode
from placecraft.budgeting.services import Choices, CodeAlreadyUsed, Eligibility
from placecraft.budgeting.tests.factories import ELIGIBLE, make_round, project_ids, vote_for
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


@pytest.mark.django_db(transaction=True)
def test_a_count_starting_while_a_vote_is_being_changed_counts_the_change(monkeypatch):
    """A resident replaces their ballot; voting closes and the count starts while the change
    is half-way (written, not yet committed). The count must wait and count the new choice:
    a change accepted but left out of the count would be a lost vote."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises every write, so it cannot show a race "
            "(run with DATABASE_URL=postgres://…)"
        )
    world = build_world()
    round = make_round(world)
    resident = world.users["resident"]
    vote_for(round, resident, "Benches in the park")
    ids = project_ids(round)
    mid_change = threading.Event()
    release = threading.Event()
    original = services._still_open
    changer: list[threading.Thread] = []

    def pausing_still_open(round_id: int) -> None:
        original(round_id)
        if threading.current_thread() in changer:
            mid_change.set()  # the new choice is written and checked, not yet committed
            release.wait(10)

    monkeypatch.setattr(services, "_still_open", pausing_still_open)
    outcome: dict[str, object] = {}

    def change() -> None:
        try:
            outcome["cast"] = services.cast_ballot(
                round=round,
                voter=resident,
                choices=Choices((ids["Street trees"],)),
                eligibility=ELIGIBLE,
            )
        except BaseException as error:
            outcome["change_error"] = error
        finally:
            connections.close_all()

    counted = threading.Event()

    def close_and_count() -> None:
        try:
            services.set_phase(
                actor=world.users["council_admin"], round=round, phase=Phase.COUNTING
            )
            services.count_round(round.pk)
            counted.set()
        except BaseException as error:
            outcome["count_error"] = error
        finally:
            connections.close_all()

    changer.append(threading.Thread(target=change))
    changer[0].start()
    assert mid_change.wait(10), "the change never reached the point before its commit"
    counter = threading.Thread(target=close_and_count)
    counter.start()
    counted_during_change = counted.wait(2)
    release.set()
    changer[0].join(20)
    counter.join(20)
    assert "change_error" not in outcome and "count_error" not in outcome, outcome
    assert not counted_during_change, "the count ran while the change was uncommitted"
    stored = Ballot.objects.get(round=round, voter=resident)
    assert stored.projects == [ids["Street trees"]]
    votes = dict(
        ProjectResult.objects.filter(project__round=round, is_main=True).values_list(
            "project__title", "votes"
        )
    )
    assert votes["Street trees"] == 1
    assert votes["Benches in the park"] == 0
