"""A select for long lists of choices: a place's organisations, a mission's commitments.

The project's form renderer (``placecraft.core.renderers``) already writes options without a
template each; this widget goes further for lists of hundreds: it writes the select straight
from its choices, without building Django's dictionary of attributes for every option, and it
does not run a model choice field's query a second time to decide on the ``required``
attribute. GOV.UK classes and described-by attributes come from ``style_fields`` as for any
select; option groups are supported.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as escape_html
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _option(value: Any, label: Any, selected: set[str]) -> str:
    text = "" if value is None else str(value)
    mark = " selected" if text in selected else ""
    return f'<option value="{_escape(text)}"{mark}>{_escape(label)}</option>'


def _escape(text: Any) -> str:
    # The standard library's escape, without Django's safe-string checks on every option.
    return text.__html__() if hasattr(text, "__html__") else escape_html(str(text))


class PlainSelect(forms.Select):
    def use_required_attribute(self, initial: Any) -> bool:
        # Django decides by looking at the first option, which for a model's choices runs
        # their query a second time. Our forms are ``novalidate`` and say what is missing in
        # their own error messages, so the attribute is not wanted anyway.
        return False

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        parts: list[str] = [format_html('<select name="{}"{}>', name, flatatt(final))]
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                group: Iterable[tuple[Any, Any]] = option_label
                parts.append(f'<optgroup label="{conditional_escape(option_value)}">')
                parts.extend(_option(v, label, selected) for v, label in group)
                parts.append("</optgroup>")
            else:
                parts.append(_option(option_value, option_label, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value and label above is escaped
