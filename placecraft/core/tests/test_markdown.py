from __future__ import annotations

from html.parser import HTMLParser

import pytest

from placecraft.core.markdown import render_markdown


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<svg onload="alert(1)"><circle r="5"/></svg>',
        '<a href="javascript:alert(1)">x</a>',
        "[x](JaVaScRiPt:alert(1))",
        '<iframe src="https://evil.example"></iframe>',
    ],
)
def test_user_markdown_is_inert(payload):
    """Whatever survives is text or harmless elements: no scripts, handlers or script URLs."""
    elements = Elements()
    elements.feed(render_markdown(payload))
    for tag, attrs in elements.found:
        assert tag not in {"script", "svg", "iframe", "img", "object", "embed", "style"}
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def test_markdown_keeps_plain_formatting():
    html = render_markdown("**bold** and [a link](https://example.org)\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
