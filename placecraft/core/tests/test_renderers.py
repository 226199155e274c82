"""The form renderer writes selects and choice inputs exactly as Django's templates do."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from placecraft.core.renderers import FormRenderer

TRICKY = "<script>alert(\"x\")</script> & 'quotes'"

CHOICES = [
    ("", "None"),
    ("1", TRICKY),
    ("2", mark_safe("<b>bold</b> already safe")),
    ("Group & co", [("3", "Three"), ("4", "Four")]),
]


class Sample(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    radio = forms.ChoiceField(choices=CHOICES[:3], widget=forms.RadioSelect, required=False)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES[:3], widget=forms.CheckboxSelectMultiple, required=False
    )
    flag = forms.NullBooleanField(required=False)


def both(data: dict[str, object] | None) -> tuple[Sample, Sample]:
    ours, django = Sample(data, renderer=FormRenderer()), Sample(data, renderer=TemplatesSetting())
    for form in (ours, django):
        form.fields["one"].widget.attrs.update({"class": "govuk-select", "disabled": True})
    return ours, django


@pytest.mark.parametrize(
    "data", [None, {"one": "3", "many": ["1", "4"], "radio": "2", "boxes": ["", "1"]}]
)
def test_every_select_and_choice_is_the_same_markup_as_djangos(data):
    ours, django = both(data)
    for name in ("one", "many", "flag"):
        assert str(ours[name]) == str(django[name])
    for name in ("radio", "boxes"):
        assert [o.tag() for o in ours[name]] == [o.tag() for o in django[name]]
        assert [o.tag(wrap_label=True) for o in ours[name]] == [
            o.tag(wrap_label=True) for o in django[name]
        ]
        # The whole group (its container is still a template) is the same too.
        assert str(ours[name]) == str(django[name])


def test_labels_and_values_are_escaped_unless_already_safe():
    ours, _ = both({"one": "1"})
    html = str(ours["one"])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;" in html
    assert "<b>bold</b> already safe" in html
    assert '<option value="1" selected>' in html
    assert '<optgroup label="Group &amp; co">' in html


class Inputs(forms.Form):
    text = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "govuk-input"}))
    number = forms.IntegerField(required=False)
    decimal = forms.DecimalField(required=False)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    stamp = forms.DateTimeField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    agree = forms.BooleanField(required=False)
    upload = forms.FileField(required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {
            "text": TRICKY,
            "number": "12",
            "decimal": "not a number",
            "email": "a@example.org",
            "url": 'https://example.org/?a=1&b="2"',
            "when": "2026-03-04",
            "stamp": "2026-03-04 10:30",
            "secret": TRICKY,
            "hidden": "0",
            "agree": "on",
            "notes": TRICKY + "\nsecond line",
        },
    ],
)
def test_every_input_and_textarea_is_the_same_markup_as_djangos(data):
    initial = {"text": mark_safe("<i>safe</i>"), "number": 0, "notes": ""}
    ours = Inputs(data, initial=initial, renderer=FormRenderer())
    django = Inputs(data, initial=initial, renderer=TemplatesSetting())
    for name in Inputs.base_fields:
        assert str(ours[name]) == str(django[name]), name
    assert "<script>" not in str(ours["text"]) + str(ours["notes"])
