"""What an app server does once, after Django is set up and before it answers requests."""

from __future__ import annotations

import gc
from pathlib import Path

from django.template import engines
from django.urls import get_resolver


def compile_templates() -> int:
    """Compile every template in the project's template folders into the engine's cache (the
    cached loader keeps them for the life of the process); returns how many."""
    compiled = 0
    for engine in engines.all():
        for directory in getattr(engine, "dirs", []):
            root = Path(directory)
            for path in sorted(root.rglob("*.*")):
                engine.get_template(path.relative_to(root).as_posix())
                compiled += 1
    return compiled


def settle() -> None:
    """Load what every request needs, then freeze it.

    Reading the URL configuration imports every view; compiling the templates fills the
    template cache. Django, its apps and these are a few hundred thousand objects that live as
    long as the process, and Python's cyclic garbage collector walks all of them on each full
    collection: a pause of 50–150 ms in the middle of whichever request set it off.
    ``gc.freeze`` moves them to a generation the collector never walks, so a collection only
    looks at objects made since. Memory is freed as before when a request's objects go."""
    get_resolver().url_patterns  # noqa: B018 - importing the views is the point
    compile_templates()
    gc.collect()
    gc.freeze()
