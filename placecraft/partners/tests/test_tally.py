"""Commitment tallies: kept by the database whatever changes a commitment, and counted for each
person exactly as the commitments they may see."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from placecraft.accounts.models import User
from placecraft.missions.access import visible_missions
from placecraft.missions.models import Mission
from placecraft.missions.tests.factories import private_mission, public_mission
from placecraft.partners import access, services
from placecraft.partners.models import Commitment, CommitmentStatus, CommitmentTally
from placecraft.partners.tests.factories import commitments_for_every_viewer
from placecraft.places.access import AnyUser
from placecraft.places.models import Place


def tallies() -> dict[tuple[int, str, str], int]:
    return {
        (t.mission_id, t.status, t.visibility): t.n
        for t in CommitmentTally.objects.all()
        if t.n  # a row at nought would be left over, not wrong
    }


def counted() -> dict[tuple[int, str, str], int]:
    return dict(Counter(Commitment.objects.values_list("mission_id", "status", "visibility")))


@pytest.mark.django_db
def test_tallies_follow_every_kind_of_change(world):
    mission, other = public_mission(world), private_mission(world)
    made = services.create_commitment(
        actor=None, partner=world.partner, mission=mission, data={"title": "Vans"}
    )
    services.create_commitment(
        actor=None,
        partner=world.partner,
        mission=mission,
        data={"title": "Drivers", "visibility": "public"},
    )
    assert (
        tallies()
        == counted()
        == {(mission.pk, "active", "partners"): 1, (mission.pk, "active", "public"): 1}
    )

    # The edit form, a progress update, and changes that bypass the services.
    services.update_commitment(actor=None, commitment=made, data={"visibility": "private"})
    services.add_commitment_update(
        actor=None, commitment=made, data={"on": "2026-01-05", "status": "at-risk", "progress": "."}
    )
    Commitment.objects.filter(title="Drivers").update(mission=other)
    Commitment.objects.bulk_create(
        [
            Commitment(place=world.place, organisation=world.partner, mission=other, title=str(i))
            for i in range(3)
        ]
    )
    assert (
        tallies()
        == counted()
        == {
            (mission.pk, "at-risk", "private"): 1,
            (other.pk, "active", "public"): 1,
            (other.pk, "active", "partners"): 3,
        }
    )

    # Deletes, one by one and by cascade: no tally is left behind.
    made.delete()
    Mission.objects.filter(pk=other.pk).delete()
    assert CommitmentTally.objects.count() == 0
    assert counted() == {}


@pytest.mark.django_db
def test_counts_match_what_each_person_may_see(world):
    _, fran = commitments_for_every_viewer(world)
    ids = list(Mission.objects.filter(place=world.place).values_list("pk", flat=True))
    viewers: list[AnyUser] = [*User.objects.all(), AnonymousUser()]

    def by_counts(user: AnyUser, place: Place) -> dict[tuple[int, str], int]:
        found: Counter[tuple[int, str]] = Counter()
        for rows in access.commitment_counts(user, place, ids):
            for row in rows:
                found[(row["mission_id"], row["status"])] += row["n"]
        return dict(found)

    for user in viewers:
        visible = Counter(
            access.visible_commitments_to(user, world.place, ids).values_list(
                "mission_id", "status"
            )
        )
        assert by_counts(user, world.place) == dict(visible), user
    # The food bank's member counts its private commitment, which others cannot see.
    public = (public_mission(world).pk, "active")
    assert by_counts(fran, world.place)[public] == 2
    assert by_counts(AnonymousUser(), world.place)[public] == 1
    assert by_counts(world.users["outsider"], world.place)[public] == 1


@pytest.mark.django_db
def test_the_commitment_list_counts_states_as_each_person_sees_them(client, world):
    _, fran = commitments_for_every_viewer(world)
    mission = public_mission(world)
    url = reverse("commitment_list", args=[world.place.slug])
    labels = [label for _, label in CommitmentStatus.choices]

    def shown(user: AnyUser, query: dict[str, str]) -> dict[str, int]:
        if user.is_authenticated:
            client.force_login(user)
        else:
            client.logout()
        body = client.get(url, query).content.decode()
        cells = re.search(
            r'<tbody class="govuk-table__body"><tr class="govuk-table__row">(.*?)</tr>', body
        )
        assert cells is not None
        numbers = [int(n) for n in re.findall(r">(\d+)</td>", cells.group(1))]
        return dict(zip(labels, numbers, strict=True))

    for user in [fran, world.users["council_admin"], world.users["outsider"], AnonymousUser()]:
        for query in [{}, {"mission": mission.slug}, {"status": "active"}, {"status": "nonsense"}]:
            listed = access.visible_commitments_to(
                user,
                world.place,
                list(visible_missions(user, world.place).values_list("pk", flat=True)),
            )
            if "mission" in query:
                listed = listed.filter(mission=mission)
            if query.get("status") == "active":
                listed = listed.filter(status="active")
            expected = Counter(
                dict(CommitmentStatus.choices)[s] for s in listed.values_list("status", flat=True)
            )
            assert shown(user, query) == {label: expected[label] for label in labels}, (
                user,
                query,
            )
    # The food bank's member sees its private commitment counted; an outsider does not.
    assert shown(fran, {})["In progress"] == 2
    assert shown(world.users["outsider"], {})["In progress"] == 1
