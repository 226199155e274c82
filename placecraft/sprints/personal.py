"""The sprints a person champions or works in. Erasing puts their pseudonym where their name was
(the champion, the team list), so a sprint still shows it had a champion and how big its team
was."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from placecraft.core.personal_data import Holder, pseudonym
from placecraft.sprints.models import Sprint, TeamMember

if TYPE_CHECKING:
    from placecraft.accounts.models import User


def _named(user: User, link: str, name_field: str) -> Q:
    named = Q(**{link: user})
    if user.name.strip():
        named |= Q(**{f"{name_field}__iexact": user.name.strip()})
    return named


def export(user: User) -> dict[str, Any]:
    return {
        "champion_of": [
            {"sprint": sprint.title, "named_as": sprint.champion_name, "role": sprint.champion_role}
            for sprint in Sprint.objects.filter(_named(user, "champion_user", "champion_name"))
        ],
        "team_member_of": [
            {"sprint": member.sprint.title, "named_as": member.name, "role": member.role}
            for member in TeamMember.objects.filter(_named(user, "user", "name")).select_related(
                "sprint"
            )
        ],
    }


def erase(user: User) -> None:
    former = pseudonym(user.pk)
    Sprint.objects.filter(_named(user, "champion_user", "champion_name")).update(
        champion_name=former, champion_user=None
    )
    TeamMember.objects.filter(_named(user, "user", "name")).update(name=former, user=None)


def holder() -> Holder:
    return Holder("sprints", export, erase)
