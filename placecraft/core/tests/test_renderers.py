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
