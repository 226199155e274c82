"""Pool tallies: kept by the database whatever changes a pool, so publishing a pool's make-up
reads a few rows that add up to exactly the people in the pools."""

from __future__ import annotations

from collections import Counter

import pytest

from placecraft.panels import services
from placecraft.panels.models import Panel, PoolMember, PoolTally
from placecraft.panels.tests.factories import CATEGORIES, make_panel, people_csv

pytestmark = pytest.mark.django_db


def tallied() -> Counter[tuple[int, str, str]]:
    found: Counter[tuple[int, str, str]] = Counter()
    for panel_id, features, n in PoolTally.objects.values_list("panel_id", "features", "n"):
        assert n > 0  # a row at nought is taken away
        for feature, value in features.items():
            found[(panel_id, feature, value)] += n
    return found


def counted() -> Counter[tuple[int, str, str]]:
    found: Counter[tuple[int, str, str]] = Counter()
    for panel_id, features in PoolMember.objects.values_list("panel_id", "features"):
        for feature, value in features.items():
            found[(panel_id, feature, value)] += 1
    return found


def test_tallies_follow_every_kind_of_change(world):
    panel = make_panel(world, registration_open=True)  # an imported pool of 30
    other = make_panel(world, title="Second panel")
    assert tallied() == counted() and sum(tallied().values()) == 2 * 30 * 2
    # Re-importing replaces the pool; a volunteer joins; answers are changed in bulk.
    services.import_pool(
        actor=None, panel=panel, people=people_csv(12, seed=3), categories=CATEGORIES
    )
    services.register_volunteer(
        panel=panel, answers={"gender": "Female", "age": "Young"}, name="Val", email="v@example.org"
    )
    PoolMember.objects.filter(panel=other, features__age="Old").update(
        features={"gender": "Male", "age": "Young"}
    )
    assert tallied() == counted()
    assert tallied()[(panel.pk, "gender", "Female")] == counted()[(panel.pk, "gender", "Female")]
    # People not selected are purged; a whole panel is deleted: nothing is left behind.
    PoolMember.objects.filter(panel=panel, reference__in=["p001", "p002"]).update(selected=True)
    services.purge_pool(actor=None, panel=panel)
    assert tallied() == counted() and sum(v for k, v in tallied().items() if k[0] == panel.pk) == 4
    Panel.objects.filter(pk=other.pk).delete()
    panel.delete()
    assert not PoolTally.objects.exists()
