from __future__ import annotations

from django import forms

from placecraft.core.forms import GovukForm


class Narrowed(GovukForm):
    colour = forms.ChoiceField(choices=[("red", "Red"), ("blue", "Blue")], help_text="Pick one")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Narrowed after construction, as views do with what a user may choose.
        self.fields["colour"].choices = [("red", "Red")]  # type: ignore[attr-defined]


def test_choices_narrowed_in_init_are_enforced():
    assert not Narrowed({"colour": "blue"}).is_valid()
    assert Narrowed({"colour": "red"}).is_valid()


def test_fields_are_styled_and_errors_marked_after_validation():
    form = Narrowed({"colour": "blue"})
    form.is_valid()
    html = str(form)
    assert "govuk-select--error" in html
    assert 'aria-describedby="id_colour-hint id_colour-error"' in html
    clean = str(Narrowed())
    assert "govuk-select" in clean and "--error" not in clean
