"""Changes a person makes to their own account."""

from __future__ import annotations

from placecraft.accounts.models import User


def set_display_name(*, user: User, display_name: str) -> User:
    """Everything the person has posted shows the new name at once: pages read it from the
    account rather than from a copy."""
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    return user
