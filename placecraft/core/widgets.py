"""Widgets for long lists: a place's hundreds of organisations, people or commitments.

The form renderer (``core/renderers.py``) already writes options without a template each. These
widgets go further for lists that run to hundreds: a model field's choices are read as plain
rows (``label_from`` names the columns, the first that is not empty gives the label) instead of
one model instance per option, and the choices' query runs once per render.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _rows(choices: Any, label_from: tuple[str, ...]) -> Iterator[tuple[Any, Any]]:
    """(value, label) pairs: a model field's as plain rows, with its empty label first when it
    has one; any other choices (option groups included) as they are."""
    queryset = getattr(choices, "queryset", None)
    if queryset is None:
        yield from choices
        return
    empty = getattr(getattr(choices, "field", None), "empty_label", None)
    if empty is not None:
        yield "", empty
    for row in queryset.values_list("pk", *label_from):
        yield row[0], next((v for v in row[1:] if v), "")


def _escape(text: Any) -> str:
    """As ``conditional_escape``, without its wrapping of every result in a SafeString: this
    runs for each of hundreds of options."""
    return str(text.__html__()) if hasattr(text, "__html__") else html.escape(str(text))


def _option(value: Any, label: Any, chosen: set[str]) -> str:
    text = "" if value is None else str(value)
    mark = " selected" if text in chosen else ""
    return f'<option value="{_escape(text)}"{mark}>{_escape(label)}</option>'


class LongSelect(forms.Select):
    """A GOV.UK select (``components/field.html`` lays it out like any other)."""

    def __init__(self, *args: Any, label_from: tuple[str, ...] = ("name",), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.label_from = label_from

    def use_required_attribute(self, initial: Any) -> bool:
        # Django decides by reading the first option, which runs a model field's query a
        # second time. Our forms are ``novalidate`` and name what is missing in their own
        # error summary, so the attribute is not wanted anyway.
        return False

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        final = flatatt(self.build_attrs(self.attrs, attrs))
        parts: list[str] = [format_html('<select name="{}"{}>', name, final)]
        for option_value, label in _rows(self.choices, self.label_from):
            if isinstance(label, list | tuple):
                parts.append(f'<optgroup label="{conditional_escape(option_value)}">')
                parts.extend(_option(v, group_label, chosen) for v, group_label in label)
                parts.append("</optgroup>")
            else:
                parts.append(_option(option_value, label, chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value and label above is escaped


class LongCheckboxes(forms.CheckboxSelectMultiple):
    """GOV.UK checkboxes; ``components/field.html`` puts them in the usual fieldset with its
    legend, hint and errors (it renders the widget whole, seeing ``long_list``)."""

    long_list = True

    def __init__(self, *args: Any, label_from: tuple[str, ...] = ("name",), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.label_from = label_from

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        css = conditional_escape(attrs.get("class", "govuk-checkboxes__input"))
        base = conditional_escape(attrs.get("id", f"id_{name}"))
        chosen = {str(v) for v in self.format_value(value)}
        name = conditional_escape(name)
        items = []
        for index, (option_value, label) in enumerate(_rows(self.choices, self.label_from)):
            text = str(option_value)
            ident = f"{base}_{index}"
            checked = " checked" if text in chosen else ""
            items.append(
                f'<div class="govuk-checkboxes__item"><input class="{css}" id="{ident}"'
                f' type="checkbox" name="{name}" value="{_escape(text)}"{checked}>'
                f'<label class="govuk-label govuk-checkboxes__label" for="{ident}">'
                f"{_escape(label)}</label></div>"
            )
        return mark_safe("".join(items))  # every value and label above is escaped
