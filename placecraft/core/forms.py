"""Forms that render as GOV.UK Frontend components, with an error summary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
    """Fields are styled when rendered and marked as in error after validation, so a subclass
    can narrow its choices in ``__init__`` before anything is validated."""

    template_name = "components/form_fields.html"
    # Set to a class such as "govuk-input--width-10" per field through ``widths``.
    widths: dict[str, str] = {}

    def full_clean(self) -> None:
        super().full_clean()
        style_fields(self)

    def render(self, *args: Any, **kwargs: Any) -> Any:
        style_fields(self)
        return super().render(*args, **kwargs)


class GovukModelForm(forms.ModelForm):  # type: ignore[type-arg]
    template_name = "components/form_fields.html"
    widths: dict[str, str] = {}

    def full_clean(self) -> None:
        super().full_clean()
        style_fields(self)

    def render(self, *args: Any, **kwargs: Any) -> Any:
        style_fields(self)
        return super().render(*args, **kwargs)


def style_fields(form: forms.BaseForm) -> None:
    """GOV.UK classes and hint/error descriptions on every widget. Reads errors only when the
    form has already been validated, never triggering validation itself."""
    widths: dict[str, str] = getattr(form, "widths", {})
    auto_id = form.auto_id if isinstance(form.auto_id, str) else "%s"
    errors = (getattr(form, "_errors", None) or {}) if form.is_bound else {}
    for name, field in form.fields.items():
        widget = field.widget
        css = next(
            (c for kind, c in _WIDGET_CLASSES.items() if isinstance(widget, kind)), "govuk-input"
        )
        if name in widths:
            css += f" {widths[name]}"
        described = []
        if field.help_text:
            described.append(f"{auto_id % name}-hint")
        if name in errors:
            css += f" {css.split()[0]}--error"
            described.append(f"{auto_id % name}-error")
        widget.attrs["class"] = css
        if described and not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            widget.attrs["aria-describedby"] = " ".join(described)
        else:
            widget.attrs.pop("aria-describedby", None)


class WrittenDateField(forms.DateField):
    """A date in one box, typed as people write dates: 7 Dec 2026, 7 December 2026,
    07/12/2026 or 2026-12-07 (month names in either case)."""

    input_formats = ["%d %b %Y", "%d %B %Y", "%d/%m/%Y", "%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("Enter a real date, for example 7 December 2026."),
    }

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = " ".join(value.split()).title()
        return super().to_python(value)
