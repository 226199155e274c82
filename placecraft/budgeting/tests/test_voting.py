"""Voting: accounts, one-use codes (hashed), paper ballots with a second officer, one person
one ballot in the database, eligibility, rate limits and personal data."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from placecraft.budgeting import services
from placecraft.budgeting.models import Ballot, Channel, PaperEntry, VotingCode
from placecraft.budgeting.services import Choices, CodeAlreadyUsed, Eligibility, VoteRefused
from placecraft.budgeting.tests.factories import ELIGIBLE, make_round, project_ids, vote_for
from placecraft.core.personal_data import holders


def test_account_vote_and_change_replaces_the_ballot(world, erin):
    round = make_round(world)
    vote_for(round, erin, "Benches in the park")
    vote_for(round, erin, "Street trees", "Library books")
    ballot = Ballot.objects.get(round=round, voter=erin)
    ids = project_ids(round)
    assert ballot.projects == [ids["Street trees"], ids["Library books"]]
    assert ballot.changed_at is not None
    assert Ballot.objects.filter(round=round).count() == 1


def test_no_changes_when_the_round_does_not_allow_them(world, erin):
    round = make_round(world, allow_changes=False)
    vote_for(round, erin, "Benches in the park")
    with pytest.raises(VoteRefused, match="already voted"):
        vote_for(round, erin, "Street trees")


def test_one_ballot_per_voter_is_a_database_constraint(world, erin):
    round = make_round(world)
    Ballot.objects.create(round=round, voter=erin, channel=Channel.ACCOUNT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(round=round, voter=erin, channel=Channel.ACCOUNT)


def test_ballot_rules(world, erin):
    round = make_round(world, ballot_type="knapsack", max_choices=None)
    ids = project_ids(round)
    with pytest.raises(VoteRefused, match="more than the budget"):
        services.cast_ballot(
            round=round, voter=erin, choices=Choices(tuple(ids.values())), eligibility=ELIGIBLE
        )
    with pytest.raises(VoteRefused, match="at least 1"):
        services.cast_ballot(round=round, voter=erin, choices=Choices(()), eligibility=ELIGIBLE)
    with pytest.raises(VoteRefused, match="neighbourhood"):
        services.cast_ballot(
            round=round,
            voter=erin,
            choices=Choices((ids["Library books"],)),
            eligibility=Eligibility(area="Mars", connection="live"),
        )


def test_cumulative_points(world, erin):
    round = make_round(
        world, ballot_type="cumulative", points_per_voter=10, max_points_per_project=6
    )
    ids = project_ids(round)
    with pytest.raises(VoteRefused, match="at most 6"):
        services.cast_ballot(
            round=round,
            voter=erin,
            eligibility=ELIGIBLE,
            choices=Choices((ids["Street trees"],), (7,)),
        )
    with pytest.raises(VoteRefused, match="10 points"):
        services.cast_ballot(
            round=round,
            voter=erin,
            eligibility=ELIGIBLE,
            choices=Choices((ids["Street trees"], ids["Library books"]), (6, 5)),
        )
    services.cast_ballot(
        round=round,
        voter=erin,
        eligibility=ELIGIBLE,
        choices=Choices((ids["Street trees"], ids["Library books"]), (6, 4)),
    )


def test_age_is_self_declared_and_recorded(world, erin):
    round = make_round(world, min_age=16)
    ids = project_ids(round)
    with pytest.raises(VoteRefused, match="16 or older"):
        services.cast_ballot(
            round=round,
            voter=erin,
            choices=Choices((ids["Street trees"],)),
            eligibility=Eligibility(area="North", connection="work"),
        )
    services.cast_ballot(
        round=round,
        voter=erin,
        choices=Choices((ids["Street trees"],)),
        eligibility=Eligibility(area="North", connection="work", confirmed_age=True),
    )
    ballot = Ballot.objects.get(voter=erin)
    assert (ballot.connection, ballot.confirmed_age, ballot.area) == ("work", True, "North")


def test_codes_are_stored_hashed_and_used_once(world, bob):
    round = make_round(world)
    issued = services.issue_codes(actor=bob, round=round, label="Letters", size=3)
    stored = list(VotingCode.objects.filter(round=round).values_list("code_hash", flat=True))
    assert len(stored) == 3
    for code in issued.codes:
        assert code not in stored and code.replace("-", "") not in stored
        assert all(code.replace("-", "") not in h for h in stored)
    ids = project_ids(round)
    choices = Choices((ids["Library books"],))
    # Codes are read forgivingly: lower case, no dashes.
    services.cast_ballot_with_code(
        round=round,
        code=issued.codes[0].lower().replace("-", ""),
        choices=choices,
        eligibility=ELIGIBLE,
    )
    with pytest.raises(CodeAlreadyUsed):
        services.cast_ballot_with_code(
            round=round, code=issued.codes[0], choices=choices, eligibility=ELIGIBLE
        )
    with pytest.raises(VoteRefused, match="not a voting code"):
        services.cast_ballot_with_code(
            round=round, code="AAAA-BBBB-CCCC", choices=choices, eligibility=ELIGIBLE
        )
    ballot = Ballot.objects.get(round=round)
    assert ballot.voter is None and ballot.channel == "code"
    # The database refuses a second ballot on the same code, whatever the service does.
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(round=round, code=ballot.code, channel=Channel.CODE)


def test_a_code_from_another_round_does_not_work(world, bob):
    round = make_round(world)
    other = make_round(world, title="Other")
    issued = services.issue_codes(actor=bob, round=other, label="x", size=1)
    with pytest.raises(VoteRefused, match="not a voting code"):
        services.cast_ballot_with_code(
            round=round,
            code=issued.codes[0],
            choices=Choices((project_ids(round)["Street trees"],)),
            eligibility=ELIGIBLE,
        )


def test_voting_with_a_code_through_the_page(world, bob):
    round = make_round(world)
    code = services.issue_codes(actor=bob, round=round, label="Event", size=1).codes[0]
    url = reverse("pb_vote_code", args=[world.place.slug, round.pk])
    ids = project_ids(round)
    data = {"code": code, "projects": [ids["Street trees"]], "connection": "study", "area": "South"}
    response = Client().post(url, data)
    assert response.status_code == 302
    again = Client().post(url, data)
    assert again.status_code == 200
    assert "already been used" in again.content.decode()
    assert Ballot.objects.filter(round=round).count() == 1


def test_code_attempts_are_rate_limited(world):
    round = make_round(world)
    url = reverse("pb_vote_code", args=[world.place.slug, round.pk])
    client = Client()
    statuses = [client.post(url, {"code": "WRONG-CODE-1234"}).status_code for _ in range(7)]
    assert statuses[:5] == [200] * 5
    assert statuses[-1] == 429


def test_code_attempt_limits_count_the_code_not_its_spelling(world):
    round = make_round(world)
    url = reverse("pb_vote_code", args=[world.place.slug, round.pk])
    spellings = [
        "WRONG-CODE-1234",
        "wrong-code-1234",
        "WRONGCODE1234",
        "wrong code 1234",
        " Wrong - Code - 1234 ",
        "w-r-o-n-g-c-o-d-e-1-2-3-4",
    ]
    # a fresh address for each attempt: only the per-code limit can refuse
    statuses = [
        Client(REMOTE_ADDR=f"192.0.2.{i}").post(url, {"code": code}).status_code
        for i, code in enumerate(spellings, start=1)
    ]
    assert statuses == [200] * 5 + [429]


def test_a_code_typed_in_lower_case_with_spaces_is_accepted(world, bob):
    round = make_round(world)
    code = services.issue_codes(actor=bob, round=round, label="Letters", size=1).codes[0]
    typed = " " + code.lower().replace("-", " ") + " "
    url = reverse("pb_vote_code", args=[world.place.slug, round.pk])
    ids = project_ids(round)
    response = Client().post(
        url,
        {"code": typed, "projects": [ids["Library books"]], "connection": "live", "area": "North"},
    )
    assert response.status_code == 302
    assert Ballot.objects.filter(round=round, channel=Channel.CODE).count() == 1


def test_paper_ballots_need_a_second_officer(world, bob, charlie):
    round = make_round(world)
    ids = project_ids(round)
    entry = services.enter_paper_ballot(
        actor=bob, round=round, serial="A1", choices=Choices((ids["Street trees"],)), area="South"
    )
    assert Ballot.objects.filter(round=round).count() == 0
    with pytest.raises(Exception, match="second officer"):
        services.confirm_paper_ballot(actor=bob, entry=entry)
    with pytest.raises(Exception, match="already been entered"):
        services.enter_paper_ballot(
            actor=charlie, round=round, serial="A1", choices=Choices((ids["Street trees"],))
        )
    ballot = services.confirm_paper_ballot(actor=charlie, entry=entry)
    assert (ballot.channel, ballot.projects, ballot.area) == (
        "paper",
        [ids["Street trees"]],
        "South",
    )
    # The database refuses one officer checking their own entry.
    other = services.enter_paper_ballot(
        actor=bob, round=round, serial="A2", choices=Choices((ids["Street trees"],))
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperEntry.objects.filter(pk=other.pk).update(checked_by=bob)


def test_paper_check_through_the_page(world, bob, charlie):
    round = make_round(world)
    ids = project_ids(round)
    client = Client()
    client.force_login(bob)
    response = client.post(
        reverse("pb_paper", args=[world.place.slug, round.pk]),
        {"serial": "B7", "projects": [ids["Library books"]]},
    )
    assert response.status_code == 302
    entry = PaperEntry.objects.get(serial="B7")
    check = reverse("pb_paper_check", args=[world.place.slug, round.pk, entry.pk])
    client.post(check, {"decision": "confirm"})
    assert Ballot.objects.count() == 0
    other = Client()
    other.force_login(charlie)
    other.post(check, {"decision": "confirm"})
    assert Ballot.objects.filter(channel="paper").count() == 1


def test_personal_data_says_a_ballot_exists_but_not_its_content(world, erin):
    round = make_round(world)
    vote_for(round, erin, "Street trees")
    holder = next(h for h in holders() if h.name == "participatory_budgeting")
    exported = holder.export(erin)
    assert len(exported) == 1 and exported[0]["round"] == round.title
    text = str(exported)
    assert "Street trees" not in text
    assert not {"projects", "points", "choices"} & set(exported[0])
    holder.erase(erin)
    ballot = Ballot.objects.get(round=round)
    assert ballot.voter is None and ballot.projects  # still there, still counted
    assert holder.export(erin) == []


def test_purge_codes_after_the_round(world, bob):
    from django.core.management import call_command

    round = make_round(world)
    code = services.issue_codes(actor=bob, round=round, label="x", size=2).codes[0]
    services.cast_ballot_with_code(
        round=round,
        code=code,
        eligibility=ELIGIBLE,
        choices=Choices((project_ids(round)["Street trees"],)),
    )
    with pytest.raises(Exception, match="closed"):
        services.purge_codes(round=round)
    services.set_phase(actor=bob, round=round, phase="counting")
    call_command("purge_voting_codes", str(round.pk))
    assert VotingCode.objects.count() == 0
    assert Ballot.objects.filter(round=round, channel="code").count() == 1
