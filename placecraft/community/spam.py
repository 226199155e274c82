"""Spam defences for public forms, with no third-party service: a honeypot field, a signed
timing token (too fast means a script, too old means a replayed form), and rate limits per
address and per account counted in the shared cache (``core.ratelimit``).

Citizens' panel registration uses these too.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.http import HttpRequest

from placecraft.core.ratelimit import allow, client_address

SALT = "placecraft.community.form-timing"
# A person cannot read a form and type an idea in under this; scripts post at once.
MIN_SECONDS = 3
# Long enough to write a careful idea; older tokens are replays of a scraped form.
MAX_SECONDS = 2 * 60 * 60
HONEYPOT = "website"
TOKEN = "form_token"


def make_token(*, age: float = 0) -> str:
    """A token stamped now (or ``age`` seconds ago, for tests)."""
    return signing.dumps({"t": time.time() - age}, salt=SALT)


class HoneypotInput(forms.TextInput):
    """Rendered among the hidden fields, out of sight and out of the tab order; people never
    fill it in, form-filling scripts usually do."""

    template_name = "community/_honeypot.html"

    @property
    def is_hidden(self) -> bool:
        return True


class SpamProtectedForm(forms.Form):
    """Mix in before a GovukForm: ``class F(SpamProtectedForm, GovukForm)``."""

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=HoneypotInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[TOKEN].initial = make_token()

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError("Your answer could not be accepted. Please try again.")
        raw = cleaned.get(TOKEN) or ""
        try:
            stamp = signing.loads(raw, salt=SALT, max_age=MAX_SECONDS)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "This form was opened too long ago. Check your answers and send it again."
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                "This form could not be checked. Reload the page and try again."
            ) from None
        elapsed = time.time() - float(stamp.get("t", 0))
        if elapsed > MAX_SECONDS:
            raise forms.ValidationError(
                "This form was opened too long ago. Check your answers and send it again."
            )
        if elapsed < MIN_SECONDS:
            raise forms.ValidationError(
                "That was sent very quickly. Check your answers and send it again."
            )
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and getattr(self, "_errors", None):
            # A fresh token, so that the person correcting their answers is not refused as stale.
            data = self.data.copy()  # type: ignore[attr-defined]
            data[self.add_prefix(TOKEN)] = make_token()
            self.data = data


def within_rate_limits(
    request: HttpRequest, scope: str, *, per_address: int, per_account: int, per: int
) -> bool:
    """True while both the sender's address and (when signed in) their account are under the
    limits for ``scope`` in the window of ``per`` seconds."""
    if not allow(f"{scope}:ip", key=client_address(request), limit=per_address, per=per):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return allow(f"{scope}:user", key=str(user.pk), limit=per_account, per=per)
    return True
