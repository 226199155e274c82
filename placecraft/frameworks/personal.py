"""The workshops a person is named in as a participant. Erasing puts their pseudonym in their
line of the participant list, so the workshop still shows how many took part."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from placecraft.core.personal_data import Holder, pseudonym
from placecraft.frameworks.models import Exercise

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from placecraft.accounts.models import User


def _named_in(user: User) -> list[Exercise]:
    name = user.name.strip()
    if not name:
        return []
    candidates: QuerySet[Exercise] = Exercise.objects.filter(participants__icontains=name)
    return [
        exercise
        for exercise in candidates
        if any(line.lower() == name.lower() for line in exercise.participant_names)
    ]


def export(user: User) -> dict[str, Any]:
    return {"workshops_named_in": [exercise.title for exercise in _named_in(user)]}


def erase(user: User) -> None:
    name, former = user.name.strip().lower(), pseudonym(user.pk)
    exercises = _named_in(user)
    for exercise in exercises:
        exercise.participants = "\n".join(
            former if line.strip().lower() == name else line
            for line in exercise.participants.splitlines()
        )
    Exercise.objects.bulk_update(exercises, ["participants"])


def holder() -> Holder:
    return Holder("workshops", export, erase)
