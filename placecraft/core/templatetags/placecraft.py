"""Template helpers available in every template (registered as builtins in settings)."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString, mark_safe

from placecraft.core.forms import style_fields
from placecraft.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Markdown from users, sanitised by nh3 before it is marked safe."""
    return mark_safe(render_markdown(text))


@register.filter
def govuk_styled(form: forms.BaseForm) -> forms.BaseForm:
    """Give a third-party form (django-allauth's) the GOV.UK classes our own forms have."""
    style_fields(form)
    return form
