"""Reference outcome sets (the five national missions, and any others) loaded from data files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


def outcome_sets() -> list[dict[str, Any]]:
    sets = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        for key in ("slug", "title", "outcomes"):
            if key not in data:
                raise ValueError(f"{path.name}: the file needs a “{key}”.")
        sets.append(data)
    return sets


def load_reference_outcomes(model: Any) -> int:
    """Create or refresh every outcome in the data files; returns how many there are.

    ``model`` is ReferenceOutcome (or its historical version inside a migration)."""
    count = 0
    for data in outcome_sets():
        for order, outcome in enumerate(data["outcomes"]):
            model.objects.update_or_create(
                set_slug=data["slug"],
                slug=outcome["slug"],
                defaults={
                    "set_title": data["title"],
                    "title": outcome["title"],
                    "summary": outcome.get("summary", ""),
                    "source": data.get("source", ""),
                    "order": order,
                },
            )
            count += 1
    return count
