"""Rendering a board pack as the printable page's HTML, and as a PDF of that same HTML."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.template.loader import render_to_string

from placecraft.reports import boardpack
from placecraft.reports.pdf import StaticOnlyFetcher, html_to_pdf


def context(pack: boardpack.BoardPack, *, for_pdf: bool = False) -> dict[str, Any]:
    return {
        "place": pack.place,
        "pack": pack,
        "sections": boardpack.SECTIONS,
        "attention_limit": boardpack.ATTENTION_LIMIT,
        "for_pdf": for_pdf,
        "generated_on": date.today(),
    }


def board_pack_html(
    pack: boardpack.BoardPack, request: HttpRequest | None = None, *, for_pdf: bool = False
) -> str:
    return render_to_string(
        "reports/board_pack.html", context(pack, for_pdf=for_pdf), request=request
    )


def board_pack_pdf(pack: boardpack.BoardPack) -> tuple[bytes, list[str]]:
    """The PDF, and the addresses the fetcher refused (for tests and logs)."""
    fetcher = StaticOnlyFetcher()
    return html_to_pdf(board_pack_html(pack, for_pdf=True), fetcher), fetcher.refused


def save_pdf(content: bytes, slug: str) -> str:
    """Store the PDF under an unguessable name; returns the storage name."""
    name = f"board-packs/{slug}-{secrets.token_urlsafe(12)}.pdf"
    return default_storage.save(name, ContentFile(content))
