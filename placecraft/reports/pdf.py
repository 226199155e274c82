"""HTML to PDF with WeasyPrint, with no network access: the fetcher serves our own static files
and ``data:`` URIs, and refuses everything else (a user's image link, a web font, a tracking
pixel), so building a PDF can never reach out to another server."""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",))
        self.refused: list[str] = []

    def _static_file(self, url: str) -> Path | None:
        path = unquote(urlsplit(url).path)
        prefix = settings.STATIC_URL
        if not path.startswith(prefix):
            return None
        relative = path[len(prefix) :]
        if ".." in Path(relative).parts:
            return None
        root = Path(settings.STATIC_ROOT) / relative
        if root.is_file():
            return root
        found = finders.find(relative)
        return Path(found) if isinstance(found, str) else None

    def _brand_css(self, url: str) -> bytes | None:
        """The place's colour stylesheet is made by a view, not a file: run the view here."""
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            return None
        if match.url_name != "place_brand_css":
            return None
        response = match.func(RequestFactory().get(urlsplit(url).path), **match.kwargs)
        return bytes(response.content)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        scheme = urlsplit(url).scheme
        if scheme in ("http", "https") and (css := self._brand_css(url)) is not None:
            return URLFetcherResponse(url, body=css, headers={"Content-Type": "text/css"})
        local = self._static_file(url) if scheme in ("http", "https") else None
        if local is None:
            self.refused.append(url)
            raise ValueError(f"Not fetched (only our static files are used): {url}")
        mime, _ = mimetypes.guess_type(local.name)
        return URLFetcherResponse(
            url,
            body=local.read_bytes(),
            headers={"Content-Type": mime or "application/octet-stream"},
        )


@contextmanager
def _quiet_css_warnings() -> Iterator[None]:
    """WeasyPrint warns about every screen-only rule in GOV.UK Frontend's stylesheet (media
    queries, box shadows): hundreds of lines per pack that say nothing about the pack. Refused
    addresses are kept in the fetcher instead."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def html_to_pdf(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """A tagged PDF (PDF/UA-1): screen readers get its headings, lists, tables with their header
    cells and images with their alternative text, in the language of ``<html lang>``, under the
    title of ``<title>``. Every PDF the product makes is a public record, so every one is made
    here."""
    fetcher = fetcher or StaticOnlyFetcher()
    with _quiet_css_warnings():
        pdf: bytes = HTML(
            string=html, base_url=settings.SITE_URL.rstrip("/") + "/", url_fetcher=fetcher
        ).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
