"""Named users and the world they live in, shared by every app's tests.

alice is the place admin, bob a council admin, charlie a council member, dana a partner member
(admin of a VCSE), erin a resident, oscar an outsider from another place.
"""

from __future__ import annotations

import pytest

from placecraft.testing import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def alice(world):
    return world.users["place_admin"]


@pytest.fixture
def bob(world):
    return world.users["council_admin"]


@pytest.fixture
def charlie(world):
    return world.users["council_member"]


@pytest.fixture
def dana(world):
    return world.users["partner_member"]


@pytest.fixture
def erin(world):
    return world.users["resident"]


@pytest.fixture
def oscar(world):
    return world.users["outsider"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
