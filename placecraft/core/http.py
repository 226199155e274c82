"""Request types and htmx helpers shared by the views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from placecraft.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The request a ``login_required`` view receives: its user is signed in."""

    user: User


def is_htmx(request: HttpRequest) -> bool:
    """True for requests htmx made; the same view answers plain requests with a full page."""
    return request.headers.get("HX-Request") == "true"
