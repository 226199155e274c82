"""Panels for the tests, the access matrix and the page registry: small pools so selection is
quick."""

from __future__ import annotations

import random
from typing import Any

from placecraft.panels import services
from placecraft.panels.models import Panel, SelectionRun
from placecraft.testing import World

CATEGORIES = """feature,value,min,max
gender,Female,3,5
gender,Male,3,5
age,Young,2,5
age,Old,2,6
"""


def people_csv(count: int = 30, seed: int = 7, *, households: bool = False) -> str:
    rng = random.Random(seed)
    lines = ["id,address,gender,age" if households else "id,gender,age"]
    for n in range(1, count + 1):
        gender = rng.choice(["Female", "Male"])
        age = rng.choice(["Young", "Old", "Old"])
        if households:
            lines.append(f"p{n:03d},{(n + 1) // 2} Mill Lane,{gender},{age}")
        else:
            lines.append(f"p{n:03d},{gender},{age}")
    return "\n".join(lines) + "\n"


def make_panel(
    world: World, *, visibility: str = "public", owner: Any = None, **extra: Any
) -> Panel:
    panel = services.create_panel(
        actor=None,
        place=world.place,
        organisation=owner or world.council,
        data={
            "title": extra.pop("title", "Valley climate panel"),
            "size": 8,
            "visibility": visibility,
            **extra,
        },
    )
    services.import_pool(actor=None, panel=panel, people=people_csv(), categories=CATEGORIES)
    return panel


def public_panel(world: World) -> Panel:
    def build(w: World) -> Panel:
        panel = make_panel(w, registration_open=True)
        return panel

    panel: Panel = world.once("public_panel", build)
    return panel


def private_panel(world: World) -> Panel:
    panel: Panel = world.once(
        "private_panel", lambda w: make_panel(w, visibility="private", title="Quiet panel")
    )
    return panel


def selection_run(world: World) -> SelectionRun:
    def build(w: World) -> SelectionRun:
        panel = public_panel(w)
        return SelectionRun.objects.create(
            panel=panel,
            size=8,
            seed=1,
            status="infeasible",
            problems=["Example problem"],
            suggestions=["Relax"],
        )

    run: SelectionRun = world.once("selection_run", build)
    return run


def panel_args(world: World) -> list[Any]:
    return [world.place.slug, public_panel(world).pk]


def private_panel_args(world: World) -> list[Any]:
    return [world.place.slug, private_panel(world).pk]


def selection_args(world: World) -> list[Any]:
    run = selection_run(world)
    return [world.place.slug, run.panel_id, run.pk]


def drawn_panel(world: World) -> Panel:
    """A public panel drawn by the lottery, as the command line draws it."""

    def build(w: World) -> Panel:
        panel = make_panel(w, title="Drawn panel")
        run = services.request_selection(actor=None, panel=panel, size=8, seed=7, background=False)
        services.run_selection(run.pk)
        return panel

    panel: Panel = world.once("drawn_panel", build)
    return panel


def published_args(world: World) -> list[Any]:
    return [world.place.slug, drawn_panel(world).pk, "distribution.json"]


def private_published_args(world: World) -> list[Any]:
    return [world.place.slug, private_panel(world).pk, "distribution.json"]
