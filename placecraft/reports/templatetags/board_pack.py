"""Template filters for board packs."""

from __future__ import annotations

import base64

from django import template

register = template.Library()


@register.filter
def svg_data_uri(svg: str) -> str:
    """An SVG drawing as a ``data:`` address, for an ``<img>`` that carries alternative text
    in a tagged PDF (the PDF's fetcher reads ``data:`` addresses and nothing from the network)."""
    return "data:image/svg+xml;base64," + base64.b64encode(str(svg).encode("utf-8")).decode()
