"""Rendering a board pack: the document for the printable page, and a PDF of the same document.

Both are made by the worker (``tasks.build_board_pack``) and kept in storage under unguessable
names; the printable page and the download only read them back."""

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


def board_pack_document_html(pack: boardpack.BoardPack) -> str:
    """The body of the pack for the printable page, which places it inside its own layout."""
    return render_to_string("reports/_board_pack_document.html", context(pack))


def board_pack_pdf(pack: boardpack.BoardPack) -> tuple[bytes, list[str]]:
    """The PDF, and the addresses the fetcher refused (for tests and logs)."""
    fetcher = StaticOnlyFetcher()
    return html_to_pdf(board_pack_html(pack, for_pdf=True), fetcher), fetcher.refused


def _save(content: bytes, slug: str, extension: str) -> str:
    name = f"board-packs/{slug}-{secrets.token_urlsafe(12)}.{extension}"
    return default_storage.save(name, ContentFile(content))


def save_pdf(content: bytes, slug: str) -> str:
    """Store the PDF under an unguessable name; returns the storage name."""
    return _save(content, slug, "pdf")


def save_html(document: str, slug: str) -> str:
    """Store the printable page's document under an unguessable name; returns the storage name."""
    return _save(document.encode("utf-8"), slug, "html")


def read_html(name: str) -> str | None:
    """A stored document, or None when its file has gone."""
    try:
        with default_storage.open(name, "rb") as stored:
            content: bytes = stored.read()
    except FileNotFoundError:
        return None
    return content.decode("utf-8")
