"""Forms that render as GOV.UK Frontend components, with an error summary."""

from __future__ import annotations

from typing import Any

from django import forms

_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
}


class GovukForm(forms.Form):
    template_name = "components/form_fields.html"
    # Set to a class such as "govuk-input--width-10" per field through ``widths``.
    widths: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class GovukModelForm(forms.ModelForm):  # type: ignore[type-arg]
    template_name = "components/form_fields.html"
    widths: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


def style_fields(form: forms.BaseForm) -> None:
    widths: dict[str, str] = getattr(form, "widths", {})
    auto_id = form.auto_id if isinstance(form.auto_id, str) else "%s"
    for name, field in form.fields.items():
        widget = field.widget
        css = next(
            (c for kind, c in _WIDGET_CLASSES.items() if isinstance(widget, kind)), "govuk-input"
        )
        if name in widths:
            css += f" {widths[name]}"
        if form.is_bound and name in form.errors:
            css += f" {css.split()[0]}--error"
        described = []
        if field.help_text:
            described.append(f"{auto_id % name}-hint")
        if form.is_bound and name in form.errors:
            described.append(f"{auto_id % name}-error")
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
        if described and not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            widget.attrs["aria-describedby"] = " ".join(described)
