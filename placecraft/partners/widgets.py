"""A select that writes its options directly.

Django renders every option of a ``Select`` through a template of its own. That is fine for a
dozen statuses, but a place's organisations or a mission's commitments run to hundreds, and the
templates then cost tens of milliseconds a page. This widget writes the same markup (GOV.UK
classes and described-by attributes come from ``style_fields`` as for any select) with plain
string joins, and supports option groups.
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


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes whose inputs are written directly rather than through Django's option
    template, one render each. It keeps Django's class name, so templates that look at
    ``field.widget_type`` still lay it out as a GOV.UK checkbox group."""

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> Any:
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)  # type: ignore[misc]
        option = context["widget"]
        value = "" if option["value"] is None else str(option["value"])
        return mark_safe(  # the name, value and attributes are escaped
            f'<input type="{option["type"]}" name="{_escape(option["name"])}" '
            f'value="{_escape(value)}"{flatatt(option["attrs"])}>'
        )
