"""The form renderer: Django's templates, except for widgets, which are written in Python.

Django renders every ``<option>`` of a select, every radio or checkbox input and every text
box through a template of its own. A form offering a place's hundreds of organisations or
people then spends tens of milliseconds in the template engine, and even a plain form of a
dozen fields spends more on its inputs than on its queries. This renderer writes exactly the
markup of Django's own templates for those widget templates (``select.html`` with its options,
each choice input, ``input.html`` as each input type includes it, and ``textarea.html``) with
string joins; everything else (the fields' GOV.UK wrappers, groups of choices) goes to the
templates as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

_SELECT_OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> str:
    """As ``django/forms/widgets/attrs.html``: True gives the bare name, False leaves it out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _option(option: dict[str, Any]) -> str:
    value = conditional_escape(str(option["value"]))
    label = conditional_escape(option["label"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{label}</option>'


def _select(context: dict[str, Any]) -> str | None:
    widget = context["widget"]
    groups: list[tuple[Any, list[dict[str, Any]], int]] = widget["optgroups"]
    if any(o["template_name"] != _SELECT_OPTION for _, options, _ in groups for o in options):
        return None  # a widget with an option template of its own
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in groups:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        # Django's option template ends with a newline of its own.
        parts.extend(f"\n  {_option(option)}\n" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _choice_input(context: dict[str, Any]) -> str:
    """One radio or checkbox, as ``input_option.html`` (with its label when wrapped)."""
    widget = context["widget"]
    value = (
        "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    )
    tag = (
        f'<input type="{widget["type"]}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )
    if not widget.get("wrap_label"):
        return tag
    target = widget["attrs"].get("id")
    label_for = f' for="{conditional_escape(target)}"' if target else ""
    return f"<label{label_for}>{tag}\n {conditional_escape(widget['label'])}</label>"


def _input(context: dict[str, Any]) -> str:
    """A text, number, date, email… input or a single checkbox: ``input.html``, which each of
    their templates includes (the renderer strips the newlines around it)."""
    widget = context["widget"]
    value = (
        "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    )
    return (
        f'<input type="{widget["type"]}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _textarea(context: dict[str, Any]) -> str:
    widget = context["widget"]
    text = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{text}</textarea>"
    )


# The widget templates that are nothing but an include of input.html.
_INPUTS = "text checkbox color date datetime email file hidden number password search tel time url"
_WRITTEN: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/radio_option.html": _choice_input,
    "django/forms/widgets/checkbox_option.html": _choice_input,
    "django/forms/widgets/textarea.html": _textarea,
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS.split()},
}


class FormRenderer(TemplatesSetting):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = _WRITTEN.get(template_name)
        written = write(context) if write else None
        if written is None:
            return super().render(template_name, context, request)
        return mark_safe(written)  # every value, label and attribute above is escaped
