from __future__ import annotations

from django import forms

from placecraft.core.forms import GovukForm
from placecraft.notifications.models import Frequency


class PreferenceForm(GovukForm):
    frequency = forms.ChoiceField(
        label="Email me about notifications",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
    )
