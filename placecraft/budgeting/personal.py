"""Personal data held by participatory budgeting: the ballots a person cast while signed in.

The export says that a ballot exists (which round, when, how it was cast) but not what it
says: a ballot is secret even from a copy of one's own data that might be shared. Erasure
unlinks the ballot from the person and forgets their self-declared eligibility; the ballot
stays, and stays counted, so results never change because someone left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from placecraft.budgeting.models import Ballot
from placecraft.core.personal_data import Holder

if TYPE_CHECKING:
    from placecraft.accounts.models import User


def export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "round": ballot.round.title,
            "place": ballot.round.place.name,
            "cast_at": ballot.cast_at.isoformat(),
            "changed_at": ballot.changed_at.isoformat() if ballot.changed_at else None,
            "how": ballot.get_channel_display(),
            "note": "Your ballot is secret, so its content is not included.",
        }
        for ballot in Ballot.objects.filter(voter=user).select_related("round__place")
    ]


def erase(user: User) -> None:
    Ballot.objects.filter(voter=user).update(voter=None, connection="", confirmed_age=False)


def holder() -> Holder:
    return Holder("participatory_budgeting", export, erase)
