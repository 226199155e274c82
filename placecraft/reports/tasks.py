"""Background work for reports: board packs are built by the worker, not in the request."""

from __future__ import annotations

from datetime import date
from typing import Any

from django_tasks import task

from placecraft.accounts.models import User
from placecraft.places.models import Place
from placecraft.reports import boardpack, render


@task()
def build_board_pack(
    *, user_id: int, place_id: int, mission_id: int | None, date_from: str, date_to: str
) -> dict[str, Any]:
    """Build the pack as the person who asked would see it, store the printable page's document
    and the PDF, and return their names."""
    user = User.objects.get(pk=user_id)
    place = Place.objects.get(pk=place_id)
    mission = boardpack.find_mission(place, str(mission_id)) if mission_id else None
    pack = boardpack.build(
        user, place, mission, date.fromisoformat(date_from), date.fromisoformat(date_to)
    )
    slug = mission.slug if mission else "portfolio"
    html = render.save_html(render.board_pack_document_html(pack), slug)
    content, refused = render.board_pack_pdf(pack)
    name = render.save_pdf(content, slug)
    return {
        "file": name,
        "html": html,
        "bytes": len(content),
        "title": pack.title,
        "refused": len(refused),
    }
