"""User text as Markdown, rendered and then sanitised with nh3 so it can never execute."""

from __future__ import annotations

import functools

import nh3
from markdown_it import MarkdownIt

# Raw HTML in the source is escaped by the parser; nh3 then removes anything that slipped
# through (javascript: links, event handlers, SVG) as a second, independent line of defence.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}

_CLASSES = {
    "<p>": '<p class="govuk-body">',
    "<ul>": '<ul class="govuk-list govuk-list--bullet">',
    "<ol>": '<ol class="govuk-list govuk-list--number">',
    "<h2>": '<h2 class="govuk-heading-m">',
    "<h3>": '<h3 class="govuk-heading-s">',
    "<h4>": '<h4 class="govuk-heading-s">',
    "<table>": '<table class="govuk-table">',
}


# Pages show the same texts (updates, weeknotes, stories) again and again, and parsing and
# sanitising them was a large part of a report's time; each process keeps the HTML of the
# texts it rendered last. Long texts are rendered each time, to bound the memory this takes.
_CACHED_LENGTH = 8000


def render_markdown(text: str) -> str:
    """Safe HTML for the given Markdown, styled with GOV.UK Frontend classes."""
    text = text or ""
    return _render_cached(text) if len(text) <= _CACHED_LENGTH else _render(text)


def _render(text: str) -> str:
    html = nh3.clean(
        _parser.render(text),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    for plain, styled in _CLASSES.items():
        html = html.replace(plain, styled)
    return html.replace("<a ", '<a class="govuk-link" ')


_render_cached = functools.lru_cache(maxsize=2048)(_render)
