from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from placecraft.core.forms import GovukForm, GovukModelForm
from placecraft.places.models import Organisation, Place, PrivacyNotice, Role


def named_organisations(
    organisations: QuerySet[Organisation], names: list[str]
) -> list[Organisation]:
    """The organisations among ``organisations`` called ``names`` (each by its name or its
    identifier in the partner registry, in any case), in the order named, in one query; a
    clear error names the ones not found or not told apart. A place has hundreds of
    organisations (thousands in a large authority): too many to choose from a list."""
    match = Q()
    for name in names:
        match |= Q(name__iexact=name) | Q(slug__iexact=name)
    called: dict[str, dict[int, Organisation]] = {}
    # Only what the check reads (a caller's choices may have left the identifier unread).
    for organisation in organisations.filter(match).only("pk", "name", "slug"):
        for key in {organisation.name.casefold(), organisation.slug.casefold()}:
            called.setdefault(key, {})[organisation.pk] = organisation
    missing = [name for name in names if name.casefold() not in called]
    if missing:
        raise forms.ValidationError(
            "No organisation in this place is called "
            + ", ".join(f"“{name}”" for name in missing)
            + ": use the name shown in the partner registry"
        )
    unclear = [name for name in names if len(called[name.casefold()]) > 1]
    if unclear:
        raise forms.ValidationError(
            "More than one organisation is called "
            + ", ".join(f"“{name}”" for name in unclear)
            + ": enter the one you mean by its identifier in the partner registry"
        )
    found = [next(iter(called[name.casefold()].values())) for name in names]
    return list({organisation.pk: organisation for organisation in found}.values())


class OrganisationNameField(forms.CharField):
    """One of ``organisations``, named in a box (see ``named_organisations``)."""

    def __init__(
        self, *, organisations: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.organisations = (
            organisations if organisations is not None else Organisation.objects.none()
        )

    def clean(self, value: Any) -> Organisation | None:
        name = (super().clean(value) or "").strip()
        return named_organisations(self.organisations, [name])[0] if name else None


class OrganisationNamesField(forms.CharField):
    """Some of ``organisations``, named one a line in a box (see ``named_organisations``), at
    most ``max_names``."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(
        self,
        *,
        organisations: QuerySet[Organisation] | None = None,
        max_names: int = 50,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.max_names = max_names
        self.organisations = (
            organisations if organisations is not None else Organisation.objects.none()
        )

    def clean(self, value: Any) -> list[Organisation]:
        lines = (line.strip() for line in (super().clean(value) or "").splitlines())
        names = list(dict.fromkeys(line for line in lines if line))
        if not names:
            return []
        if len(names) > self.max_names:
            raise forms.ValidationError(f"Name at most {self.max_names} organisations")
        return named_organisations(self.organisations, names)


class OrganisationForm(GovukModelForm):
    widths = {"gss_code": "govuk-input--width-10"}

    class Meta:
        model = Organisation
        fields = ["name", "kind", "gss_code", "description", "website"]
        labels = {"kind": "Kind of organisation", "description": "What the organisation does"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        self.place = place
        super().__init__(*args, **kwargs)
        self.instance.place = place

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        clash = Organisation.objects.filter(place=self.place, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"{self.place} already has an organisation called {name}.")
        return name

    def clean_gss_code(self) -> str:
        code: str = self.cleaned_data.get("gss_code", "")
        return code.strip().upper()

    def cleaned_values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if not self.instance.pk:
            data["slug"] = unique_slug(self.place, data["name"])
        return data


def unique_slug(place: Place, name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(place=place, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class InviteForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        initial=Role.CONTRIBUTOR,
        widget=forms.RadioSelect,
        help_text="Viewers read; contributors add and edit content; leads run missions; "
        "admins also manage members.",
    )
    widths = {"email": "govuk-!-width-two-thirds"}


class RoleForm(GovukForm):
    role = forms.ChoiceField(choices=Role.choices, label="Role")


class PlaceForm(GovukModelForm):
    gss_codes = forms.CharField(
        label="GSS codes",
        required=False,
        help_text="The ONS codes of the areas the place covers, separated by commas.",
    )
    widths = {"brand_colour": "govuk-input--width-10"}

    class Meta:
        model = Place
        fields = ["name", "gss_codes", "brand_colour", "logo", "logo_alt"]
        labels = {"brand_colour": "Brand colour", "logo_alt": "Logo description"}
        help_texts = {
            "brand_colour": "Used for the header, with white text. Like #1d70b8.",
            "logo_alt": "Needed when there is a logo.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["gss_codes"] = ", ".join(self.instance.gss_codes or [])

    def clean_gss_codes(self) -> list[str]:
        text: str = self.cleaned_data.get("gss_codes") or ""
        return [code.strip().upper() for code in text.split(",") if code.strip()]

    def cleaned_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PrivacyNoticeForm(GovukModelForm):
    """The notice as the place admin completes it; each section starts from our wording."""

    class Meta:
        model = PrivacyNotice
        fields = [
            "controller_name",
            "controller_contact",
            "dpo_contact",
            "accounts",
            "ideas",
            "ballots",
            "panel_pools",
            "surveys",
            "partner_data",
            "rights",
        ]
        labels = {
            "accounts": _("Accounts: what, why and the lawful basis"),
            "ideas": _("Ideas, comments and feedback: what, why and the lawful basis"),
            "ballots": _("Ballots: what, why and the lawful basis"),
            "panel_pools": _("Citizens' panel pools: what, why and the lawful basis"),
            "surveys": _("Surveys: what, why and the lawful basis"),
            "partner_data": _("Partner data: what, why and the lawful basis"),
            "rights": _("People's rights and how to use them"),
        }
        help_texts = {
            name: _("You can use Markdown. Leave it as it is to keep our starting wording.")
            for name in ("accounts", "ideas", "ballots", "panel_pools", "surveys", "partner_data")
        } | {"rights": _("You can use Markdown.")}
        widgets = {
            "controller_contact": forms.Textarea(attrs={"rows": 3}),
            "dpo_contact": forms.Textarea(attrs={"rows": 2}),
            **{
                name: forms.Textarea(attrs={"rows": 7})
                for name in (
                    "accounts",
                    "ideas",
                    "ballots",
                    "panel_pools",
                    "surveys",
                    "partner_data",
                    "rights",
                )
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from placecraft.places import privacy

        super().__init__(*args, **kwargs)
        # An empty section is shown with the wording the public page shows for it.
        for name, text in privacy.defaults().items():
            if not getattr(self.instance, name):
                self.initial[name] = text
