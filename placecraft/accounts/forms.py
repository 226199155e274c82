from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from placecraft.accounts import erasure
from placecraft.accounts.models import ApiToken
from placecraft.core.forms import GovukForm
from placecraft.places.models import Organisation


class EraseForm(GovukForm):
    email = forms.EmailField(
        label="Type your email address to confirm",
        error_messages={"required": "Type your email address to confirm"},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.lower():
            raise forms.ValidationError("This is not the email address of your account")
        return email

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        problem = erasure.refusal(self.user)
        if problem:
            raise forms.ValidationError(problem)
        return cleaned


# A postcode anywhere in the text, however it is spaced or cased.
POSTCODE_IN_TEXT = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)


class DisplayNameForm(GovukForm):
    display_name = forms.CharField(
        label=_("The name shown next to what you post"),
        max_length=60,
        required=False,
        help_text=_(
            "Anyone can see it next to your ideas, comments and feedback. Leave it empty to "
            "show your first name and the area you give."
        ),
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data.get("display_name", "").split())
        if POSTCODE_IN_TEXT.search(name):
            raise forms.ValidationError(
                _("Leave your postcode out of your display name: it is kept private")
            )
        if "@" in name:
            raise forms.ValidationError(
                _("Leave your email address out of your display name: it is kept private")
            )
        return name


class TokenForm(GovukForm):
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What the token is for, so you recognise it later.",
        error_messages={"required": "Enter a name for the token"},
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ, widget=forms.RadioSelect
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="All my organisations",
        help_text="A token limited to one organisation cannot see or change anything else.",
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        choices=[(30, "30 days"), (90, "90 days"), (365, "1 year")],
        initial=90,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
